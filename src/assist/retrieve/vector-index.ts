import { setImmediate as nextTurn } from 'node:timers/promises';
import { vectorExtensionProblem } from '../../store/database.ts';
import type { Db, Store } from '../../store/index.ts';
import { errorMessage } from '../../util/errors.ts';
import { EmbeddingError, type Embedder } from './embedder.ts';
import { builtInEmbedder, hashedEmbedder, isBuiltInEmbedderId } from './hashed-embedder.ts';
import { createVectorTable, dropVectors, readIndexState, resetTemplates, vectorTableExists, VECTOR_TABLE, writeIndexState, type IndexState } from './index-state.ts';
import { MAX_SOURCE, TEMPLATE_VERSION, TemplateCatalog, type TemplateSource } from './templates.ts';

/**
 * Keeps the vector index up to date, incrementally: events stored since the last run get their template
 * (templates.ts), then templates without a vector get one from the embedder. Both steps commit batch by
 * batch and record how far they got in `vector_index_state`, so an interrupted run resumes where it stopped
 * and a run with nothing new costs two small queries. Another embedder than the one that built the vectors
 * drops them and embeds every template again (the template mapping stays: it does not depend on the embedder).
 */

export interface VectorUpdateOptions {
  signal?: AbortSignal;
  /** Events read per transaction (default 2,000). */
  batch?: number;
  actor?: string;
  now?: () => Date;
  /**
   * Templates already given as the events were written (TemplatesAsWritten): counted in the report as if this
   * run had given them.
   */
  assigned?: { events: number; templatesBefore: number };
}

export interface VectorUpdateReport {
  /** The embedder that made the vectors; null when only templates were assigned. */
  embedder: string | null;
  /** Events given their template by this run. */
  events: number;
  newTemplates: number;
  templates: number;
  /** Templates embedded by this run. */
  embedded: number;
  /** The vectors (or, after a template version change, the whole index) were built again from scratch. */
  rebuilt: boolean;
  /** Templates still without a vector (no embedder given, or sqlite-vec unavailable). */
  pendingTemplates: number;
  /** Why there are no vectors, when sqlite-vec did not load. */
  problem?: string;
  durationMs: number;
}

const DEFAULT_BATCH = 2000;

export async function updateVectorIndex(store: Store, embedder: Embedder | undefined, options: VectorUpdateOptions = {}): Promise<VectorUpdateReport> {
  const started = performance.now();
  const db = store.db;
  const now = options.now ?? (() => new Date());
  const templatesBefore = options.assigned?.templatesBefore ?? maxTemplateId(db);
  const reset = ensureState(db, now);
  const problem = embedder === undefined ? undefined : vectorExtensionProblem(db);
  const usable = problem === undefined ? embedder : undefined;
  let events = options.assigned?.events ?? 0;
  let vectors = { embedded: 0, rebuilt: false };
  const report = (): VectorUpdateReport => {
    const templates = maxTemplateId(db);
    const result: VectorUpdateReport = {
      embedder: usable?.id ?? null, events, newTemplates: reset ? templates : templates - templatesBefore, templates,
      embedded: vectors.embedded, rebuilt: reset || vectors.rebuilt, pendingTemplates: templates - readIndexState(db)!.embeddedThrough,
      durationMs: performance.now() - started,
    };
    if (problem !== undefined) result.problem = problem;
    return result;
  };
  try {
    const already = events;
    events += await assignTemplates(db, Math.max(1, options.batch ?? DEFAULT_BATCH), now, options.signal, (n) => (events = already + n));
    if (usable !== undefined) vectors = await embedTemplates(db, usable, now, options.signal, (v) => (vectors = v));
  } catch (error) {
    audit(store, options.actor, report(), errorMessage(error));
    throw error;
  }
  const done = report();
  if (done.events > 0 || done.embedded > 0 || done.rebuilt) audit(store, options.actor, done);
  return done;
}

/** One audit record per run that changed the index, and per run that failed (with what it did before). */
function audit(store: Store, actor: string | undefined, report: VectorUpdateReport, error?: string): void {
  const { durationMs, ...details } = report;
  store.audit.append({
    actor: actor ?? 'vigil', action: 'vector-index', target: report.embedder ?? 'templates',
    details: { ...details, durationMs: Math.round(durationMs), status: error === undefined ? 'completed' : 'failed', error },
  });
}

/**
 * The embedder that keeps this store's index going without being told: the built-in one, unless a provider's
 * embedder built the index (then `undefined`: new events get their template, the vectors wait for it).
 */
export function defaultIndexEmbedder(db: Db): Embedder | undefined {
  const built = readIndexState(db)?.embedder ?? null;
  if (built === null || isBuiltInEmbedderId(built)) return (built === null ? undefined : builtInEmbedder(built)) ?? hashedEmbedder();
  return undefined;
}

function maxTemplateId(db: Db): number {
  return db.prepare('SELECT coalesce(max(id), 0) FROM message_templates').pluck().get() as number;
}

