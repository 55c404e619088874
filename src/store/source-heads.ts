import type { Db } from './database.ts';

export const SOURCE_HEADS_TABLE_SQL = `
  CREATE TABLE source_heads (
    head TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    run_id INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/**
 * Which source identity (the key in event ids) each log head was first read under. A head is the hash of a
 * log's first bytes (see pipeline/source-identity.ts): a log renamed by rotation, copied to another folder,
 * compressed, piped in or uploaded again after it grew starts with the same bytes, so it keeps the identity
 * it was first ingested under, and its events keep their ids.
 */
export class SourceHeads {
  constructor(private readonly db: Db) {}

  /**
   * The identity of the log that starts with `head`: the one it was first read under, or else `key`, which is
   * then recorded for it (unless a concurrent ingest recorded another one first, which is then returned).
   */
  claim(head: string, key: string, runId: number): string {
    this.db.prepare('INSERT OR IGNORE INTO source_heads (head, key, run_id) VALUES (?, ?, ?)').run(head, key, runId);
    return this.db.prepare('SELECT key FROM source_heads WHERE head = ?').pluck().get(head) as string;
  }
}
