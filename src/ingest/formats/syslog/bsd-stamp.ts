/**
 * The RFC 3164 stamp at the start of a syslog line (`Mmm dd HH:MM:SS`, `Mmm  d HH:MM:SS`), read by
 * character position; any other shape (a year, a fraction, one-digit hours) goes to the regular expression.
 * Same outcome as the regex alone, which test/formats/bsd-stamp.test.ts keeps as the oracle.
 */

const MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const BSD = /^([A-Z][a-z]{2}) +(\d{1,2}) (?:\d{4} )?\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?(?= |$)/;
const FIXED_LENGTH = 15;
const SPACE = 32;

/** No BSD stamp at the start of the text. */
export const NO_STAMP = -1;
/** A BSD-shaped stamp whose month or day is not one (`Foo 10 …`, `Dec 32 …`): not a syslog line. */
export const BAD_STAMP = 0;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digitsAt(text: string, at: number): boolean {
  return isDigit(text.charCodeAt(at)) && isDigit(text.charCodeAt(at + 1));
}

/** The length of the fixed-width stamp, NO_STAMP when the text has another shape (the regex decides), or BAD_STAMP. */
function fixedStamp(text: string): number {
  if (text.length < FIXED_LENGTH || (text.length > FIXED_LENGTH && text.charCodeAt(FIXED_LENGTH) !== SPACE)) return NO_STAMP;
  const upper = text.charCodeAt(0);
  if (upper < 65 || upper > 90 || text.charCodeAt(3) !== SPACE || text.charCodeAt(6) !== SPACE) return NO_STAMP;
  const tens = text.charCodeAt(4);
  if (!(tens === SPACE || isDigit(tens)) || !isDigit(text.charCodeAt(5))) return NO_STAMP;
  if (!digitsAt(text, 7) || text.charCodeAt(9) !== 58 || !digitsAt(text, 10) || text.charCodeAt(12) !== 58 || !digitsAt(text, 13)) return NO_STAMP;
  const lower1 = text.charCodeAt(1);
  const lower2 = text.charCodeAt(2);
  if (lower1 < 97 || lower1 > 122 || lower2 < 97 || lower2 > 122) return NO_STAMP;
  const day = (tens === SPACE ? 0 : tens - 48) * 10 + text.charCodeAt(5) - 48;
  return MONTHS.has(text.slice(0, 3)) && day >= 1 && day <= 31 ? FIXED_LENGTH : BAD_STAMP;
}

/** The length of the BSD stamp at the start of `text` (> 0), NO_STAMP, or BAD_STAMP. */
export function bsdStampLength(text: string): number {
  const fixed = fixedStamp(text);
  if (fixed !== NO_STAMP) return fixed;
  const m = BSD.exec(text);
  if (m === null) return NO_STAMP;
  const day = Number(m[2]);
  return MONTHS.has(m[1] ?? '') && day >= 1 && day <= 31 ? m[0].length : BAD_STAMP;
}
