/**
 * Variable parts of log text: addresses, ids, numbers. A text is cut into compound tokens (letters and
 * digits joined by `.`, `:` or `-`); each is classified with string checks first and an anchored regex only
 * where it could be an address. The template key (templates.ts) replaces the variable parts with
 * placeholders and the hashed embedder (hashed-embedder.ts) gives them little or no weight, so "Failed
 * password for root from 1.2.3.4 port 22" and "… from 5.6.7.8 port 4711" are one template and one vector.
 */

export type MaskKind = 'uuid' | 'mac' | 'ip' | 'id' | 'num' | 'user' | 'host';
export type TokenKind = MaskKind | 'word';
export interface Token {
  kind: TokenKind;
  text: string;
}

const ALNUM_RUN = /[\p{L}\p{N}]+/gu;
const SEPARATORS = /[.:-]+/;
const NON_ASCII_ALNUM = /[\p{L}\p{N}]/u;
const PLACEHOLDERS = ['<ip>', '<num>', '<id>', '<uuid>', '<mac>', '<user>', '<host>'];
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(String.raw`^${OCTET}(?:\.${OCTET}){3}(?::\d{1,5})?$`);
/** Compressed (`::`) or all eight groups: `10:00:01` is a time, not an address. */
const IPV6 = /^(?=.*::|(?:[^:]*:){7})(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3})$/i;
const MAC = /^[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5,}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_LITERAL = /^0x[0-9a-f]+$/i;
const DIGITS_AND_SEPARATORS = /^[\d.:-]+$/;
/** An ISO 8601 date and time (`2026-11-20T00:00:25.046000Z`): a number, like the times of syslog lines. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/i;
const WHITESPACE = /\s/;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Shortest letters-only token that `looksRandom` considers. */
export const RANDOM_MIN_LENGTH = 12;

/**
 * Whether a letters-only token reads as random (a Zeek uid such as `CnMUFwHUtrLjQuCaZg`) rather than as a
 * camelCase name (`CreateRemoteThread`, `SourceProcessGUID`): two or more one-letter lowercase runs, or 30 %
 * of its letters uppercase outside acronyms (runs of 3+), or, from 14 letters, no lowercase run over 3.
 * Measured on the 11,049 letters-only Zeek uids of a million demo events: 88 % caught, and none of the
 * Windows and Sysmon field names among the same events.
 */
function looksRandom(part: string): boolean {
  let upperRun = 0;
  let lowerRun = 0;
  let longestLower = 0;
  let shortUpper = 0;
  let oneLetterLower = 0;
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code >= 65 && code <= 90) {
      if (lowerRun === 1) oneLetterLower++;
      lowerRun = 0;
      upperRun++;
    } else if (code >= 97 && code <= 122) {
      if (upperRun > 0 && upperRun <= 2) shortUpper += upperRun;
      upperRun = 0;
      longestLower = Math.max(longestLower, ++lowerRun);
    } else return false;
  }
  if (lowerRun === 1) oneLetterLower++;
  if (upperRun > 0 && upperRun <= 2) shortUpper += upperRun;
  if (longestLower === 0) return false;
  return oneLetterLower >= 2 || shortUpper >= 0.3 * part.length || (longestLower <= 3 && part.length >= 14);
}

/**
 * One run of letters and digits: a number, an id (8+ characters holding both, 0x…, or letters that look
 * random), or a word (`ssh2`).
 */
function classifyPart(part: string): TokenKind {
  let digits = 0;
  for (let i = 0; i < part.length; i++) if (isDigit(part.charCodeAt(i))) digits++;
  if (digits === 0) return part.length >= RANDOM_MIN_LENGTH && looksRandom(part) ? 'id' : 'word';
  if (digits === part.length) return 'num';
  if (part.length >= 8 || HEX_LITERAL.test(part)) return 'id';
  return 'word';
}

/** A compound token as a whole, or `undefined` when its parts are classified one by one. */
function classifyCompound(token: string): TokenKind | undefined {
  if (token.charCodeAt(0) === 60) return token.slice(1, -1) as MaskKind;
  const colon = token.includes(':');
  if (!colon && !token.includes('.') && !token.includes('-')) return classifyPart(token);
  if (IPV4.test(token)) return 'ip';
  if (colon && MAC.test(token)) return 'mac';
  if (colon && IPV6.test(token)) return 'ip';
  if (token.length === 36 && UUID.test(token)) return 'uuid';
  if (DIGITS_AND_SEPARATORS.test(token) || ISO_DATE_TIME.test(token)) return 'num';
  return undefined;
}

function maskCompound(token: string): string {
  const kind = classifyCompound(token);
  if (kind === 'word') return token;
  if (kind !== undefined) return `<${kind}>`;
  return token.replace(ALNUM_RUN, (part) => {
    const partKind = classifyPart(part);
    return partKind === 'word' ? part : `<${partKind}>`;
  });
}

function isAlnum(code: number): boolean {
  if (code < 128) return isDigit(code) || ((code | 32) >= 97 && (code | 32) <= 122);
  return code === code && NON_ASCII_ALNUM.test(String.fromCharCode(code));
}

function isHexOrDotOrColon(code: number): boolean {
  return isDigit(code) || ((code | 32) >= 97 && (code | 32) <= 102) || code === 46 || code === 58;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && WHITESPACE.test(String.fromCharCode(code)));
}

