import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoredSettingsSchema, type StoredSettings } from '../schema/settings.ts';
import { VigilError } from '../util/errors.ts';
import type { Db } from './database.ts';

const KEY = 'settings';

/** The settings saved from the API, or undefined when none were. */
export function readSettings(db: Db): StoredSettings | undefined {
  const value = db.prepare('SELECT value FROM store_state WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (value === undefined) return undefined;
  const parsed = StoredSettingsSchema.safeParse(JSON.parse(value));
  if (!parsed.success) throw new VigilError('E_STORE', `the settings kept in the store are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function writeSettings(db: Db, settings: StoredSettings): void {
  db.prepare('INSERT OR REPLACE INTO store_state (key, value) VALUES (?, ?)').run(KEY, JSON.stringify(StoredSettingsSchema.parse(settings)));
}

/**
 * The settings of the store at `path` without opening it as a store (no migration, no extension): what the
 * CLI reads before any verb runs. Undefined when the file does not exist yet or holds no settings.
 */
export function storedSettingsAt(path: string): StoredSettings | undefined {
  if (!existsSync(path)) return undefined;
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new VigilError('E_STORE', `cannot open store ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_state'").pluck().get();
    return table === undefined ? undefined : readSettings(db);
  } finally {
    db.close();
  }
}