/** Creates the state row; starts over when templates were made by another template version. True when it did. */
function ensureState(db: Db, now: () => Date): boolean {
  const state = readIndexState(db);
  if (state?.templateVersion === TEMPLATE_VERSION) return false;
  db.transaction(() => {
    if (state !== undefined) resetTemplates(db);
    writeIndexState(db, { templateVersion: TEMPLATE_VERSION, lastEventRowid: 0, embedder: null, dimensions: null, embeddedThrough: 0, updatedAt: now().toISOString() });
  }).immediate();
  return state !== undefined;
}

async function assignTemplates(db: Db, batch: number, now: () => Date, signal: AbortSignal | undefined, progress: (events: number) => void): Promise<number> {
  const latest = db.prepare('SELECT coalesce(max(rowid), 0) FROM events').pluck().get() as number;
  if (latest <= readIndexState(db)!.lastEventRowid) return 0;
  const catalog = new TemplateCatalog(db);
  const select = db.prepare(
    `SELECT rowid, dataset, action, outcome, code, user_name AS user, host_name AS host, substr(coalesce(message, original), 1, ${MAX_SOURCE}) AS text
     FROM events WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  );
  const map = db.prepare('INSERT OR REPLACE INTO event_templates (event_rowid, template_id) VALUES (?, ?)');
  const step = db.transaction(() => {
    const state = readIndexState(db)!;
    const rows = select.all(state.lastEventRowid, batch) as (TemplateSource & { rowid: number })[];
    for (const row of rows) map.run(row.rowid, catalog.idOf(row));
    catalog.flushCounts();
    if (rows.length > 0) writeIndexState(db, { ...state, lastEventRowid: rows[rows.length - 1]!.rowid, updatedAt: now().toISOString() });
    return rows.length;
  });
  let events = 0;
  for (;;) {
    signal?.throwIfAborted();
    let count: number;
    try {
      count = step.immediate();
    } catch (error) {
      catalog.forget();
      throw error;
    }
    events += count;
    progress(events);
    if (count < batch) return events;
    await nextTurn();
  }
}

/**
 * Embeds templates without a vector, batch by batch. When the vectors are another embedder's (or missing),
 * they are dropped in the same transaction that stores the first new batch: an embedder that fails on its
 * first call leaves the previous index as it was.
 */
async function embedTemplates(
  db: Db, embedder: Embedder, now: () => Date, signal: AbortSignal | undefined, progress: (done: { embedded: number; rebuilt: boolean }) => void,
): Promise<{ embedded: number; rebuilt: boolean }> {
  const pending = db.prepare('SELECT id, text FROM message_templates WHERE id > ? ORDER BY id LIMIT ?');
  let embedded = 0;
  let rebuilt = false;
  for (;;) {
    signal?.throwIfAborted();
    const from = readIndexState(db)!;
    const switching = from.embedder !== embedder.id || !vectorTableExists(db);
    const rows = pending.all(switching ? 0 : from.embeddedThrough, embedder.batchSize) as { id: number; text: string }[];
    if (rows.length === 0) return { embedded, rebuilt };
    const vectors = await embedder.embed(rows.map((r) => r.text), signal);
    if (vectors.length !== rows.length) throw new EmbeddingError(`${embedder.id} returned ${vectors.length} vectors for ${rows.length} texts`);
    const stored = storeVectors(db, { from, switching, embedder: embedder.id }, rows, vectors, now);
    if (stored > 0 && switching && from.embedder !== null) rebuilt = true;
    embedded += stored;
    progress({ embedded, rebuilt });
  }
}

interface BatchStart {
  from: IndexState;
  switching: boolean;
  embedder: string;
}

/** Writes one batch of vectors unless another process moved the index meanwhile; returns how many it wrote. */
function storeVectors(db: Db, start: BatchStart, rows: readonly { id: number }[], vectors: readonly Float32Array[], now: () => Date): number {
  return db.transaction(() => {
    let state = readIndexState(db)!;
    if (state.embedder !== start.from.embedder || state.embeddedThrough !== start.from.embeddedThrough) return 0;
    if (start.switching) {
      dropVectors(db);
      state = { ...state, embedder: start.embedder, dimensions: null, embeddedThrough: 0 };
    }
    const dimensions = vectors[0]!.length;
    if (state.dimensions !== null && state.dimensions !== dimensions) {
      throw new EmbeddingError(`${start.embedder} returned ${dimensions} values per vector after ${state.dimensions}`);
    }
    createVectorTable(db, dimensions);
    const insert = db.prepare(`INSERT INTO ${VECTOR_TABLE} (rowid, embedding) VALUES (?, ?)`);
    rows.forEach((row, i) => insert.run(BigInt(row.id), Buffer.from(vectors[i]!.buffer, vectors[i]!.byteOffset, vectors[i]!.byteLength)));
    writeIndexState(db, { ...state, dimensions, embeddedThrough: rows[rows.length - 1]!.id, updatedAt: now().toISOString() });
    return rows.length;
  }).immediate();
}
