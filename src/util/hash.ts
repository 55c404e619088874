import crypto from 'node:crypto';

/** A stable content hash of several strings (NUL-separated), as `hexChars` hex digits. */
export function contentHash(parts: readonly string[], hexChars = 32): string {
  return crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, hexChars);
}
