import type { EventFields } from '../../../schema/event.ts';
import { ip, port } from '../../values.ts';

/**
 * The remote peer of a message no decoder understood: `from 1.2.3.4 port 22`, `connection from 1.2.3.4
 * (host.example)`, `FROM 1.2.3.4,`. Many daemons (ftpd, klogind, snmpd, sshd's rarer lines) say who
 * connected this way; an analyst pivots on that address whatever the program.
 */

const FROM = /\bfrom\s+\[?([0-9a-f.:]{3,45})\]?(?:\s*\(([^)\s]{0,253})\))?(?:,?\s+port\s+(\d{1,5}))?/i;
const AUTH_FAILED = /\b(?:authentication failed|authentication failure|login incorrect|failed login|permission denied)\b/i;

export function peerFields(message: string): EventFields | undefined {
  const m = FROM.exec(message);
  const address = m === null ? undefined : ip(m[1]?.replace(/[.,:]+$/, ''));
  if (m === null || address === undefined) return undefined;
  const host = m[2]?.toLowerCase();
  const fields: EventFields = {
    source: { ip: address, port: port(m[3]), domain: host !== undefined && host !== '' && ip(host) === undefined ? host : undefined },
  };
  if (AUTH_FAILED.test(message)) fields.event = { category: ['authentication'], type: ['start'], outcome: 'failure' };
  return fields;
}
