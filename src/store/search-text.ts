import { decodeCefEscapes } from '../util/cef-escapes.ts';
import { byteEscapeAt, bytesAsText, hexValue, percentEscapeAt } from '../util/escaped-bytes.ts';
import type { Db } from './database.ts';

/**
 * What the full-text index reads of an event whose original record has escapes: JSON records, CEF lines, web
 * access logs and Zeek TSV logs. FTS5 takes the letters after a backslash or a `%` for part of the next word: in
 * `"script":"$a = 1\nInvoke-Mimikatz"` (JSON) or `cs1=abc\nInvoke-Mimikatz` (CEF) it indexes `nInvoke`, in
 * `whoami\u0026\u0026net` it indexes `u0026net`, in `..%2Fetc%2Fpasswd` `2Fetc`, so searches for `Invoke-Mimikatz`,
 * `net` or `etc/passwd` missed the event. The index is given the text with its escapes decoded instead; the stored
 * original stays as it was written. Other line formats are indexed as written: their backslashes are text
 * (`C:\new` is the words `C` and `new`). Generic and Zeek JSON records have their URL encoding decoded too
 * (after the JSON escapes), where it decodes to text: their URIs are as sent.
 */

/**
 * The formats whose records are JSON values (JSON framing), but for a wrapper whose own events keep the wrapped text
 * (a Splunk export's JSON: its other events are those of the formats that read the records it wraps); shipped logs'
 * and Wazuh's own events keep their JSON document. test/store/search-text.test.ts checks this list against the registry.
 */
export const JSON_RECORD_FORMATS: readonly string[] = [
  'generic-json', 'windows-json', 'zeek-json', 'suricata-eve',
  'aws-cloudtrail', 'kubernetes-audit', 'okta', 'gcp-audit', 'github-audit', 'azure', 'm365-audit', 'bitbucket-audit',
  'gitlab', 'cowrie-json', 'journald', 'evtxecmd-json', 'utmp', 'macos-log-json', 'powershell-winevent', 'shipped-json',
  'defender-xdr', 'cloudflare', 'aws-waf', 'crowdstrike-fdr', 'gcp-network', 'azure-flow', 'osquery', 'sentinel-syslog', 'sentinel-cef', 'aws-guardduty', 'wazuh', 'aws-route53-resolver',
  'modsecurity-audit-json', 'hayabusa-json', 'chainsaw', 'duo',
];

/**
 * Generic JSON, the cloud audit formats, GitLab's and Cowrie's JSON logs and the journal's entries (read as generic JSON before they had formats of their own): request URIs
 * and parameters as sent, URL-encoded (decoded where they decode to text). Their rows are new under these format
 * ids, so the decoding needs no migration.
 */
const GENERIC_JSON_FORMATS: readonly string[] = JSON_RECORD_FORMATS.filter((id) => id !== 'windows-json' && id !== 'zeek-json');

/** The JSON formats whose records hold URIs as sent, URL-encoded (decoded where they decode to text). */
export const URL_JSON_RECORD_FORMATS: readonly string[] = [...GENERIC_JSON_FORMATS, 'zeek-json'];

/** The formats whose records escape with backslashes as CEF does (decodeCefEscapes). */
export const CEF_RECORD_FORMATS: readonly string[] = ['cef'];

/**
 * Web server access logs, whose requests, referrers and user agents are URL-encoded (`..%2Fetc%2Fpasswd`,
 * `1%27%20UNION%20SELECT`: FTS5 saw the words `2Fetc` and `20UNION`) and where nginx writes bytes as `\x22`.
 */
export const WEB_RECORD_FORMATS: readonly string[] = ['web-access', 'iis-w3c', 'aws-elb', 'aws-cloudfront', 'envoy-access', 'haproxy', 'squid', 'npm-access', 'modsecurity-audit'];

/**
 * CSV rows that carry a JSON record in a column (EvtxECmd's `Payload`): its string escapes (`\n` in a script block)
 * are decoded as a JSON record's are.
 */
export const JSON_IN_CSV_FORMATS: readonly string[] = ['evtxecmd'];

/** Zeek's TSV logs: the URIs of http.log are URL-encoded as sent, and Zeek writes bytes as `\x09`. */
export const ZEEK_TSV_FORMATS: readonly string[] = ['zeek-tsv'];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

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
const BACKSLASH = 92;

/** Which escapes a URL decoding reads, and what it does with runs that decode to no text. */
export interface UrlDecoding {
  /** `\xHH` (nginx, Zeek) as well as `%HH`. */
  byteEscapes: boolean;
  /**
   * Keep a run of escapes as written when its bytes are not valid UTF-8 or hold control characters other than
   * tab and line breaks. For records where `%` is not always URL encoding (`%DATE%`, Windows' `%%1833`).
   */
  keepUndecodable: boolean;
}

const WEB_DECODING: UrlDecoding = { byteEscapes: true, keepUndecodable: false };

