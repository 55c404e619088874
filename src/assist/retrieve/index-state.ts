import type { Db } from '../../store/index.ts';

/** The one row of `vector_index_state` (migration 3): how far templates and vectors are built, and by what. */
export interface IndexState {
  templateVersion: number;
  /** Events up to this rowid have their template. */
  lastEventRowid: number;
  /** The embedder whose vectors `template_vectors` holds, and their length. */
  embedder: string | null;
  dimensions: number | null;
  /** Templates up to this id have their vector. */
  embeddedThrough: number;
  updatedAt: string | null;
}

export const VECTOR_TABLE = 'template_vectors';

interface StateRow {
  template_version: number;
  last_event_rowid: number;
  embedder: string | null;
  dimensions: number | null;
  embedded_through: number;
  updated_at: string | null;
}

export function readIndexState(db: Db): IndexState | undefined {
  const row = db.prepare('SELECT * FROM vector_index_state WHERE id = 1').get() as StateRow | undefined;
  if (row === undefined) return undefined;
  return {
    templateVersion: row.template_version, lastEventRowid: row.last_event_rowid, embedder: row.embedder,
    dimensions: row.dimensions, embeddedThrough: row.embedded_through, updatedAt: row.updated_at,
  };
}

export function writeIndexState(db: Db, state: IndexState): void {
  db.prepare(
    `INSERT OR REPLACE INTO vector_index_state (id, template_version, last_event_rowid, embedder, dimensions, embedded_through, updated_at)
     VALUES (1, ?, ?, ?, ?, ?, ?)`,
  ).run(state.templateVersion, state.lastEventRowid, state.embedder, state.dimensions, state.embeddedThrough, state.updatedAt);
}

export function vectorTableExists(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(VECTOR_TABLE) !== undefined;
}

/** Drops the vectors (their width may change with the next embedder); templates and the mapping stay. */
export function dropVectors(db: Db): void {
  db.exec(`DROP TABLE IF EXISTS ${VECTOR_TABLE}`);
}

export function createVectorTable(db: Db, dimensions: number): void {
  // cosine: every embedder's vectors are unit length, and distances stay comparable across embedders.
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${VECTOR_TABLE} USING vec0(embedding float[${dimensions}] distance_metric=cosine)`);
}

/**
 * Makes the next index update start over, as a new template version does (events' template texts changed in
 * place: `ingest --refresh`); until then the mapping serves as it is.
 */
export function invalidateTemplates(db: Db): void {
  db.prepare('UPDATE vector_index_state SET template_version = -1 WHERE id = 1').run();
}

/** Forgets all templates, the event mapping and the vectors (a new template version). */
export function resetTemplates(db: Db): void {
  dropVectors(db);
  db.exec('DELETE FROM event_templates; DELETE FROM message_templates; DELETE FROM vector_index_state;');
}
