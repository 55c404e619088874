import type { EventFields } from '../../../schema/event.ts';
import { ip, port } from '../../values.ts';
import { firewallEvent, type Verdict } from '../firewall-verdict.ts';
import type { Decoded } from './types.ts';
import { labelsOf } from './util.ts';

/**
 * Cisco ASA (and FTD) messages: `%ASA-4-106023: Deny tcp src outside:203.0.113.5/51515 dst inside:10.0.0.5/22 by
 * access-group "OUTSIDE_IN" …`, behind a syslog header, as its tag (`fw01 %ASA-4-106023: …`) or after `: `. The
 * message id is the event code; denied and permitted traffic (106xxx), connections built and torn down
 * (302013–302016), logins to the device (605004/605005), AAA authentications (113004/113005/113015) and commands
 * run (111008/111010) get their fields.
 */

const MESSAGE = /^:?\s*%(ASA|FTD)-([0-7])-(\d{6}): (.*)$/s;
const TAG = /^%(asa|ftd)-([0-7])-(\d{6})$/i;
/** `interface:address/port` (302xxx, 106023) or `interface/address(port)` (106100). */
const ENDPOINT = String.raw`(?:([\w.-]+)[:/])?([0-9A-Fa-f.:]+)(?:[/(](\d{1,5})\)?)?`;
const DENY_106023 = new RegExp(String.raw`^Deny (\w+) src ${ENDPOINT} dst ${ENDPOINT}(?: \(type \d+, code \d+\))? by access-group "([^"]*)"`);
const ACL_106100 = new RegExp(String.raw`^access-list (\S+) (permitted|denied) (\w+) ${ENDPOINT} -> ${ENDPOINT} `);
const DENIED_INBOUND = /^(?:Inbound (\w+) connection denied from|Deny inbound (\w+) from) ([0-9A-Fa-f.:]+)\/(\d{1,5}) to ([0-9A-Fa-f.:]+)\/(\d{1,5}).*? on interface (\S+)/;
const BUILT = new RegExp(String.raw`^(Built|Teardown) (?:(inbound|outbound) )?(TCP|UDP|ICMP) connection \d+ for ${ENDPOINT}(?: \(\S+\))? to ${ENDPOINT}(?: \(\S+\))?(?:.*? bytes (\d+))?`);
const LOGIN = /^Login (denied|permitted) from ([0-9A-Fa-f.:]+)\/(\d+) to (\S+?):([0-9A-Fa-f.:]+)\/(\S+) for user "([^"]*)"/;
const AAA = /^AAA user authentication (Successful|Rejected)\b.*?: user = ([^:]+?)(?: : user IP = ([0-9A-Fa-f.:]+))?\s*$/;
const AAA_FAILED = /^AAA credentials rejected : reason = ([^:]+?) : server = \S+ : user = ([^:]+?) : user IP = ([0-9A-Fa-f.:]+)/;
const COMMAND = /^User '([^']*)'(?:, running '[^']*' from IP ([0-9A-Fa-f.:]+),)? executed (?:the )?'([^']*)'/;

function traffic(verdict: Verdict, transport: string, from: readonly (string | undefined)[], to: readonly (string | undefined)[], rule?: string): EventFields {
  const [fromIf, fromIp, fromPort] = from;
  const [toIf, toIp, toPort] = to;
  return {
    event: firewallEvent(verdict),
    source: { ip: ip(fromIp), port: port(fromPort) },
    destination: { ip: ip(toIp), port: port(toPort) },
    network: { transport: transport.toLowerCase(), interface: { in: fromIf, out: toIf } },
    rule: { name: rule },
  };
}

function login(ok: boolean, user: string | undefined, source: string | undefined, action: string): EventFields {
  return {
    event: { category: ['authentication'], type: ['start'], action: ok ? action : `${action}-failed`, outcome: ok ? 'success' : 'failure' },
    user: { name: user?.trim() || undefined },
    source: { ip: ip(source) },
  };
}

function fieldsOf(id: string, text: string): EventFields {
  let m: RegExpExecArray | null;
  if (id === '106023' && (m = DENY_106023.exec(text)) !== null) return traffic('denied', m[1]!, m.slice(2, 5), m.slice(5, 8), m[8]);
  if (id === '106100' && (m = ACL_106100.exec(text)) !== null) return traffic(m[2] === 'permitted' ? 'allowed' : 'denied', m[3]!, m.slice(4, 7), m.slice(7, 10), m[1]);
  if ((id === '106001' || id === '106006' || id === '106007') && (m = DENIED_INBOUND.exec(text)) !== null) {
    return traffic('denied', m[1] ?? m[2]!, [m[7], m[3], m[4]], [undefined, m[5], m[6]]);
  }
  if (/^30201[3-6]$/.test(id) && (m = BUILT.exec(text)) !== null) {
    const first = m.slice(4, 7);
    const second = m.slice(7, 10);
    // Outbound connections name the outside host first.
    const [from, to] = m[2] === 'outbound' ? [second, first] : [first, second];
    const fields = traffic('allowed', m[3]!, from, to);
    fields.event = { category: ['network'], type: [m[1] === 'Built' ? 'start' : 'end'], action: m[1] === 'Built' ? 'connection-built' : 'connection-teardown' };
    if (m[10] !== undefined) fields.network = { ...fields.network, bytes: Number(m[10]) };
    return fields;
  }
  if ((id === '605004' || id === '605005') && (m = LOGIN.exec(text)) !== null) {
    return { ...login(m[1] === 'permitted', m[7], m[2], 'device-login'), destination: { ip: ip(m[5]) }, labels: { 'asa.login_service': m[6]! } };
  }
  if ((id === '113004' || id === '113005') && (m = AAA.exec(text)) !== null) return login(m[1] === 'Successful', m[2], m[3], 'aaa-login');
  if (id === '113015' && (m = AAA_FAILED.exec(text)) !== null) return { ...login(false, m[2], m[3], 'aaa-login'), event: { category: ['authentication'], type: ['start'], action: 'aaa-login-failed', outcome: 'failure', reason: m[1]!.trim() } };
  if ((id === '111008' || id === '111010') && (m = COMMAND.exec(text)) !== null) {
    return { event: { category: ['process'], type: ['start'], action: 'cli-command' }, user: { name: m[1] }, source: { ip: ip(m[2]) }, process: { command_line: m[3] } };
  }
  return {};
}

/** An ASA message: from the tag (`%ASA-4-106023`) and the message after it, or from a message that starts with one. */
export function parseAsa(program: string | undefined, message: string): Decoded | undefined {
  const tagged = program === undefined ? null : TAG.exec(program);
  const m = tagged === null ? MESSAGE.exec(message) : null;
  const [product, severity, id, text] = tagged !== null ? [tagged[1]!.toUpperCase(), tagged[2]!, tagged[3]!, message] : m === null ? [] : [m[1]!, m[2]!, m[3]!, m[4]!];
  if (product === undefined || severity === undefined || id === undefined || text === undefined) return undefined;
  const fields = fieldsOf(id, text);
  fields.event = { ...fields.event, code: `${product}-${severity}-${id}`, provider: product === 'FTD' ? 'cisco-ftd' : 'cisco-asa' };
  fields.labels = { ...fields.labels, ...labelsOf({ 'cisco.severity': severity, 'cisco.message_id': id }) };
  return { dataset: 'cisco.asa', fields };
}
