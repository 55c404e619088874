import { decodeCefEscapes } from '../util/cef-escapes.ts';
import type { Db } from './database.ts';

/**
 * What the full-text index reads of an event whose original record has escapes: JSON records, CEF lines, web
 * access logs and Zeek TSV logs. FTS5 takes the letters after a backslash or a `%` for part of the next word: in
 * `"script":"$a = 1\nInvoke-Mimikatz"` (JSON) or `cs1=abc\nInvoke-Mimikatz` (CEF) it indexes `nInvoke`, in
 * `whoami\u0026\u0026net` it indexes `u0026net`, in `..%2Fetc%2Fpasswd` `2Fetc`, so searches for `Invoke-Mimikatz`,
 * `net` or `etc/passwd` missed the event. The index is given the text with its escapes decoded instead; the stored
 * original stays as it was written. Other line formats are indexed as written: their backslashes are text
 * (`C:\new` is the words `C` and `new`).
 */

/** The formats whose records are JSON values (JSON framing); test/store/search-text.test.ts checks this list against the registry. */
export const JSON_RECORD_FORMATS: readonly string[] = ['generic-json', 'windows-json', 'zeek-json'];

/** The formats whose records escape with backslashes as CEF does (decodeCefEscapes). */
export const CEF_RECORD_FORMATS: readonly string[] = ['cef'];

/**
 * Web server access logs, whose requests, referrers and user agents are URL-encoded (`..%2Fetc%2Fpasswd`,
 * `1%27%20UNION%20SELECT`: FTS5 saw the words `2Fetc` and `20UNION`) and where nginx writes bytes as `\x22`.
 */
export const WEB_RECORD_FORMATS: readonly string[] = ['web-access', 'iis-w3c'];

