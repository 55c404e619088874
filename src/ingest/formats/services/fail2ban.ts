import type { EventFields } from '../../../schema/event.ts';
import { ip } from '../../values.ts';
import { labelsOf } from '../syslog/util.ts';
import type { ServiceDecoder } from './login.ts';

/**
 * fail2ban's log (/var/log/fail2ban.log, or syslog and journald under `fail2ban-server`): `fail2ban.actions [7931]:
 * NOTICE  [sshd] Ban 192.0.2.1`. A jail's filter finding a failure (`Found <ip>`), a ban (also restored at start-up,
 * or repeated: `already banned`) and an unban each become an event with the jail as the rule and the address as
 * the source. A ban is a source another tool already judged hostile.
 */

const MESSAGE = /^(?:(fail2ban\.[\w.]{1,64})\s{0,32}\[(\d{1,10})\]:\s{1,8})?(?:([A-Z]{4,8})\s{1,8})?(?:\[([^\]]{1,128})\] )?(.*)$/s;
const FOUND = /^Found (\S{2,64})(?: - (\S{10,32} \S{8,20}))?/;
const BAN = /^(Restore )?(Ban|Unban) (\S{2,64})$/;
const ALREADY = /^(\S{2,64}) already banned$/;

function event(action: string, type: string, jail: string | undefined, address: string | undefined, extra: Pick<EventFields, 'labels' | 'process'>): EventFields | undefined {
  const source = ip(address);
  if (source === undefined) return undefined;
  return { ...extra, event: { category: ['intrusion_detection'], type: [type], action }, source: { ip: source }, rule: jail === undefined ? undefined : { name: jail } };
}

export function decodeFail2ban(message: string): EventFields | undefined {
  const m = MESSAGE.exec(message);
  if (m === null) return undefined;
  const [, logger, pid, level, jail, text = ''] = m;
  const labels = { 'fail2ban.logger': logger, 'fail2ban.level': level };
  const process = pid === undefined ? undefined : { pid: Number(pid) };
  const base = logger === undefined && level === undefined ? undefined : { labels: labelsOf({ ...labels, 'fail2ban.jail': jail }), process };
  return jailEvent(text, jail, labels, process) ?? base;
}

/** What a jail's line says of an address: a failure found, a ban, an unban; undefined for anything else. */
function jailEvent(text: string, jail: string | undefined, labels: Record<string, string | undefined>, process: EventFields['process']): EventFields | undefined {
  const found = FOUND.exec(text);
  if (found !== null) return event('fail2ban-match', 'info', jail, found[1], { labels: labelsOf({ ...labels, 'fail2ban.matched_time': found[2] }), process });
  const ban = BAN.exec(text);
  if (ban !== null) {
    const banned = ban[2] === 'Ban';
    return event(banned ? 'ip-banned' : 'ip-unbanned', banned ? 'denied' : 'allowed', jail, ban[3], { labels: labelsOf({ ...labels, 'fail2ban.restored': ban[1] === undefined ? undefined : 'true' }), process });
  }
  const already = ALREADY.exec(text);
  return already === null ? undefined : event('ip-already-banned', 'denied', jail, already[1], { labels: labelsOf(labels), process });
}

export const fail2banDecoder: ServiceDecoder = {
  service: 'fail2ban',
  programs: ['fail2ban-server', 'fail2ban', 'fail2ban.actions', 'fail2ban.filter'],
  decode: decodeFail2ban,
};
