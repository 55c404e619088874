/**
 * Uploaded file names are attacker-controlled: path separators, `..`, NUL and other control characters,
 * bidi overrides, thousands of characters. On disk a file gets a generated name (content hash + a sanitised
 * form of the original); the original, made printable, is kept only as a display name.
 */

const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const MAX_DISPLAY = 255;
const MAX_SAFE = 80;

/** The last path segment of what the client sent, printable, at most 255 characters. */
export function displayName(original: string | undefined): string {
  const last = (original ?? '').split(/[/\\]/).pop() ?? '';
  const printable = last.normalize('NFC').replace(CONTROLS, '').trim();
  const name = printable === '' || printable === '.' || printable === '..' ? 'upload' : printable;
  return Array.from(name).slice(0, MAX_DISPLAY).join('');
}

/** An ASCII name for the disk: letters, digits, `.`, `-`, `_`; no leading dot; the extension kept when cut. */
export function diskName(original: string | undefined): string {
  const ascii = displayName(original)
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._-]+/, '');
  const name = ascii === '' ? 'upload' : ascii;
  if (name.length <= MAX_SAFE) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 12 ? name.slice(dot) : '';
  return name.slice(0, MAX_SAFE - ext.length) + ext;
}
