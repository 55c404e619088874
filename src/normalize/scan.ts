import { isSpace } from '../util/space.ts';

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
const LETTER = 32;
const DIGIT = 64;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const alnum = /[A-Za-z0-9]/.test(ch);
  CLASS[c] =
    (/[A-Za-z]/.test(ch) ? LETTER : 0) |
    (/[0-9]/.test(ch) ? DIGIT : 0) |
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

/**
 * A run of digits and dots that starts with a digit holds an IPv4 address exactly when, without its
 * trailing dots, it is one: the same matches as the regex
 * `(?<![\d.])OCTET(?:\.OCTET){3}(?![\d.]*\d)`, found without running it over the whole text.
 */
function ipv4Run(text: string, start: number, end: number, out: Candidates): void {
  const first = text.charCodeAt(start);
  if (first < 48 || first > 57) return;
  while (end > start && text.charCodeAt(end - 1) === 46) end--;
  if (end - start < 7 || end - start > 15 || !dottedQuadAt(text, start, end)) return;
  (out.ipv4 ??= []).push(text.slice(start, end));
}

/**
 * A run of digits and dots is four decimal octets 0-255 without leading zeros: the regex
 * `^OCTET(?:\.OCTET){3}$` with OCTET = `25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d`, checked in place.
 */
function dottedQuadAt(text: string, start: number, end: number): boolean {
  let dots = 0;
  let digits = 0;
  let octet = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (digits === 0 || ++dots > 3) return false;
      digits = 0;
      octet = 0;
    } else {
      if (digits > 0 && octet === 0) return false;
      octet = octet * 10 + code - 48;
      if (++digits > 3 || octet > 255) return false;
    }
  }
  return dots === 3 && digits > 0;
}

