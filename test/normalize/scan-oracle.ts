/**
 * The indicator scanner as it was before the run classes and the in-place dotted-quad check (commit 37b8f72),
 * kept as the oracle of test/normalize/scan-equivalence.test.ts. Not used by src/.
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
interface Candidates {
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

export function oldScanText(text: string): Candidates {
  const out: Candidates = { colonGroups: false };
  // Host names and IPv4 addresses both contain a dot: only the runs of host-name characters around dots
  // are looked at, found with indexOf (native speed) rather than by classifying every character.
  for (let dot = text.indexOf('.'); dot >= 0; ) {
    let start = dot;
    while (start > 0 && classOf(text.charCodeAt(start - 1)) & HOST) start--;
    let end = dot + 1;
    while (end < text.length && classOf(text.charCodeAt(end)) & HOST) end++;
    digitDotRuns(text, start, end, out);
    // Not glued to an underscore: `a_b.c` is an identifier, not a host.
    if (text.charCodeAt(end) !== 95 && !(start > 0 && text.charCodeAt(start - 1) === 95)) hostRun(text, start, end, out);
    dot = text.indexOf('.', end);
  }
  hexRuns(text, out);
  out.colonGroups = hasColonGroups(text);
  return out;
}

/**
 * Hex runs of 32, 40 or 64 digits with no word character on either side. A run of 32 or more covers a
 * position that is a multiple of 32, so only those positions are tested, and the run is measured around a
 * hex digit found there: about one character in 32 is looked at outside hex-looking words.
 */
function hexRuns(text: string, out: Candidates): void {
  const length = text.length;
  for (let at = 0; at < length; ) {
    if (!(classOf(text.charCodeAt(at)) & HEX)) {
      at += 32;
      continue;
    }
    let start = at;
    while (start > 0 && classOf(text.charCodeAt(start - 1)) & HEX) start--;
    let end = at + 1;
    while (end < length && classOf(text.charCodeAt(end)) & HEX) end++;
    const size = end - start;
    if ((size === 32 || size === 40 || size === 64) && !(classOf(text.charCodeAt(end)) & WORD) && !(start > 0 && classOf(text.charCodeAt(start - 1)) & WORD)) {
      (out.hex ??= []).push(text.slice(start, end));
    }
    // The next multiple of 32 past this run (runs do not overlap; the character at `end` is no hex digit).
    at = (Math.floor(end / 32) + 1) * 32;
  }
}

/** The maximal runs of digits and dots inside a run of host-name characters, checked as IPv4. */
function digitDotRuns(text: string, start: number, end: number, out: Candidates): void {
  let run = -1;
  for (let i = start; i <= end; i++) {
    if (i < end && classOf(text.charCodeAt(i)) & DIGIT_DOT) {
      if (run < 0) run = i;
    } else if (run >= 0) {
      ipv4Run(text, run, i, out);
      run = -1;
    }
  }
}

/**
 * True when five `hex:` groups follow each other: a group is a colon after 1–4 hex digits; a colon after
 * no digit, any other character, or a fifth digit in a row starts the count again (a run of L digits
 * counts as L mod 5 digits). Only the colons are visited.
 */
function hasColonGroups(text: string): boolean {
  let groups = 0;
  let last = -2;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let start = colon;
    while (start > 0 && classOf(text.charCodeAt(start - 1)) & HEX) start--;
    const digits = (colon - start) % 5;
    if (digits === 0) groups = 0;
    else if (colon - start >= 5 || start - 1 !== last) groups = 1;
    else groups++;
    if (groups >= 5) return true;
    last = colon;
  }
  return false;
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
