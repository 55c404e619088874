/**
 * A reader for the original text of an auditd event (its records joined by newlines), so Sigma's auditd
 * rules can test any key of any record (`type`, `a0`, `name`, `SYSCALL`), as the audit log wrote it.
 * Hand-written scanning, no regular expressions; values hex-encoded by auditd are decoded.
 */

export interface AuditView {
  /** Record types in order (`SYSCALL`, `EXECVE`, `CWD`, `PATH`…). */
  types: string[];
  /** Every key of every record; keys found in several records with different values hold all of them. */
  fields: Map<string, string | string[]>;
}

interface AuditRecord {
  type: string;
  fields: Map<string, string>;
}

/** Keys auditd hex-encodes when the value holds spaces, quotes or control bytes. */
const ENCODABLE: ReadonlySet<string> = new Set([
  'acct', 'cmd', 'comm', 'cwd', 'data', 'dir', 'exe', 'file', 'grp', 'key', 'name', 'new_group', 'new_user',
  'ocomm', 'path', 'proctitle', 'root_dir', 'sw', 'vm', 'watch',
]);

const DECODER = new TextDecoder('utf-8', { fatal: false });

function isSeparator(code: number): boolean {
  return code === 32 || code === 9 || code === 0x1d;
}

function isHexText(text: string): boolean {
  if (text.length === 0 || text.length % 2 !== 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

function decodeHex(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  let text = DECODER.decode(bytes);
  while (text.endsWith('\0')) text = text.slice(0, -1);
  return text.split('\0').join(' ');
}

/** `a1`, `a1[0]` → `a1` (long execve arguments arrive in numbered chunks). */
function argumentBase(key: string): string | undefined {
  if (key.length < 2 || key[0] !== 'a') return undefined;
  let i = 1;
  while (i < key.length && key.charCodeAt(i) >= 48 && key.charCodeAt(i) <= 57) i++;
  if (i === 1) return undefined;
  return i === key.length || key[i] === '[' ? key.slice(0, i) : undefined;
}

function store(fields: Map<string, string>, key: string, raw: string, quoted: boolean): void {
  const argument = argumentBase(key);
  const encodable = argument !== undefined || ENCODABLE.has(key);
  const value = !quoted && encodable && isHexText(raw) ? decodeHex(raw) : raw;
  if (argument !== undefined && argument !== key) fields.set(argument, (fields.get(argument) ?? '') + value);
  else if (!fields.has(key)) fields.set(key, value);
}

/** The `key=value` list of a record body; `msg='…'` (USER_* records) holds a second list. */
function scan(body: string, fields: Map<string, string>): void {
  let i = 0;
  while (i < body.length) {
    while (i < body.length && isSeparator(body.charCodeAt(i))) i++;
    const eq = body.indexOf('=', i);
    if (eq < 0) return;
    let stop = i;
    while (stop < eq && !isSeparator(body.charCodeAt(stop))) stop++;
    if (stop < eq) {
      i = stop;
      continue;
    }
    const key = body.slice(i, eq);
    const quote = body[eq + 1];
    if (quote === '"' || quote === "'") {
      const close = body.indexOf(quote, eq + 2);
      const end = close < 0 ? body.length : close;
      const value = body.slice(eq + 2, end);
      if (key === 'msg' && quote === "'") scan(value, fields);
      else store(fields, key, value, true);
      i = end + 1;
      continue;
    }
    let end = eq + 1;
    while (end < body.length && !isSeparator(body.charCodeAt(end))) end++;
    store(fields, key, body.slice(eq + 1, end), false);
    i = end;
  }
}

function parseRecord(line: string): AuditRecord | undefined {
  const start = line.startsWith('type=') ? 0 : line.indexOf(' type=') + 1;
  if (start === 0 && !line.startsWith('type=')) return undefined;
  const typeEnd = line.indexOf(' ', start + 5);
  if (typeEnd < 0) return undefined;
  const type = line.slice(start + 5, typeEnd);
  const stamp = line.indexOf('):', typeEnd);
  if (stamp < 0) return undefined;
  const fields = new Map<string, string>();
  scan(line.slice(stamp + 2), fields);
  return { type, fields };
}

function rank(type: string): number {
  return type === 'EXECVE' ? 0 : type === 'SYSCALL' ? 1 : 2;
}

function merge(out: Map<string, string | string[]>, key: string, value: string): void {
  const current = out.get(key);
  if (current === undefined) out.set(key, value);
  else if (typeof current === 'string') {
    if (current !== value) out.set(key, [current, value]);
  } else if (!current.includes(value)) current.push(value);
}

export function readAuditRecords(original: string): AuditView {
  const records: AuditRecord[] = [];
  for (const line of original.split('\n')) {
    const record = parseRecord(line);
    if (record !== undefined) records.push(record);
  }
  const fields = new Map<string, string | string[]>();
  const ordered = records.map((record, index) => ({ record, index }));
  ordered.sort((a, b) => rank(a.record.type) - rank(b.record.type) || a.index - b.index);
  for (const { record } of ordered) for (const [key, value] of record.fields) merge(fields, key, value);
  return { types: records.map((r) => r.type), fields };
}
