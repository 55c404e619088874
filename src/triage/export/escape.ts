/**
 * Escaping at the export edges. Every value that comes from logs or rule files goes through one of these
 * before it reaches Markdown, CSV or JSON text; our own fixed text does not need to.
 */

/** Line breaks of every kind (CommonMark ends lines at CR and LF; editors also at NEL, LS, PS, VT, FF). */
const LINE_BREAKS = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g;
/** Other control characters, bidi overrides and isolates: shown as `\uXXXX`, never acted on. */
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Inline Markdown syntax: emphasis, code, links and images, tables, strikethrough, maths, mentions, refs. */
const MD_INLINE = /[\\`*_[\]|~$@#]/g;
const MD_HTML = /[&<>]/g;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/**
 * Block syntax that acts at the start of a line: headings, bullets, thematic breaks (`#`, `+`, `-`, `=`
 * followed by a space, the end or more of them) and ordered-list markers (`1.`, `1)` followed by a space).
 */
const MD_LINE_START = /^(\s*)(?:([#+\-=])(?=[\s#+\-=]|$)|(\d{1,9})([.)])(?=\s|$))/;

function visible(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line of plain text: line breaks become spaces, other controls become visible escapes. */
export function oneLine(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(CONTROLS, visible);
}

/**
 * A value as inert Markdown text on one line: no HTML (`& < >` as entities), no emphasis, code, links,
 * images, tables, autolinks (`http://`, `www.`, e-mail) or block syntax. It renders as the text it was.
 * Longer values are cut at `max` characters (before escaping) and end with `…`.
 */
export function markdownText(value: string, max = 500): string {
  const cut = value.length > max ? `${value.slice(0, isHighSurrogate(value.charCodeAt(max - 1)) ? max - 1 : max)}…` : value;
  return oneLine(cut)
    .replace(MD_INLINE, '\\$&')
    .replace(MD_HTML, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/:(?=\/)/g, '\\:')
    .replace(/(www)\./gi, '$1\\.')
    .replace(MD_LINE_START, (_, space: string, mark: string | undefined, digits: string | undefined, dot: string | undefined) =>
      mark !== undefined ? `${space}\\${mark}` : `${space}${digits ?? ''}\\${dot ?? ''}`,
    );
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A table cell: as markdownText, shorter, and never empty. */
export function markdownCell(value: string | number | undefined, max = 200): string {
  if (value === undefined || value === '') return '—';
  return typeof value === 'number' ? String(value) : markdownText(value, max);
}

/** A Markdown table from a header and rows of already-escaped cells. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Characters that make a spreadsheet read a cell as a formula (ASCII and full-width forms). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\uff1d', '\uff0b', '\uff0d', '\uff20']);

/**
 * One CSV field (RFC 4180): text that a spreadsheet would run as a formula is prefixed with `'`; fields with a
 * quote, comma or line break are quoted with inner quotes doubled. Numbers are ours and written as they are.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.has(value.charAt(0)) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows joined by CRLF, ending with CRLF (RFC 4180). */
export function csvRows(rows: readonly (readonly (string | number | undefined)[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * JSON text that stays inert if it is pasted into HTML or a script: `<`, `>`, `&`, U+2028 and U+2029 are
 * written as `\u` escapes (still the same JSON value).
 */
export function safeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => visible(c))}\n`;
}