function placeholderLength(text: string, at: number): number {
  for (const placeholder of PLACEHOLDERS) if (text.startsWith(placeholder, at)) return placeholder.length;
  return 0;
}

/**
 * Finds compound tokens left to right (a hand-written scanner: this runs on every stored event): a
 * placeholder (`<ip>`), a compressed IPv6 start (`::ffff:…`), or runs of letters and digits joined by one
 * `.`, `:` or `-` or by `::`.
 */
class CompoundScanner {
  start = 0;
  end = 0;
  /** Digits in the last compound found (none, and short: a word or words, nothing to mask). */
  digits = 0;

  constructor(private readonly text: string) {}

  next(): boolean {
    const text = this.text;
    for (let i = this.end; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 60) {
        const length = placeholderLength(text, i);
        if (length > 0) {
          this.digits = 1;
          return this.found(i, i + length);
        }
      } else if (code === 58 && text.charCodeAt(i + 1) === 58) {
        let j = i + 2;
        while (j < text.length && isHexOrDotOrColon(text.charCodeAt(j))) j++;
        this.digits = 1;
        return this.found(i, j);
      } else if (isAlnum(code)) {
        this.reset();
        return this.found(i, this.compoundEnd(i));
      }
    }
    this.start = this.end = text.length;
    return false;
  }

  private compoundEnd(from: number): number {
    const text = this.text;
    let j = from;
    for (;;) {
      for (let code = text.charCodeAt(j); j < text.length && isAlnum(code); code = text.charCodeAt(++j)) if (isDigit(code)) this.digits++;
      const code = text.charCodeAt(j);
      if (code === 58 && text.charCodeAt(j + 1) === 58 && isAlnum(text.charCodeAt(j + 2))) j += 2;
      else if ((code === 46 || code === 58 || code === 45) && isAlnum(text.charCodeAt(j + 1))) j += 1;
      else return j;
    }
  }

  private found(start: number, end: number): boolean {
    this.start = start;
    this.end = end;
    return true;
  }

  /** Called before scanning a compound: `::` and placeholders count as holding digits (always classified). */
  private reset(): void {
    this.digits = 0;
  }
}

/**
 * Builds the masked text from the original: verbatim stretches are copied in one piece, and only where
 * something changes (a variable part, a whitespace run that is not one plain space, the ends) is it cut.
 */
class MaskedText {
  private readonly pieces: string[] = [];
  private copied = 0;

  constructor(private readonly text: string) {}

  replace(from: number, to: number, by: string): void {
    if (from > this.copied) this.pieces.push(this.text.slice(this.copied, from));
    this.pieces.push(by);
    this.copied = to;
  }

  /** Whitespace runs in [from, to) become one space; at the ends of the text, nothing. */
  gap(from: number, to: number): void {
    const text = this.text;
    for (let i = from; i < to; i++) {
      if (!isSpace(text.charCodeAt(i))) continue;
      let end = i + 1;
      while (end < to && isSpace(text.charCodeAt(end))) end++;
      const atEdge = i === 0 || end === text.length;
      if (atEdge) this.replace(i, end, '');
      else if (end - i > 1 || text.charCodeAt(i) !== 32) this.replace(i, end, ' ');
      i = end;
    }
  }

  toString(): string {
    if (this.copied === 0) return this.pieces.length === 0 ? this.text : this.pieces.join('');
    return this.pieces.join('') + this.text.slice(this.copied);
  }
}

/** The text with every variable part replaced by its placeholder (`<ip>`, `<num>`…), spaces collapsed. */
export function maskText(text: string): string {
  const scanner = new CompoundScanner(text);
  const out = new MaskedText(text);
  let last = 0;
  while (scanner.next()) {
    out.gap(last, scanner.start);
    if (scanner.digits > 0 || scanner.end - scanner.start >= RANDOM_MIN_LENGTH) {
      const token = text.slice(scanner.start, scanner.end);
      const masked = maskCompound(token);
      if (masked !== token) out.replace(scanner.start, scanner.end, masked);
    }
    last = scanner.end;
  }
  out.gap(last, text.length);
  return out.toString();
}

/** Every whole-token occurrence of `value` (not inside a longer word or name) replaced by `placeholder`. */
export function maskEntity(text: string, value: string, placeholder: string): string {
  if (value.length < 2 || !text.includes(value)) return text;
  let out = '';
  let copied = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
    const end = at + value.length;
    if (continuesName(text, at - 1, -1) || continuesName(text, end, 1)) continue;
    out += text.slice(copied, at) + placeholder;
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Whether the character at `at` makes a match part of a longer name: a letter, digit or `_`, or a `.`/`-` between such. */
function continuesName(text: string, at: number, direction: 1 | -1): boolean {
  const code = text.charCodeAt(at);
  if (isAlnum(code) || code === 95) return true;
  return (code === 46 || code === 45) && isAlnum(text.charCodeAt(at + direction));
}

/** The tokens of a text in order: words verbatim, variable parts with their kind (a placeholder keeps its kind). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const scanner = new CompoundScanner(text);
  while (scanner.next()) {
    const token = text.slice(scanner.start, scanner.end);
    const kind = classifyCompound(token);
    if (kind !== undefined) {
      tokens.push({ kind, text: token });
      continue;
    }
    for (const part of token.split(SEPARATORS)) if (part !== '') tokens.push({ kind: classifyPart(part), text: part });
  }
  return tokens;
}
