import { byteEscapeAt, bytesAsText } from '../../../util/escaped-bytes.ts';

const BACKSLASH = 92;
const QUOTE = 34;

/**
 * A quoted access-log field with the server's own escapes undone, as the client sent it: nginx writes `"`, `\`
 * and bytes outside printable ASCII as `\xHH` (`\x22`, `\xC3\xA9`), Apache httpd `\"`, `\\` and `\xhh`. Without
 * this, a request for `/q?a="x"` is stored as `/q?a=\x22x\x22` and a rule looking for `onload="` misses it.
 * A run of byte escapes that is not text (invalid UTF-8, control characters: a TLS handshake sent to an HTTP
 * port) stays as written, where `\x16\x03\x01` says more than U+FFFD. Any other backslash stays. Unambiguous
 * for both servers: nginx writes a backslash as `\x5C`, so it never writes `\"` or `\\`; Apache writes one as
 * `\\`, so its `\x` is always an escape.
 */
export function unescapeServerText(text: string): string {
  let at = text.indexOf('\\');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  while (at >= 0 && at < text.length - 1) {
    const next = text.charCodeAt(at + 1);
    if (next === QUOTE || next === BACKSLASH) {
      out += text.slice(copied, at) + text.charAt(at + 1);
      copied = at + 2;
      at = text.indexOf('\\', copied);
      continue;
    }
    const start = at;
    const bytes: number[] = [];
    for (let value = byteEscapeAt(text, at); value >= 0; value = byteEscapeAt(text, at)) {
      bytes.push(value);
      at += 4;
    }
    if (bytes.length === 0) {
      at = text.indexOf('\\', at + 1);
      continue;
    }
    const decoded = bytesAsText(bytes, true);
    if (decoded !== undefined) {
      out += text.slice(copied, start) + decoded;
      copied = at;
    }
    at = text.indexOf('\\', at);
  }
  return copied === 0 ? text : out + text.slice(copied);
}
