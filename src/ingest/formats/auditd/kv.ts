/**
 * The key=value body of an audit record. Values are bare, "double-quoted", or hex-encoded (when they
 * hold spaces, quotes or control bytes). USER_* records nest a second list in `msg='…'`. Enriched logs
 * (`log_format=ENRICHED`) append `\x1d`-separated upper-case fields (`AUID="alice"`); some exports lose
 * the `\x1d`, leaving `key="x"ARCH=x86_64` or `res=1AUID="bui"`, which is split here as well.
 */
export interface AuditEntry {
  key: string;
  value: string;
  quoted: boolean;
}

const KEY = /^[A-Za-z0-9_\-[\]]+$/;
/** An upper-case enriched key glued to the end of a bare value. */
const GLUED_KEY = /(?<![A-Z0-9_])[A-Z][A-Z0-9_]*=/;
const HEX = /^(?:[0-9A-F]{2})+$/;
const ARG_KEY = /^a\d+(?:\[\d+\])?$/;
/** Fields auditd hex-encodes when their value needs it (see `audit_log_untrustedstring`). */
const ENCODABLE = new Set([
  'acct', 'cmd', 'comm', 'cwd', 'data', 'dir', 'exe', 'file', 'grp', 'key', 'name', 'new_group', 'new_user',
  'ocomm', 'path', 'proctitle', 'root_dir', 'sw', 'vm', 'watch',
]);
const TRAILING_NULS = /\0+$/;
const NULS = /\0/g;
const KEY_SEPARATORS = /\x01/g;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 0x1d;
}

function nextSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Splits a record body into entries; `msg='…'` contents are appended in place. */
export function tokenize(text: string, out: AuditEntry[] = [], nested = false): AuditEntry[] {
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const stop = nextSpace(text, i);
    const eq = text.indexOf('=', i);
    const key = eq < 0 || eq > stop ? '' : text.slice(i, eq);
    if (!KEY.test(key)) {
      i = stop;
      continue;
    }
    const start = eq + 1;
    const quote = text[start];
    if (quote === '"' || quote === "'") {
      const end = text.indexOf(quote, start + 1);
      const value = text.slice(start + 1, end < 0 ? text.length : end);
      if (quote === "'" && key === 'msg' && !nested) tokenize(value, out, true);
      else out.push({ key, value, quoted: true });
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    const token = text.slice(start, nextSpace(text, start));
    const glued = GLUED_KEY.exec(token);
    const cut = glued !== null && glued.index > 0 ? glued.index : token.length;
    out.push({ key, value: token.slice(0, cut), quoted: false });
    i = start + cut;
  }
  return out;
}

function decodeHex(hex: string): string {
  return Buffer.from(hex, 'hex').toString('utf8').replace(TRAILING_NULS, '').replace(NULS, ' ');
}

/** The value as the process saw it: hex-encoded bare values of encodable fields are decoded. */
export function decodedValue(entry: AuditEntry): string {
  if (entry.quoted) return entry.value;
  if ((ENCODABLE.has(entry.key) || ARG_KEY.test(entry.key)) && HEX.test(entry.value)) {
    const decoded = decodeHex(entry.value);
    return entry.key === 'key' ? decoded.replace(KEY_SEPARATORS, ',') : decoded;
  }
  return entry.value;
}

/** First-wins map of decoded values (outer fields come before the nested `msg='…'` ones). */
export function entryMap(entries: readonly AuditEntry[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries) if (!map.has(entry.key)) map.set(entry.key, decodedValue(entry));
  return map;
}
