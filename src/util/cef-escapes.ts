const CEF_ESCAPE = /\\([\\=nr|])/g;

/**
 * CEF's backslash escapes decoded, left to right: `\\` `\=` `\|` to the character, `\n` `\r` to a line break
 * (so `C:\\new` is `C:\new`); any other backslash stays. What the CEF reader makes of a value, and what the
 * full-text index reads of a CEF record.
 */
export function decodeCefEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(CEF_ESCAPE, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}
