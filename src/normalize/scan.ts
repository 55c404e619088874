/**
 * Hand-written scanners for the indicator kinds whose regexes cost most on long records (JSON events of
 * several KB): hexadecimal runs, host names and e-mail addresses. One pass over the text each, no
 * backtracking; the results are the same candidates the equivalent regexes would find.
 */

const WORD = new Uint8Array(128);
const HEX = new Uint8Array(128);
const HOST = new Uint8Array(128);
const LOCAL = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const alnum = /[A-Za-z0-9]/.test(ch);
  WORD[c] = alnum || ch === '_' ? 1 : 0;
  HEX[c] = /[0-9a-fA-F]/.test(ch) ? 1 : 0;
  HOST[c] = alnum || ch === '-' || ch === '.' ? 1 : 0;
  LOCAL[c] = alnum || '._%+-'.includes(ch) ? 1 : 0;
}

const is = (table: Uint8Array, code: number): boolean => code < 128 && table[code] === 1;

/** Runs of 32–64 hex digits standing alone (not inside a longer word). */
export function hexRuns(text: string, found: (value: string) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    if (is(HEX, code)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      const length = i - start;
      const before = start > 0 ? text.charCodeAt(start - 1) : 32;
      if (length >= 32 && length <= 64 && !is(WORD, before) && !is(WORD, code)) found(text.slice(start, i));
      start = -1;
    }
  }
}

/** A dotted host name: labels of letters, digits and inner hyphens, ending in 2–24 letters. */
export function validHostName(name: string): boolean {
  const labels = name.split('.');
  if (labels.length < 2 || labels.length > 17) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return false;
  }
  return /^[A-Za-z]{2,24}$/.test(labels[labels.length - 1]!);
}

function trimHost(text: string, start: number, end: number): [number, number] {
  while (start < end && (text[start] === '.' || text[start] === '-')) start++;
  while (end > start && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
  return [start, end];
}

/** Maximal runs of host-name characters that contain a dot and form a valid host name. */
export function hostNames(text: string, found: (value: string, start: number) => void): void {
  let start = -1;
  let dotted = false;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    if (is(HOST, code)) {
      if (start < 0) {
        start = i;
        dotted = false;
      }
      if (code === 46) dotted = true;
      continue;
    }
    if (start >= 0 && dotted && !(code === 95 || (start > 0 && text.charCodeAt(start - 1) === 95))) {
      const [s, e] = trimHost(text, start, i);
      const name = text.slice(s, e);
      if (validHostName(name)) found(name, s);
    }
    start = -1;
  }
}

/** `local@host.tld` around each `@`. */
export function emails(text: string, found: (value: string) => void): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let left = at;
    while (left > 0 && at - left < 64 && is(LOCAL, text.charCodeAt(left - 1))) left--;
    while (left < at && !/[A-Za-z0-9]/.test(text[left]!)) left++;
    let right = at + 1;
    while (right < text.length && is(HOST, text.charCodeAt(right))) right++;
    const [hs, he] = trimHost(text, at + 1, right);
    if (left === at || hs !== at + 1) continue;
    const host = text.slice(hs, he);
    if (validHostName(host)) found(`${text.slice(left, at)}@${host}`);
  }
}

/** True when five `hex:` groups follow each other (an uncompressed IPv6 address may be there). */
export function hasColonGroups(text: string): boolean {
  let groups = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (is(HEX, code)) {
      digits++;
      if (digits > 4) {
        groups = 0;
        digits = 0;
      }
    } else if (code === 58 && digits > 0) {
      groups++;
      digits = 0;
      if (groups >= 5) return true;
    } else {
      groups = 0;
      digits = 0;
    }
  }
  return false;
}
