/**
 * Helpers for text that writes bytes as hex escapes (`%2F`, `\x22`): reading the digits, and turning a run of
 * escaped bytes back into text. Shared by the web access reader (the server's `\x22` escapes) and the full-text
 * index (URL encoding).
 */

/** The value of a hex digit's character code, or -1. */
export function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** The value of the `digits` hex digits at `at`, or -1. */
export function hexValue(text: string, at: number, digits: number): number {
  let value = 0;
  for (let i = at; i < at + digits; i++) {
    const digit = hexDigit(text.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** The byte a `\xHH` escape (nginx's, Zeek's) at `at` stands for, or -1. */
export function byteEscapeAt(text: string, at: number): number {
  return text.charCodeAt(at) === 92 && text.charCodeAt(at + 1) === 120 ? hexValue(text, at + 2, 2) : -1;
}

/** The byte a `%HH` escape at `at` stands for, or -1. */
export function percentEscapeAt(text: string, at: number): number {
  return text.charCodeAt(at) === 37 ? hexValue(text, at + 1, 2) : -1;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Whether `text` holds a control character (C0 or C1); tab, LF and CR only when `whitespaceToo`. */
function hasControl(text: string, whitespaceToo: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 ? whitespaceToo || (code !== 9 && code !== 10 && code !== 13) : code >= 0x7f && code < 0xa0) return true;
  }
  return false;
}

/**
 * A run of escaped bytes as text when it is valid UTF-8 without control characters (tab and line breaks
 * allowed unless `whitespaceToo`), else undefined: the caller keeps the run as written.
 */
export function bytesAsText(bytes: readonly number[], whitespaceToo = false): string | undefined {
  let text: string;
  try {
    text = UTF8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
  return hasControl(text, whitespaceToo) ? undefined : text;
}
