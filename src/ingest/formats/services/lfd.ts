import type { EventFields } from '../../../schema/event.ts';
import { ip } from '../../values.ts';
import { labelsOf } from '../syslog/util.ts';
import type { ServiceDecoder } from './login.ts';

/**
 * ConfigServer's Login Failure Daemon (lfd, with the csf firewall; syslog program `lfd`, /var/log/lfd.log). When it
 * blocks an address it says why, how often and for how long, and names its trigger:
 * `(sshd) Failed SSH login from 203.0.113.9 (CN/China/-): 5 in the last 3600 secs - *Blocked in csf* for 3600 secs
 * [LF_SSHD]`, `*Port Scan* detected from 203.0.113.9 (…). 11 hits in the last 36 seconds - *Blocked in csf* for 3600
 * secs [PS_LIMIT]`, `(CT) IP 203.0.113.9 (…) found to have 300 connections - *Blocked in csf* …`. Each block is
 * `ip-banned` with the trigger as the rule, like a fail2ban ban: a source another tool already judged hostile. The
 * failures behind it are in the service's own log; the block's count is kept as a label, not as attempts.
 */

const BLOCKED = ' - *Blocked in csf*';
/** The address lfd names: after `from`, `IP` or `by`, or leading the message (distributed attacks). */
const ADDRESS = /(?:^|\bfrom |\bIP |\bby )([0-9A-Fa-f:.]{2,45})(?=[\s(:,.]|$)/;
const SERVICE = /^\(([\w -]{1,32})\) /;
const TRIGGER = /\[([A-Z][A-Z0-9_]{1,40})\]\s*$/;
const COUNT = /\b(\d{1,10}) (?:hits )?in the last (\d{1,10}) sec/;
const DURATION = /\*Blocked in csf\* for (\d{1,10}) secs/;

export function decodeLfd(message: string): EventFields | undefined {
  const at = message.indexOf(BLOCKED);
  if (at < 0) return undefined;
  const reason = message.slice(0, at);
  const source = ip(ADDRESS.exec(reason)?.[1]);
  if (source === undefined) return undefined;
  const count = COUNT.exec(reason);
  const duration = DURATION.exec(message)?.[1];
  const trigger = TRIGGER.exec(message)?.[1];
  return {
    event: { category: ['intrusion_detection'], type: ['denied'], action: 'ip-banned', reason },
    source: { ip: source },
    rule: trigger === undefined ? undefined : { name: trigger },
    labels: labelsOf({
      'lfd.service': SERVICE.exec(reason)?.[1],
      'lfd.count': count?.[1],
      'lfd.interval_seconds': count?.[2],
      'lfd.block_seconds': duration,
      'lfd.permanent': duration === undefined ? 'true' : undefined,
    }),
  };
}

export const lfdDecoder: ServiceDecoder = {
  service: 'lfd',
  programs: ['lfd'],
  decode: decodeLfd,
};