function hostRun(text: string, start: number, end: number, out: Candidates): void {
  while (start < end && (text.charCodeAt(start) === 46 || text.charCodeAt(start) === 45)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  if (!hostNameAt(text, start, end)) return;
  (out.hosts ??= []).push(text.slice(start, end));
}

export function scanText(text: string): Candidates {
  const out: Candidates = { colonGroups: false };
  // Host names and IPv4 addresses both contain a dot: only the runs of host-name characters around dots
  // are looked at, found with indexOf (native speed) rather than by classifying every character.
  for (let dot = text.indexOf('.'); dot >= 0; ) {
    // The classes met in the run: an address needs a digit, a host name letters (its top-level domain).
    let seen = 0;
    let start = dot;
    while (start > 0) {
      const kind = classOf(text.charCodeAt(start - 1));
      if (!(kind & HOST)) break;
      seen |= kind;
      start--;
    }
    let end = dot + 1;
    while (end < text.length) {
      const kind = classOf(text.charCodeAt(end));
      if (!(kind & HOST)) break;
      seen |= kind;
      end++;
    }
    if (seen & DIGIT) digitDotRuns(text, start, end, out);
    // Not glued to an underscore: `a_b.c` is an identifier, not a host.
    if (seen & LETTER && text.charCodeAt(end) !== 95 && !(start > 0 && text.charCodeAt(start - 1) === 95)) hostRun(text, start, end, out);
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
export function hasColonGroups(text: string): boolean {
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

const URL_BODY_MAX = 2000;

function isWordCode(code: number): boolean {
  return code < 128 && (CLASS[code]! & WORD) !== 0;
}

/** A character a URL body may hold: not `\s`, `"`, `'`, `<`, `>`, `` ` ``, `\`, `^`, `{`, `}`, `|`. */
function isUrlCode(code: number): boolean {
  switch (code) {
    case 34: case 39: case 60: case 62: case 96: case 92: case 94: case 123: case 125: case 124:
      return false;
    default:
      return !isSpace(code);
  }
}

/** Lower-case ASCII letter code of `text[at]` (other characters come out unchanged or as non-letters). */
function lowerAt(text: string, at: number): number {
  return text.charCodeAt(at) | 0x20;
}

/** Where the `http`, `https` or `ftp` scheme (any case) that ends right before `sep` starts, or -1. */
function schemeStart(text: string, sep: number): number {
  const last = lowerAt(text, sep - 1);
  if (last === 115) {
    // `https`
    const at = sep - 5;
    return at >= 0 && lowerAt(text, at) === 104 && lowerAt(text, at + 1) === 116 && lowerAt(text, at + 2) === 116 && lowerAt(text, at + 3) === 112 ? at : -1;
  }
  if (last !== 112 || sep < 3 || lowerAt(text, sep - 2) !== 116) return -1;
  const third = lowerAt(text, sep - 3);
  if (third === 102) return sep - 3; // `ftp`
  return third === 116 && sep >= 4 && lowerAt(text, sep - 4) === 104 ? sep - 4 : -1; // `http`
}

/**
 * The URLs in a text, in order: the matches of `/\b(?:https?|ftp):\/\/[^\s"'<>`\\^{}|]{1,2000}/gi`, found from
 * each `://` instead of by running the regex over the whole text (test/normalize/url-scan.test.ts keeps the
 * regex as the oracle).
 */
export function urlMatches(text: string, found: (url: string) => void): void {
  let from = 0;
  for (let sep = text.indexOf('://'); sep >= 0; sep = text.indexOf('://', sep + 1)) {
    const start = schemeStart(text, sep);
    if (start < from || (start > 0 && isWordCode(text.charCodeAt(start - 1)))) continue;
    const bodyStart = sep + 3;
    const limit = Math.min(text.length, bodyStart + URL_BODY_MAX);
    let end = bodyStart;
    while (end < limit && isUrlCode(text.charCodeAt(end))) end++;
    if (end === bodyStart) continue;
    found(text.slice(start, end));
    from = end;
  }
}

/** A URL without its trailing punctuation: `value.replace(/[.,;:)\]]+$/, '')`. */
export function withoutUrlTrailer(url: string): string {
  let end = url.length;
  for (;;) {
    const code = url.charCodeAt(end - 1);
    if (code === 46 || code === 44 || code === 59 || code === 58 || code === 41 || code === 93) end--;
    else break;
  }
  return end === url.length ? url : url.slice(0, end);
}

/** The run of host characters (none of `/`, `:`, `?`, `#`) from `at`: its end. */
function hostRunEnd(url: string, at: number): number {
  let end = at;
  for (; end < url.length; end++) {
    const code = url.charCodeAt(end);
    if (code === 47 || code === 58 || code === 63 || code === 35) break;
  }
  return end;
}

/**
 * The host of a URL found by urlMatches (`scheme://`, optional `userinfo@`, host): group 1 of
 * `/^[a-z]+:\/\/(?:[^@/]*@)?([^/:?#]+)/i`, or undefined.
 */
export function urlHostOf(url: string): string | undefined {
  const sep = url.indexOf('://');
  if (sep <= 0) return undefined;
  for (let i = 0; i < sep; i++) {
    const code = lowerAt(url, i);
    if (code < 97 || code > 122) return undefined;
  }
  const afterScheme = sep + 3;
  // With the userinfo first: up to the first `@` or `/`, which must be `@`.
  let mark = afterScheme;
  while (mark < url.length && url.charCodeAt(mark) !== 64 && url.charCodeAt(mark) !== 47) mark++;
  if (mark < url.length && url.charCodeAt(mark) === 64) {
    const end = hostRunEnd(url, mark + 1);
    if (end > mark + 1) return url.slice(mark + 1, end);
  }
  const end = hostRunEnd(url, afterScheme);
  return end > afterScheme ? url.slice(afterScheme, end) : undefined;
}

// Not inside a word: `std::string` or PowerShell's `[Convert]::FromBase64String` hold no address.
const IPV6_AT = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-f]{0,4})(?![\w:]|\.\w)/iy;

function isHexOrColon(code: number): boolean {
  return code === 58 || (code < 128 && (CLASS[code]! & HEX) !== 0);
}

/**
 * The IPv6 candidates of a text, in order: the matches of
 * `/(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-f]{0,4})(?![\w:]|\.\w)/gi`.
 * A match lies in a run of hex digits and colons and can only start where the run starts (inside it the
 * lookbehind fails), with two colons in the run: the regex runs, anchored, at those starts only, instead of
 * at every position of the text (test/normalize/ipv6-scan.test.ts keeps the global regex as the oracle).
 */
export function ipv6Candidates(text: string, found: (match: string) => void): void {
  let from = 0;
  for (let colon = text.indexOf(':'); colon >= 0; ) {
    let start = colon;
    while (start > 0 && isHexOrColon(text.charCodeAt(start - 1))) start--;
    let colons = 0;
    let end = start;
    for (; end < text.length; end++) {
      const code = text.charCodeAt(end);
      if (code === 58) colons++;
      else if (!isHexOrColon(code)) break;
    }
    if (colons >= 2 && start >= from) {
      IPV6_AT.lastIndex = start;
      const m = IPV6_AT.exec(text);
      if (m !== null) {
        found(m[0]);
        from = IPV6_AT.lastIndex;
      }
    }
    colon = text.indexOf(':', Math.max(end, from));
  }
}
