/**
 * The name an upload is staged under: the first 16 hex digits of its content's sha256, a dash, then its
 * sanitised name (server/uploads/names.ts), so the same content under the same name is stored once.
 */
const HASH_DIGITS = 16;
const STAGED = new RegExp(`^[0-9a-f]{${String(HASH_DIGITS)}}-(.+)$`);

export function stagedFileName(sha256: string, diskName: string): string {
  return `${sha256.slice(0, HASH_DIGITS)}-${diskName}`;
}

/** The sanitised name in a staged file's name, or undefined when the name is not one. */
export function nameInStagedFile(fileName: string): string | undefined {
  return STAGED.exec(fileName)?.[1];
}
