import { vectorExtensionProblem } from '../../store/database.ts';
import type { Db } from '../../store/index.ts';
import type { Embedder } from './embedder.ts';
import { filterClause } from './filters.ts';
import { readIndexState, vectorTableExists } from './index-state.ts';
import { MAX_K, nearestTemplates, type NearTemplate } from './knn.ts';
import type { RetrievalFilters } from './types.ts';

/**
 * The vector half of retrieval: the question's nearest templates, expanded to their events under the
 * structured filters. Events of one template are taken newest first, and each further event of a template
 * counts DIVERSITY_STEP of distance more, so the list mixes the close templates instead of filling up with
 * the nearest one's thousand copies. With filters on time, address, user or host, the events are found
 * either template by template (broad filters) or, when at most GATHER_LIMIT events pass them, all at once
 * and the KNN restricted to their templates (a template of a million events is never scanned for three).
 */

/** `failed`: the embedder threw (a provider down); retrieval goes on with full text. */
export type VectorStatus = 'used' | 'empty' | 'unavailable' | 'embedder-mismatch' | 'no-features' | 'failed';

export interface VectorHit {
  rowid: number;
  id: string;
  template: number;
  distance: number;
}

export interface VectorResult {
  status: VectorStatus;
  /** Which embedder built the index (mismatch), why vectors are unavailable, or what failed. */
  detail?: string;
  hits: VectorHit[];
}

interface EventRef {
  rowid: number;
  id: string;
}

const DIVERSITY_STEP = 0.05;
const GATHER_LIMIT = 20_000;
const TEMPLATE_LEVEL = new Set<string>(['dataset', 'outcome']);

/** Whether the index can answer for this embedder, and why not. */
export function vectorReadiness(db: Db, embedder: Embedder): Omit<VectorResult, 'hits'> {
  const problem = vectorExtensionProblem(db);
  if (problem !== undefined) return { status: 'unavailable', detail: problem };
  const state = readIndexState(db);
  if (state?.embedder === undefined || state.embedder === null || state.embeddedThrough === 0 || !vectorTableExists(db)) return { status: 'empty' };
  if (state.embedder !== embedder.id) return { status: 'embedder-mismatch', detail: state.embedder };
  return { status: 'used' };
}

export interface VectorSearchOptions {
  filters?: RetrievalFilters;
  limit: number;
  signal?: AbortSignal;
  /** At most this many filtered events are gathered at once (default GATHER_LIMIT); beyond, templates are walked. */
  gatherLimit?: number;
}

export async function vectorSearch(db: Db, question: string, embedder: Embedder, options: VectorSearchOptions): Promise<VectorResult> {
  const { filters, limit } = options;
  const readiness = vectorReadiness(db, embedder);
  if (readiness.status !== 'used') return { ...readiness, hits: [] };
  const [vector] = await embedder.embed([question], options.signal);
  if (vector === undefined || vector.every((x) => x === 0)) return { status: 'no-features', hits: [] };
  const near = (only?: readonly number[]) => nearestTemplates(db, vector, filters, embedder.maxDistance, only);
  const eventFilters = eventLevel(filters);
  if (eventFilters === undefined) return { status: 'used', hits: walk(near(), eventsOfTemplate(db, undefined, limit), limit) };
  const gathered = gatherFiltered(db, eventFilters, limit, options.gatherLimit ?? GATHER_LIMIT);
  if (gathered !== undefined && gathered.size <= MAX_K) {
    return { status: 'used', hits: walk(near([...gathered.keys()]), (template) => gathered.get(template) ?? [], limit) };
  }
  return { status: 'used', hits: walk(near(), eventsOfTemplate(db, eventFilters, limit), limit) };
}

/** The filters a template cannot answer for itself (dataset and outcome restrict the KNN, knn.ts). */
function eventLevel(filters: RetrievalFilters | undefined): RetrievalFilters | undefined {
  const rest = Object.entries(filters ?? {}).filter(([key, value]) => value !== undefined && !TEMPLATE_LEVEL.has(key));
  return rest.length === 0 ? undefined : Object.fromEntries(rest);
}

function eventsOfTemplate(db: Db, filters: RetrievalFilters | undefined, limit: number): (template: number) => EventRef[] {
  const params: unknown[] = [];
  const where = filterClause(filters, params);
  const statement = db.prepare(
    `SELECT e.rowid AS rowid, lower(hex(e.id)) AS id FROM event_templates t JOIN events e ON e.rowid = t.event_rowid
     WHERE t.template_id = ? ${where === '' ? '' : `AND ${where}`} ORDER BY t.event_rowid DESC LIMIT ?`,
  );
  return (template) => statement.all(template, ...params, limit) as EventRef[];
}

/** Every event passing the filters, by template (newest first, `limit` each); undefined when more than `most` pass. */
function gatherFiltered(db: Db, filters: RetrievalFilters, limit: number, most: number): Map<number, EventRef[]> | undefined {
  const params: unknown[] = [];
  const where = filterClause(filters, params);
  const rows = db
    .prepare(
      `SELECT e.rowid AS rowid, lower(hex(e.id)) AS id, t.template_id AS template FROM events e JOIN event_templates t ON t.event_rowid = e.rowid
       WHERE ${where} LIMIT ?`,
    )
    .all(...params, most + 1) as (EventRef & { template: number })[];
  if (rows.length > most) return undefined;
  const byTemplate = new Map<number, EventRef[]>();
  for (const row of rows.sort((a, b) => b.rowid - a.rowid)) {
    const list = byTemplate.get(row.template) ?? [];
    if (list.length < limit) list.push({ rowid: row.rowid, id: row.id });
    byTemplate.set(row.template, list);
  }
  return byTemplate;
}

/** Walks templates nearest first until no further template could place an event among the best `limit`. */
function walk(templates: Iterable<NearTemplate>, eventsOf: (template: number) => readonly EventRef[], limit: number): VectorHit[] {
  const scored: (VectorHit & { key: number })[] = [];
  let cutoff = Infinity;
  for (const { template, distance } of templates) {
    if (distance >= cutoff) break;
    eventsOf(template).forEach((row, i) => scored.push({ rowid: row.rowid, id: row.id, template, distance, key: distance + DIVERSITY_STEP * i }));
    if (scored.length >= limit) {
      scored.sort(byKey);
      scored.length = limit;
      cutoff = scored[limit - 1]!.key;
    }
  }
  return scored.sort(byKey).slice(0, limit).map(({ rowid, id, template, distance }) => ({ rowid, id, template, distance }));
}

function byKey(a: VectorHit & { key: number }, b: VectorHit & { key: number }): number {
  return a.key - b.key || a.distance - b.distance || a.template - b.template || b.rowid - a.rowid;
}
