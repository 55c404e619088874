import type { VigilEvent } from '../../../schema/event.ts';
import type { FieldGetter, FieldValue } from '../../types.ts';
import { isAuditdEvent } from '../event-kind.ts';
import { perEvent } from '../read.ts';
import { readAuditRecords, type AuditView } from './auditd-record.ts';

/**
 * Getters over the original auditd records. The records of an event are read once per event (the
 * detector asks every rule about one event before the next; see `perEvent`), whatever the number of rules.
 */

const EMPTY: AuditView = { types: [], fields: new Map() };

const view = perEvent((event: VigilEvent): AuditView =>
  isAuditdEvent(event) ? readAuditRecords(event.event.original) : EMPTY,
);

/** Any key of any record, as written (hex-encoded values decoded). */
export function auditField(key: string): FieldGetter {
  return (event) => view(event).fields.get(key);
}

export const auditRecordTypes: FieldGetter = (event) => {
  const types = view(event).types;
  return types.length === 0 ? undefined : types;
};

/** `name` of the PATH records (all of them: the program, its loader, the files it touched). */
export const auditNames: FieldGetter = auditField('name');

/** connect(2) by audit arch: x86_64, aarch64, i386 (connect and socketcall). */
const CONNECT_SYSCALLS: ReadonlyMap<string, readonly string[]> = new Map([
  ['c000003e', ['42']],
  ['c00000b7', ['203']],
  ['40000003', ['362', '102']],
]);

/** An auditd event of a process connecting out: connect(2) with the peer's address in a SOCKADDR record. */
export function isAuditConnect(event: VigilEvent): boolean {
  if (!isAuditdEvent(event) || !event.event.original.includes('type=SOCKADDR')) return false;
  const labels = event.labels;
  if (labels === undefined) return false;
  if (labels['syscall_name'] === 'connect') return true;
  return CONNECT_SYSCALLS.get(labels['arch'] ?? '')?.includes(labels['syscall'] ?? '') === true;
}

export const connectInitiated: FieldGetter = (event) => (isAuditConnect(event) ? 'true' : undefined);

function hexByte(hex: string, at: number): number {
  return parseInt(hex.slice(at, at + 2), 16);
}

function ipv6Text(hex: string): string {
  const groups: number[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [hexByte(hex, 24), hexByte(hex, 26), hexByte(hex, 28), hexByte(hex, 30)].join('.');
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
  }
  const text = groups.map((g) => g.toString(16));
  if (bestStart < 0) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`;
}

/** The peer of a SOCKADDR record (`saddr` hex: family, port, address) as IP text and port. */
export function decodeSockaddr(saddr: string): { ip: string; port: number } | undefined {
  const family = saddr.slice(0, 4).toUpperCase();
  const port = parseInt(saddr.slice(4, 8), 16);
  if (family === '0200' && saddr.length >= 16) {
    return { ip: [hexByte(saddr, 8), hexByte(saddr, 10), hexByte(saddr, 12), hexByte(saddr, 14)].join('.'), port };
  }
  if (family === '0A00' && saddr.length >= 48) return { ip: ipv6Text(saddr.slice(16, 48).toLowerCase()), port };
  return undefined;
}

const socket = perEvent((event: VigilEvent) => {
  const saddr = isAuditConnect(event) ? view(event).fields.get('saddr') : undefined;
  return typeof saddr === 'string' ? decodeSockaddr(saddr) : undefined;
});

export function auditSocket(part: 'ip' | 'port'): FieldGetter {
  return (event): FieldValue => socket(event)?.[part];
}
