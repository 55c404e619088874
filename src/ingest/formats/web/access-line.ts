/**
 * An NCSA access line cut into its fields by scanning for the brackets and quotes (indexOf) instead of
 * running one large regular expression over it. Same results as the regexes kept as oracles in
 * test/formats/access-line.test.ts:
 *   line:  ^([^[\]"]{1,600}?) \[([^\]]{10,40})\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)(.*)$
 *   tail:  ^ "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"(.*)$
 */

export interface AccessLineParts {
  /** `vhost? client ident user`, before ` [`. */
  prefix: string;
  time: string;
  /** The request line between its quotes, escapes kept as written. */
  request: string;
  status: string;
  /** Digits or `-`. */
  bytes: string;
  /** Where the text after the bytes starts (the combined layout's referrer and agent, extra fields). */
  restStart: number;
}

export interface CombinedTail {
  referrer: string;
  agent: string;
  /** Where the text after the user agent's closing quote starts. */
  restStart: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;
const MAX_PREFIX = 600;

/** `\n`, `\r`, U+2028 and U+2029: the characters `.` does not match in a JavaScript regular expression. */
function isLineBreak(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/** Whether `text` holds a line break from `from` on: four native searches (the last two end at once in Latin-1 text). */
function hasLineBreak(text: string, from: number): boolean {
  return text.indexOf('\n', from) >= 0 || text.indexOf('\r', from) >= 0 || text.indexOf('\u2028', from) >= 0 || text.indexOf('\u2029', from) >= 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The index of the quote that closes a quoted field whose text starts at `from`: backslash pairs are
 * skipped (`\"` does not close it). -1 when there is none, or when a backslash ends the text or precedes a
 * line break (the regex's `\\.` does not match those).
 */
export function closingQuote(text: string, from: number): number {
  const quote = text.indexOf('"', from);
  if (quote < 0) return -1;
  const backslash = text.indexOf('\\', from);
  if (backslash < 0 || backslash > quote) return quote;
  for (let at = from; at < text.length; ) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) return at;
    if (code === BACKSLASH) {
      if (at + 1 >= text.length || isLineBreak(text.charCodeAt(at + 1))) return -1;
      at += 2;
    } else {
      at++;
    }
  }
  return -1;
}

/** The fields of an NCSA access line, or undefined when it is not one. */
export function splitAccessLine(text: string): AccessLineParts | undefined {
  const open = text.indexOf('[');
  // At least one prefix character, then ` [`; no `]` or `"` before the bracket.
  if (open < 2 || open - 1 > MAX_PREFIX || text.charCodeAt(open - 1) !== SPACE) return undefined;
  const close = text.indexOf(']');
  if (close < open) return undefined;
  const firstQuote = text.indexOf('"');
  if (firstQuote >= 0 && firstQuote < open) return undefined;
  const timeLength = close - open - 1;
  if (timeLength < 10 || timeLength > 40) return undefined;
  if (text.charCodeAt(close + 1) !== SPACE || text.charCodeAt(close + 2) !== QUOTE) return undefined;
  const requestStart = close + 3;
  const requestEnd = closingQuote(text, requestStart);
  if (requestEnd < 0) return undefined;
  const statusStart = requestEnd + 2;
  if (
    text.charCodeAt(requestEnd + 1) !== SPACE ||
    !isDigit(text.charCodeAt(statusStart)) ||
    !isDigit(text.charCodeAt(statusStart + 1)) ||
    !isDigit(text.charCodeAt(statusStart + 2)) ||
    text.charCodeAt(statusStart + 3) !== SPACE
  ) {
    return undefined;
  }
  const bytesStart = statusStart + 4;
  let bytesEnd = bytesStart;
  if (text.charCodeAt(bytesStart) === 45) bytesEnd++;
  else while (isDigit(text.charCodeAt(bytesEnd))) bytesEnd++;
  if (bytesEnd === bytesStart) return undefined;
  // `(.*)$`: the rest of the line holds no line break.
  if (hasLineBreak(text, bytesEnd)) return undefined;
  return {
    prefix: text.slice(0, open - 1),
    time: text.slice(open + 1, close),
    request: text.slice(requestStart, requestEnd),
    status: text.slice(statusStart, statusStart + 3),
    bytes: text.slice(bytesStart, bytesEnd),
    restStart: bytesEnd,
  };
}

/**
 * The combined layout's ` "referrer" "user agent"` at `from`, or undefined. The caller has checked that
 * the text from `from` on holds no line break (splitAccessLine does).
 */
export function combinedTail(text: string, from: number): CombinedTail | undefined {
  if (text.charCodeAt(from) !== SPACE || text.charCodeAt(from + 1) !== QUOTE) return undefined;
  const referrerEnd = closingQuote(text, from + 2);
  if (referrerEnd < 0 || text.charCodeAt(referrerEnd + 1) !== SPACE || text.charCodeAt(referrerEnd + 2) !== QUOTE) return undefined;
  const agentEnd = closingQuote(text, referrerEnd + 3);
  if (agentEnd < 0) return undefined;
  return { referrer: text.slice(from + 2, referrerEnd), agent: text.slice(referrerEnd + 3, agentEnd), restStart: agentEnd + 1 };
}
