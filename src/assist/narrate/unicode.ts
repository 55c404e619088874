/**
 * Character classes that act on a terminal or a reader instead of being read: shared by the evidence fence
 * (log text going to a model) and the output sanitiser (model text going to a terminal or Markdown).
 */

/**
 * ANSI escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC ] … ESC \`, at most
 * OSC_MAX characters of payload: hyperlinks, window titles) and two-character escapes (`ESC 7`, `ESC c`…).
 */
export const OSC_MAX = 256;
export const ANSI_SEQUENCE = new RegExp(`\\u001b(?:\\[[0-?]*[ -/]*[@-~]|\\][^\\u0007\\u001b]{0,${OSC_MAX}}(?:\\u0007|\\u001b\\\\)|[ -/]*[0-~])`, 'g');

/** Every line break a terminal, an editor or CommonMark honours. */
export const LINE_BREAKS = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g;

/** C0 and C1 controls other than tab and line breaks (ESC included: a lone one left after ANSI removal). */
export const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;

/**
 * Text that is invisible or reorders what is shown: bidi marks, embeddings, overrides and isolates,
 * zero-width characters, word joiners, invisible operators, the BOM, interlinear annotations, and Unicode
 * tag characters (U+E0000–U+E007F, used to hide instructions from people while a model still reads them).
 */
export const INVISIBLE = /[\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]|\u17b4|\u17b5/gu;

/** `\uXXXX` (or `\u{XXXXX}` beyond the BMP): a character shown by its code instead of acting. */
export function visibleCode(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Cuts `text` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
