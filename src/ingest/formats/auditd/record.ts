import { parseRelayHeader } from '../relay-header.ts';
import { entryMap, tokenize } from './kv.ts';

/** One audit.log line: `[syslog header] [node=host] type=X msg=audit(<time>:<serial>): body`. */
export interface AuditRecord {
  type: string;
  /** Epoch seconds text (`1364481363.243`), or ISO text converted from `ausearch -i` output. */
  time: string;
  serial: string;
  node?: string;
  fields: Map<string, string>;
  text: string;
  line: number;
  offset: number;
}

const HEAD = /^type=([A-Z0-9_]+|UNKNOWN\[\d+\]) msg=audit\(([^()]{1,40}):(\d{1,20})\)\s?:\s?/;
const EPOCH = /^\d{9,11}(?:\.\d{1,9})?$/;
/** `ausearch -i` writes local `MM/DD/YYYY HH:MM:SS.mmm`. */
const INTERPRETED = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}:\d{2}:\d{2})(\.\d{1,9})?$/;
const NODE = /(?:^|\s)node=(\S+)\s*$/;

function auditTime(text: string): string | undefined {
  if (EPOCH.test(text)) return text;
  const m = INTERPRETED.exec(text);
  if (m === null) return undefined;
  return `${m[3] ?? ''}-${m[1] ?? ''}-${m[2] ?? ''}T${m[4] ?? ''}${m[5] ?? ''}`;
}

/** Index of the `type=` that starts the record proper (at the start or after a space). */
function typeStart(text: string): number {
  if (text.startsWith('type=')) return 0;
  const at = text.indexOf(' type=');
  return at < 0 ? -1 : at + 1;
}

function hostOf(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const node = NODE.exec(prefix);
  if (node?.[1] !== undefined) return node[1];
  return parseRelayHeader(prefix).host;
}

export type RecordResult = { ok: true; record: AuditRecord } | { ok: false; reason: string };

export function parseAuditLine(text: string, line: number, offset: number): RecordResult {
  const start = typeStart(text);
  if (start < 0) return { ok: false, reason: 'no type= field' };
  const body = text.slice(start);
  const head = HEAD.exec(body);
  if (head === null) return { ok: false, reason: 'no msg=audit(time:serial) stamp' };
  const time = auditTime(head[2] ?? '');
  if (time === undefined) return { ok: false, reason: 'unreadable audit time' };
  const record: AuditRecord = {
    type: head[1] ?? '',
    time,
    serial: head[3] ?? '',
    fields: entryMap(tokenize(body.slice(head[0].length))),
    text,
    line,
    offset,
  };
  const node = hostOf(text.slice(0, start).trim());
  if (node !== undefined) record.node = node;
  return { ok: true, record };
}
