/**
 * Hand-written scanners for the indicator kinds whose regexes cost most on long records (JSON events of
 * several KB). `scanText` finds, in ONE pass over the text, the candidates that separate regexes or
 * passes used to find: IPv4 addresses, standalone hexadecimal runs, dotted host names, and whether an
 * uncompressed IPv6 address may be present. No backtracking, no allocation but the candidates themselves.
 */

const HEX = 1;
const WORD = 2;
const HOST = 4;
const DIGIT_DOT = 8;
const LOCAL = 16;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const alnum = /[A-Za-z0-9]/.test(ch);
  CLASS[c] =
    (/[0-9a-fA-F]/.test(ch) ? HEX : 0) |
    (alnum || ch === '_' ? WORD : 0) |
    (alnum || ch === '-' || ch === '.' ? HOST : 0) |
    (/[0-9.]/.test(ch) ? DIGIT_DOT : 0) |
    (alnum || '._%+-'.includes(ch) ? LOCAL : 0);
}

const classOf = (code: number): number => (code < 128 ? CLASS[code]! : 0);

/** Candidates found in a text, in text order; each list is undefined when empty. */
export interface Candidates {
  /** Dotted quads that are whole runs of digits and dots (no digit before or after), checked as IPv4. */
  ipv4?: string[];
  /** Runs of 32, 40 or 64 hex digits standing alone (not inside a longer word). */
  hex?: string[];
  /** Maximal runs of host-name characters that contain a dot and form a valid host name. */
  hosts?: string[];
  /** Five `hex:` groups follow each other somewhere (an uncompressed IPv6 address may be there). */
  colonGroups: boolean;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_QUAD = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/**
 * A run of digits and dots that starts with a digit holds an IPv4 address exactly when, without its
 * trailing dots, it is one: the same matches as the regex
 * `(?<![\d.])OCTET(?:\.OCTET){3}(?![\d.]*\d)`, found without running it over the whole text.
 */
function ipv4Run(text: string, start: number, end: number, out: Candidates): void {
  const first = text.charCodeAt(start);
  if (first < 48 || first > 57) return;
  while (end > start && text.charCodeAt(end - 1) === 46) end--;
  if (end - start < 7 || end - start > 15) return;
  const value = text.slice(start, end);
  if (DOTTED_QUAD.test(value)) (out.ipv4 ??= []).push(value);
}

function hostRun(text: string, start: number, end: number, out: Candidates): void {
  while (start < end && (text.charCodeAt(start) === 46 || text.charCodeAt(start) === 45)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  if (!hostNameAt(text, start, end)) return;
  (out.hosts ??= []).push(text.slice(start, end));
}

export function scanText(text: string): Candidates {
  const out: Candidates = { colonGroups: false };
  const length = text.length;
  let hostStart = -1;
  let dotted = false;
  let hexStart = -1;
  let quadStart = -1;
  let groups = 0;
  let groupDigits = 0;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? text.charCodeAt(i) : 32;
    const cls = classOf(code);
    if (cls & HEX) {
      if (hexStart < 0) hexStart = i;
      if (++groupDigits > 4) groups = groupDigits = 0;
    } else {
      if (hexStart >= 0) {
        const runLength = i - hexStart;
        if ((runLength === 32 || runLength === 40 || runLength === 64) && !(cls & WORD) && !(hexStart > 0 && classOf(text.charCodeAt(hexStart - 1)) & WORD)) {
          (out.hex ??= []).push(text.slice(hexStart, i));
        }
        hexStart = -1;
      }
      if (code === 58 && groupDigits > 0) {
        groupDigits = 0;
        if (++groups >= 5) out.colonGroups = true;
      } else groups = groupDigits = 0;
    }
    if (cls & DIGIT_DOT) {
      if (quadStart < 0) quadStart = i;
    } else if (quadStart >= 0) {
      ipv4Run(text, quadStart, i, out);
      quadStart = -1;
    }
    if (cls & HOST) {
      if (hostStart < 0) {
        hostStart = i;
        dotted = false;
      }
      if (code === 46) dotted = true;
    } else if (hostStart >= 0) {
      // Not glued to an underscore: `a_b.c` is an identifier, not a host.
      if (dotted && code !== 95 && !(hostStart > 0 && text.charCodeAt(hostStart - 1) === 95)) hostRun(text, hostStart, i, out);
      hostStart = -1;
    }
  }
  return out;
}

/**
 * `text[start, end)` is a dotted host name: 2–17 labels of letters, digits and inner hyphens (at most 63
 * characters each), ending in 2–24 letters. Checked in place, without splitting.
 */
function hostNameAt(text: string, start: number, end: number): boolean {
  const lastDot = text.lastIndexOf('.', end - 1);
  if (lastDot < start) return false;
  const tld = end - lastDot - 1;
  if (tld < 2 || tld > 24) return false;
  for (let i = lastDot + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 122))) return false;
  }
  let labels = 0;
  for (let at = start; ; ) {
    let dot = text.indexOf('.', at);
    if (dot < 0 || dot > end) dot = end;
    const size = dot - at;
    if (size === 0 || size > 63 || text.charCodeAt(at) === 45 || text.charCodeAt(dot - 1) === 45) return false;
    if (++labels > 17) return false;
    if (dot === end) return labels >= 2;
    at = dot + 1;
  }
}

/** A dotted host name: labels of letters, digits and inner hyphens, ending in 2–24 letters. */
export function validHostName(name: string): boolean {
  return hostNameAt(name, 0, name.length);
}

/** `local@host.tld` around each `@`. */
export function emails(text: string, found: (value: string) => void): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let left = at;
    while (left > 0 && at - left < 64 && classOf(text.charCodeAt(left - 1)) & LOCAL) left--;
    while (left < at && !isAlnum(text.charCodeAt(left))) left++;
    let right = at + 1;
    while (right < text.length && classOf(text.charCodeAt(right)) & HOST) right++;
    let hs = at + 1;
    let he = right;
    while (hs < he && (text.charCodeAt(hs) === 46 || text.charCodeAt(hs) === 45)) hs++;
    while (he > hs && (text.charCodeAt(he - 1) === 46 || text.charCodeAt(he - 1) === 45)) he--;
    if (left === at || hs !== at + 1) continue;
    if (hostNameAt(text, hs, he)) found(`${text.slice(left, at)}@${text.slice(hs, he)}`);
  }
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
