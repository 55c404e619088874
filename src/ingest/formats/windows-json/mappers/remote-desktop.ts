import { ipPort } from '../../../values.ts';
import { field, labelsFrom, splitAccount, workstation } from './helpers.ts';
import type { Mapper } from './types.ts';

/**
 * Remote Desktop's own logs, what responders read for RDP lateral movement when the Security log is gone or was
 * not audited: TerminalServices-RemoteConnectionManager 1149 (the user authenticated, from an address),
 * TerminalServices-LocalSessionManager 21–25 (session logon, shell start, logoff, disconnect, reconnect, with the
 * client's address), RdpCoreTS 131 (a client's TCP connection) and 140 (a client's failed password), and
 * Security 4778/4779 (a session reconnected or disconnected, with the client's name and address). Their user and
 * address come from UserData (`Param1`–`Param3`, `User`, `Address`) or EventData, which stay as they are for Sigma.
 */

/** The client's address (and port, RdpCoreTS's `203.0.113.5:51234`); none for `LOCAL` (a console session), `Unknown` or `-`. */
function clientAddress(value: string | undefined): { ip?: string; port?: number } | undefined {
  const address = ipPort(value);
  return address.ip === undefined ? undefined : address;
}

/** LocalSessionManager: `User` as `DOMAIN\name`, the session, and the client's `Address`. */
function sessionMapper(category: readonly string[], type: string, action: string): Mapper {
  return (data) => ({
    event: { category: [...category], type: [type], action, outcome: 'success' },
    user: splitAccount(field(data, 'User')),
    source: clientAddress(field(data, 'Address')),
    labels: labelsFrom(data, { session_id: 'SessionID' }),
  });
}

const SESSION = ['session'];
const AUTH = ['authentication'];
const LOGON = ['authentication', 'session'];

/** RemoteConnectionManager 1149: "User authentication succeeded" (with NLA, before the session starts). */
const authenticated: Mapper = (data) => ({
  event: { category: AUTH, type: ['start'], action: 'rdp-authenticated', outcome: 'success' },
  user: { name: field(data, 'Param1'), domain: field(data, 'Param2') },
  source: clientAddress(field(data, 'Param3')),
});

/** RdpCoreTS 131: "The server accepted a new TCP connection from client 203.0.113.5:51234". */
const connectionAccepted: Mapper = (data) => ({
  event: { category: ['network'], type: ['connection', 'start'], action: 'rdp-connection-accepted', outcome: 'success' },
  source: clientAddress(field(data, 'ClientIP')),
  network: { transport: field(data, 'ConnType')?.toLowerCase() },
});

/** RdpCoreTS 140: "A connection from the client computer with an IP address of … failed because the user name or password is not correct." */
const passwordRejected: Mapper = (data) => ({
  event: { category: AUTH, type: ['start'], action: 'rdp-logon-failed', outcome: 'failure', reason: 'bad user name or password' },
  source: clientAddress(field(data, 'IPString')),
});

/** Security 4778/4779: a session reconnected to or disconnected from a window station, with the client's name and address. */
function windowStation(action: string, type: string): Mapper {
  return (data) => {
    const address = clientAddress(field(data, 'ClientAddress'));
    const client = workstation(field(data, 'ClientName'));
    return {
      event: { category: SESSION, type: [type], action, outcome: 'success' },
      user: { name: field(data, 'AccountName'), domain: field(data, 'AccountDomain') },
      source: client === undefined ? address : { ...address, domain: client },
      winlog: { logon: { id: field(data, 'LogonID') } },
      labels: labelsFrom(data, { session_name: 'SessionName' }),
    };
  };
}

export const RDP_CONNECTION_MAPPERS: ReadonlyArray<[number, Mapper]> = [[1149, authenticated]];
/** LocalSessionManager: 21 logon, 22 shell start, 23 logoff, 24 disconnect, 25 reconnect. */
export const RDP_SESSION_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [21, sessionMapper(LOGON, 'start', 'rdp-session-logon')],
  [22, sessionMapper(SESSION, 'start', 'rdp-shell-started')],
  [23, sessionMapper(SESSION, 'end', 'rdp-session-logoff')],
  [24, sessionMapper(SESSION, 'end', 'rdp-session-disconnected')],
  [25, sessionMapper(LOGON, 'start', 'rdp-session-reconnected')],
];
export const RDP_CORE_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [131, connectionAccepted],
  [140, passwordRejected],
];
export const WINDOW_STATION_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [4778, windowStation('session-reconnected', 'start')],
  [4779, windowStation('session-disconnected', 'end')],
];