/** The byte a `%HH` (or, with `byteEscapes`, `\xHH`) escape at `at` stands for, or -1. */
function escapedByte(text: string, at: number, byteEscapes: boolean): number {
  return text.charCodeAt(at) === BACKSLASH ? (byteEscapes ? byteEscapeAt(text, at) : -1) : percentEscapeAt(text, at);
}

/** Where the next `%` (or, with `byteEscapes`, backslash) is from `at`, or -1. */
function nextMark(text: string, at: number, byteEscapes: boolean): number {
  const percent = text.indexOf('%', at);
  if (!byteEscapes) return percent;
  const backslash = text.indexOf('\\', at);
  return percent < 0 ? backslash : backslash < 0 ? percent : Math.min(percent, backslash);
}

/** A run of escaped bytes as text, or undefined when `keepUndecodable` keeps it as written. */
function runText(bytes: number[], decoding: UrlDecoding): string | undefined {
  return decoding.keepUndecodable ? bytesAsText(bytes) : Buffer.from(bytes).toString('utf8');
}

/** One pass: each run of escaped bytes decoded as UTF-8. */
function decodeUrlEscapesOnce(text: string, decoding: UrlDecoding): string {
  const { byteEscapes } = decoding;
  let out = '';
  let copied = 0;
  for (let at = nextMark(text, 0, byteEscapes); at >= 0; at = nextMark(text, at, byteEscapes)) {
    let value = escapedByte(text, at, byteEscapes);
    if (value < 0) {
      at++;
      continue;
    }
    const start = at;
    let ascii = '';
    let bytes: number[] | undefined;
    for (; value >= 0; value = escapedByte(text, at, byteEscapes)) {
      // ASCII runs (the usual case) are built directly; a run with other bytes goes through a decoder.
      if (value >= 0x80 || value < 32 || value === 0x7f) bytes ??= Array.from({ length: ascii.length }, (_, i) => ascii.charCodeAt(i));
      if (bytes === undefined) ascii += String.fromCharCode(value);
      else bytes.push(value);
      at += text.charCodeAt(at) === BACKSLASH ? 4 : 3;
    }
    const decoded = bytes === undefined ? ascii : runText(bytes, decoding);
    if (decoded === undefined) continue;
    out += text.slice(copied, start) + decoded;
    copied = at;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * `%HH` and `\xHH` escapes decoded as the UTF-8 bytes they are, up to three times over; by default invalid
 * sequences become U+FFFD (see UrlDecoding for the other choices). Total: any text in, never a throw.
 */
export function decodeUrlEscapes(text: string, decoding: UrlDecoding = WEB_DECODING): string {
  let out = text;
  for (let pass = 0; pass < URL_DECODING_PASSES; pass++) {
    const next = decodeUrlEscapesOnce(out, decoding);
    if (next === out) break;
    out = next;
  }
  return out;
}

const ORIGINAL_FUNCTION = 'vigil_search_original';
const MESSAGE_FUNCTION = 'vigil_search_message';

/** Generic JSON: only `%HH`, and only where it decodes to text (a path's `\x64\` and `%DATE%` are not escapes there). */
const GENERIC_JSON_URL: UrlDecoding = { byteEscapes: false, keepUndecodable: true };
/** Zeek JSON: URIs as sent, and bytes as `\\x09` (a JSON-escaped `\x09`). */
const ZEEK_JSON_URL: UrlDecoding = { byteEscapes: true, keepUndecodable: true };

/**
 * How the index decodes the records of some formats, from schema version `since` on (until a later decoding of
 * the same format): what marks a record with escapes (SQL `instr` needles), and how it is decoded. A store's
 * index holds the text of the decodings in force at its version; a migration that changes them deletes each
 * record it touches with the old text (a contentless index needs the exact values) and adds the new.
 */
interface Decoding {
  formats: readonly string[];
  since: number;
  marks: readonly string[];
  decode: (text: string) => string;
}

const DECODINGS: readonly Decoding[] = [
  // Formats added after a decoding's version (journald, squid, npm-access, evtxecmd) join its list: no store holds rows of theirs to index again.
  { formats: [...JSON_RECORD_FORMATS, ...JSON_IN_CSV_FORMATS], since: 10, marks: ['\\'], decode: decodeJsonEscapes },
  { formats: CEF_RECORD_FORMATS, since: 12, marks: ['\\'], decode: decodeCefEscapes },
  { formats: WEB_RECORD_FORMATS, since: 13, marks: ['%', '\\x'], decode: (text) => decodeUrlEscapes(text) },
  { formats: ZEEK_TSV_FORMATS, since: 14, marks: ['%', '\\x'], decode: (text) => decodeUrlEscapes(text) },
  { formats: GENERIC_JSON_FORMATS, since: 15, marks: ['\\', '%'], decode: (text) => decodeUrlEscapes(decodeJsonEscapes(text), GENERIC_JSON_URL) },
  { formats: ['zeek-json'], since: 15, marks: ['\\', '%'], decode: (text) => decodeUrlEscapes(decodeJsonEscapes(text), ZEEK_JSON_URL) },
];

/** The schema version whose decodings the writer indexes with: the last one that changed them. */
export const SEARCH_TEXT_VERSION = Math.max(...DECODINGS.map((d) => d.since));

/** Per format, the decoding in force at `version`. */
function decodingsAt(version: number): Map<string, Decoding> {
  const byFormat = new Map<string, Decoding>();
  for (const decoding of DECODINGS) {
    if (decoding.since > version) continue;
    for (const format of decoding.formats) if ((byFormat.get(format)?.since ?? -1) <= decoding.since) byFormat.set(format, decoding);
  }
  return byFormat;
}

const decodersByVersion = new Map<number, Map<string, Decoding>>();

function decoderOf(version: number, format: string): (text: string) => string {
  let decodings = decodersByVersion.get(version);
  if (decodings === undefined) decodersByVersion.set(version, (decodings = decodingsAt(version)));
  return decodings.get(format)?.decode ?? ((text) => text);
}

/**
 * SQL functions of the indexed text at a schema version, on the writing connection: the decoded record, and the
 * message unless the decoded record holds it verbatim (most JSON logs copy their message into a field; a CEF
 * `msg` is in its line). The message and the record of one row come one after the other, so the last record
 * decoded is kept for the second call.
 */
export function registerSearchText(db: Db): void {
  let lastVersion = -1;
  let lastFormat = '';
  let lastOriginal = '';
  let lastDecoded = '';
  const decoded = (format: string, original: string, version: number) => {
    if (original !== lastOriginal || format !== lastFormat || version !== lastVersion) {
      lastVersion = version;
      lastFormat = format;
      lastOriginal = original;
      lastDecoded = decoderOf(version, format)(original);
    }
    return lastDecoded;
  };
  db.function(ORIGINAL_FUNCTION, { deterministic: true }, (format: unknown, original: unknown, version: unknown) =>
    typeof format === 'string' && typeof original === 'string' && typeof version === 'number' ? decoded(format, original, version) : original);
  db.function(MESSAGE_FUNCTION, { deterministic: true }, (format: unknown, original: unknown, message: unknown, version: unknown) =>
    typeof format === 'string' && typeof original === 'string' && typeof message === 'string' && typeof version === 'number' && decoded(format, original, version).includes(message)
      ? null
      : message);
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Whether a row's record is of one of `formats` and has an escape that a decoding in force at one of `versions`
 * reads (`alias.`-qualified).
 */
function escapedIn(alias: string, formats: readonly string[], versions: readonly number[]): string {
  const conditions = new Set<string>();
  for (const version of versions) {
    const byDecoding = new Map<Decoding, string[]>();
    for (const [format, decoding] of decodingsAt(version)) if (formats.includes(format)) byDecoding.set(decoding, [...(byDecoding.get(decoding) ?? []), format]);
    for (const [decoding, decoded] of byDecoding) {
      conditions.add(`${alias}.format IN (${decoded.map(quoted).join(', ')}) AND (${decoding.marks.map((m) => `instr(${alias}.original, ${quoted(m)}) > 0`).join(' OR ')})`);
    }
  }
  return conditions.size === 0 ? '0' : `(${[...conditions].join(' OR ')})`;
}

const ESCAPED_FORMATS = [...new Set(DECODINGS.flatMap((d) => d.formats))];

/**
 * The two indexed values of an events row (message, original) at schema `version` (by default the writer's):
 * the message only where the original does not already hold it verbatim (for line formats it is a substring of
 * the line: indexing it twice only costs time), and records with escapes decoded. Needs `registerSearchText` on
 * the connection.
 */
export function searchTextSql(alias: string, version = SEARCH_TEXT_VERSION): string {
  const escaped = escapedIn(alias, ESCAPED_FORMATS, [version]);
  if (escaped === '0') return rawTextSql(alias);
  const v = String(version);
  return `CASE WHEN ${alias}.message IS NULL OR instr(${alias}.original, ${alias}.message) > 0 THEN NULL
      WHEN ${escaped} THEN ${MESSAGE_FUNCTION}(${alias}.format, ${alias}.original, ${alias}.message, ${v}) ELSE ${alias}.message END,
    CASE WHEN ${escaped} THEN ${ORIGINAL_FUNCTION}(${alias}.format, ${alias}.original, ${v}) ELSE ${alias}.original END`;
}

/** The values indexed before any decoding (migration 8, and stores before migration 10): the message rule alone, records as written. */
export function rawTextSql(alias: string): string {
  return `CASE WHEN ${alias}.message IS NULL OR instr(${alias}.original, ${alias}.message) > 0 THEN NULL ELSE ${alias}.message END, ${alias}.original`;
}

/**
 * Rows of `formats` whose indexed values may differ between schema versions `from` and `to`
 * (`alias.`-qualified): those with an escape that a decoding in force at either reads.
 */
export function reindexedSql(alias: string, formats: readonly string[], from: number, to: number): string {
  return escapedIn(alias, formats, [from, to]);
}
