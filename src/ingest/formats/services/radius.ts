import type { EventFields } from '../../../schema/event.ts';
import { ip } from '../../values.ts';
import { callingStation, login, type ServiceDecoder } from './login.ts';

/**
 * FreeRADIUS's authentication log (`auth = yes`): `Auth: (5) Login OK: [bob] (from client vpn-gw port 0 cli
 * 203.0.113.5)`, `Login incorrect (mschap: MS-CHAP2-Response is incorrect): [alice/<via Auth-Type = eap>] (from client
 * ap01 port 0 cli aa-bb-cc-dd-ee-ff via TLS tunnel)`, `Invalid user: [dave] …`. The RADIUS client (NAS: a VPN gateway,
 * a Wi-Fi controller) and its port are labels; the calling station is the user's address (a VPN client's IP, a Wi-Fi
 * device's MAC). With `auth_badpass`/`auth_goodpass` the password follows the user after a `/`: the user is the part
 * before it, and the password is in no field of its own (only the line's text, message and original, holds it). A
 * request from an address that is no RADIUS client is a refused connection (`radius-unknown-client`, failure).
 */

const AUTH =
  /^(?:Auth: )?(?:\(\d{1,20}\) )?(Login OK|Login incorrect|Invalid user)(?: \((.{0,512}?)\))?: \[(.{0,1024}?)\] \(from client (\S{1,128}) port (\d{1,10})(?: cli (\S{1,128}))?( via TLS tunnel)?\)$/s;
const UNKNOWN_CLIENT = /^(?:\(\d{1,20}\) )?Ignoring request to (?:auth|acct|coa)? ?address (\S{1,64}) port (\d{1,5}) bound to server (\S{1,128}) from unknown client (\S{1,64}) port (\d{1,5}) proto (\w{1,10})$/;
/** A request from an address that is no configured RADIUS client: a probe, or a NAS set up wrong. */
function unknownClient(m: RegExpExecArray): EventFields {
  const [, address, serverPort, server, from, fromPort, proto] = m;
  return {
    event: { category: ['network'], type: ['connection'], action: 'radius-unknown-client', outcome: 'failure' },
    source: { ip: ip(from), port: Number(fromPort) },
    destination: { ip: ip(address), port: Number(serverPort) },
    network: { protocol: 'radius', transport: proto?.toLowerCase() },
    labels: { 'radius.server': server! },
  };
}

function decode(message: string): EventFields | undefined {
  const m = AUTH.exec(message);
  if (m === null) {
    const unknown = UNKNOWN_CLIENT.exec(message);
    return unknown === null ? undefined : unknownClient(unknown);
  }
  const [, verdict, reason, who = '', nas, nasPort, cli, tunnel] = m;
  const slash = who.indexOf('/');
  const user = slash < 0 ? who : who.slice(0, slash);
  const fields = login({
    outcome: verdict === 'Login OK' ? 'success' : 'failure',
    user,
    reason: reason ?? (verdict === 'Invalid user' ? 'invalid user' : undefined),
    unknownUser: verdict === 'Invalid user',
    labels: { 'radius.nas': nas, 'radius.nas_port': nasPort, 'radius.calling_station': cli, 'radius.tunnel': tunnel === undefined ? undefined : 'tls' },
  });
  fields.source = callingStation(cli);
  fields.network = { protocol: 'radius' };
  return fields;
}

export const freeradiusDecoder: ServiceDecoder = {
  service: 'freeradius',
  programs: ['radiusd', 'freeradius'],
  decode,
};