/** Zeek's TSV logs: the URIs of http.log are URL-encoded as sent, and Zeek writes bytes as `\x09`. */
export const ZEEK_TSV_FORMATS: readonly string[] = ['zeek-tsv'];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The value of the `digits` hex digits at `at`, or -1. */
function hexValue(text: string, at: number, digits: number): number {
  let value = 0;
  for (let i = at; i < at + digits; i++) {
    const digit = hexDigit(text.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/**
 * JSON string escapes decoded wherever they are in `text` (`\n`, `\"`, `\\`, `\u0026`…); a backslash that starts
 * no valid escape stays as it is. Total: any text in, never a throw.
 */
export function decodeJsonEscapes(text: string): string {
  let at = text.indexOf('\\');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  while (at >= 0 && at < text.length - 1) {
    const next = text[at + 1]!;
    let decoded: string | undefined = Object.hasOwn(SIMPLE_ESCAPES, next) ? SIMPLE_ESCAPES[next] : undefined;
    let length = 2;
    if (next === 'u') {
      const code = hexValue(text, at + 2, 4);
      if (code >= 0) {
        decoded = String.fromCharCode(code);
        length = 6;
      }
    }
    if (decoded === undefined) {
      at = text.indexOf('\\', at + 1);
      continue;
    }
    out += text.slice(copied, at) + decoded;
    copied = at + length;
    at = text.indexOf('\\', copied);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Double and triple encoding (`%252F`) is common in attacks on filters that decode once. */
const URL_DECODING_PASSES = 3;
const PERCENT = 37;
const BACKSLASH = 92;
const LOWER_X = 120;

/** The byte a `%HH` or `\xHH` escape at `at` stands for, or -1. */
function escapedByte(text: string, at: number): number {
  const first = text.charCodeAt(at);
  let digits = at + 1;
  if (first === BACKSLASH) {
    if (text.charCodeAt(at + 1) !== LOWER_X) return -1;
    digits = at + 2;
  } else if (first !== PERCENT) return -1;
  return hexValue(text, digits, 2);
}

/** Where the next `%` or backslash is from `at`, or -1. */
function nextMark(text: string, at: number): number {
  const percent = text.indexOf('%', at);
  const backslash = text.indexOf('\\', at);
  return percent < 0 ? backslash : backslash < 0 ? percent : Math.min(percent, backslash);
}

/** One pass: each run of escaped bytes decoded as UTF-8 (ASCII directly, the rest through a Buffer). */
function decodeUrlEscapesOnce(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = nextMark(text, 0); at >= 0; at = nextMark(text, at)) {
    let value = escapedByte(text, at);
    if (value < 0) {
      at++;
      continue;
    }
    out += text.slice(copied, at);
    let bytes: number[] | undefined;
    for (; value >= 0; value = escapedByte(text, at)) {
      if (value >= 0x80) bytes ??= [];
      if (bytes === undefined) out += String.fromCharCode(value);
      else bytes.push(value);
      at += text.charCodeAt(at) === BACKSLASH ? 4 : 3;
    }
    if (bytes !== undefined) out += Buffer.from(bytes).toString('utf8');
    copied = at;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * `%HH` and `\xHH` escapes decoded as the UTF-8 bytes they are (invalid sequences become U+FFFD), up to three
 * times over. Total: any text in, never a throw.
 */
export function decodeUrlEscapes(text: string): string {
  let out = text;
  for (let pass = 0; pass < URL_DECODING_PASSES; pass++) {
    const next = decodeUrlEscapesOnce(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

const ORIGINAL_FUNCTION = 'vigil_search_original';
const MESSAGE_FUNCTION = 'vigil_search_message';

/** Per group of formats: what marks a record with escapes (SQL `instr` needles), and how it is decoded. */
const DECODED: readonly { formats: readonly string[]; marks: readonly string[]; decode: (text: string) => string }[] = [
  { formats: JSON_RECORD_FORMATS, marks: ['\\'], decode: decodeJsonEscapes },
  { formats: CEF_RECORD_FORMATS, marks: ['\\'], decode: decodeCefEscapes },
  { formats: WEB_RECORD_FORMATS, marks: ['%', '\\x'], decode: decodeUrlEscapes },
  { formats: ZEEK_TSV_FORMATS, marks: ['%', '\\x'], decode: decodeUrlEscapes },
];

const decoderOf = (format: string): ((text: string) => string) => DECODED.find((d) => d.formats.includes(format))?.decode ?? ((text) => text);

/**
 * SQL functions of the indexed text, on the writing connection: the decoded record, and the message unless the
 * decoded record holds it verbatim (most JSON logs copy their message into a field; a CEF `msg` is in its line).
 * The message and the record of one row come one after the other, so the last record decoded is kept for the
 * second call.
 */
export function registerSearchText(db: Db): void {
  let lastFormat = '';
  let lastOriginal = '';
  let lastDecoded = '';
  const decoded = (format: string, original: string) => {
    if (original !== lastOriginal || format !== lastFormat) {
      lastFormat = format;
      lastOriginal = original;
      lastDecoded = decoderOf(format)(original);
    }
    return lastDecoded;
  };
  db.function(ORIGINAL_FUNCTION, { deterministic: true }, (format: unknown, original: unknown) =>
    typeof format === 'string' && typeof original === 'string' ? decoded(format, original) : original);
  db.function(MESSAGE_FUNCTION, { deterministic: true }, (format: unknown, original: unknown, message: unknown) =>
    typeof format === 'string' && typeof original === 'string' && typeof message === 'string' && decoded(format, original).includes(message) ? null : message);
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Whether a row's record is of one of `formats` and has an escape of its format in it (`alias.`-qualified). */
function escapedIn(alias: string, formats: readonly string[]): string {
  const groups = DECODED.map((d) => ({ ...d, formats: d.formats.filter((f) => formats.includes(f)) })).filter((d) => d.formats.length > 0);
  return `(${groups.map((d) => `${alias}.format IN (${d.formats.map(quoted).join(', ')}) AND (${d.marks.map((m) => `instr(${alias}.original, ${quoted(m)}) > 0`).join(' OR ')})`).join(' OR ')})`;
}

const ESCAPED_FORMATS = DECODED.flatMap((d) => d.formats);

/**
 * The two indexed values of an events row (message, original): the message only where the original does not
 * already hold it verbatim (for line formats it is a substring of the line: indexing it twice only costs time),
 * and records with escapes decoded. Needs `registerSearchText` on the connection.
 */
export function searchTextSql(alias: string): string {
  const escaped = escapedIn(alias, ESCAPED_FORMATS);
  return `CASE WHEN ${alias}.message IS NULL OR instr(${alias}.original, ${alias}.message) > 0 THEN NULL
      WHEN ${escaped} THEN ${MESSAGE_FUNCTION}(${alias}.format, ${alias}.original, ${alias}.message) ELSE ${alias}.message END,
    CASE WHEN ${escaped} THEN ${ORIGINAL_FUNCTION}(${alias}.format, ${alias}.original) ELSE ${alias}.original END`;
}

/** The values migration 8 and the writer before migration 10 (JSON), 12 (CEF), 13 (web) or 14 (Zeek TSV) indexed: the message rule alone, records as written. */
export function rawTextSql(alias: string): string {
  return `CASE WHEN ${alias}.message IS NULL OR instr(${alias}.original, ${alias}.message) > 0 THEN NULL ELSE ${alias}.message END, ${alias}.original`;
}

/** Rows of `formats` (default: all that are decoded) whose indexed values differ between the two (`alias.`-qualified). */
export function reindexedSql(alias: string, formats: readonly string[] = ESCAPED_FORMATS): string {
  return escapedIn(alias, formats);
}
