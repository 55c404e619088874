import type { Database } from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations.ts';

/**
 * Makes a current store look like one written before migration `version + 1`: drops what every later
 * migration creates (tables, indexes, triggers, added columns) and sets `user_version` back, so that the next open runs
 * those migrations over the stored data, as it would for a user upgrading. What a migration drops and makes
 * again (a rebuilt index) is left in place: it replaces it itself.
 */
export function rewindStore(db: Database, version: number): void {
  const later = MIGRATIONS.filter((m) => m.version > version).reverse();
  for (const migration of later) {
    const replaced = new Set([...migration.sql.matchAll(/DROP\s+(?:TABLE|INDEX|TRIGGER)\s+(?:IF\s+EXISTS\s+)?(\w+)/gi)].map((m) => m[1]!.toLowerCase()));
    for (const [, kind, name] of migration.sql.matchAll(/CREATE\s+(?:VIRTUAL\s+|UNIQUE\s+)?(TABLE|INDEX|TRIGGER)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi)) {
      if (!replaced.has(name!.toLowerCase())) db.exec(`DROP ${kind!.toUpperCase()} IF EXISTS ${name!}`);
    }
    for (const [, table, column] of migration.sql.matchAll(/ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)/gi)) db.exec(`ALTER TABLE ${table!} DROP COLUMN ${column!}`);
  }
  db.pragma(`user_version = ${String(version)}`);
}
