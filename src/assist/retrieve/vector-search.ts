import { vectorExtensionProblem } from '../../store/database.ts';
import type { Db } from '../../store/index.ts';
import type { Embedder } from './embedder.ts';
import { readIndexState, vectorTableExists } from './index-state.ts';
import { MAX_K, nearestTemplates, type NearTemplate } from './knn.ts';
import { countFiltered, gatherFiltered, GATHER_LIMIT, unfilteredEvents, walkedEvents, WALK_TEMPLATES, type TemplateEvents } from './template-events.ts';
import type { RetrievalFilters } from './types.ts';

/**
 * The vector half of retrieval: the question's nearest templates, expanded to their events under the
 * structured filters (template-events.ts). Events of one template are taken newest first, and each further
 * event of a template counts DIVERSITY_STEP of distance more, so the list mixes the close templates instead
 * of filling up with the nearest one's thousand copies.
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

const DIVERSITY_STEP = 0.05;
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
  /** Filtered events read at once at most (default GATHER_LIMIT, template-events.ts); beyond, templates are walked. */
  gatherLimit?: number;
}

export async function vectorSearch(db: Db, question: string, embedder: Embedder, options: VectorSearchOptions): Promise<VectorResult> {
  const { filters, limit } = options;
  const readiness = vectorReadiness(db, embedder);
  if (readiness.status !== 'used') return { ...readiness, hits: [] };
  const [vector] = await embedder.embed([question], options.signal);
  if (vector === undefined || vector.every((x) => x === 0)) return { status: 'no-features', hits: [] };
  const near = (only?: readonly number[]) => nearestTemplates(db, vector, filters, embedder.maxDistance, only);
  return { status: 'used', hits: withIds(db, rankEvents(db, near, eventLevel(filters), limit, options.gatherLimit ?? GATHER_LIMIT)) };
}

type Near = (only?: readonly number[]) => Iterable<NearTemplate>;

/** The best `limit` events of the nearest templates, found the way the event-level filters call for (template-events.ts). */
function rankEvents(db: Db, near: Near, eventFilters: RetrievalFilters | undefined, limit: number, gatherLimit: number): Scored[] {
  if (eventFilters === undefined) return walk(near(), unfilteredEvents(db), limit, Infinity);
  if (countFiltered(db, eventFilters, gatherLimit) > gatherLimit) return walk(near(), walkedEvents(db, eventFilters), limit, WALK_TEMPLATES);
  const gathered = gatherFiltered(db, eventFilters, limit);
  const templates = gathered.size <= MAX_K ? near([...gathered.keys()]) : near();
  return walk(templates, (template, most) => (gathered.get(template) ?? []).slice(0, most), limit, Infinity);
}

/** The filters a template cannot answer for itself (dataset and outcome restrict the KNN, knn.ts). */
function eventLevel(filters: RetrievalFilters | undefined): RetrievalFilters | undefined {
  const rest = Object.entries(filters ?? {}).filter(([key, value]) => value !== undefined && !TEMPLATE_LEVEL.has(key));
  return rest.length === 0 ? undefined : Object.fromEntries(rest);
}

type Scored = Omit<VectorHit, 'id'> & { key: number };

/**
 * Walks templates nearest first until no further template could place an event among the best `limit`
 * (or `maxTemplates` were looked at). Once `limit` events are held, a template is read only as deep as its
 * events could still place (each one DIVERSITY_STEP further; one more for rounding).
 */
function walk(templates: Iterable<NearTemplate>, eventsOf: TemplateEvents, limit: number, maxTemplates: number): Scored[] {
  const scored: Scored[] = [];
  let cutoff = Infinity;
  let walked = 0;
  for (const { template, distance } of templates) {
    if (distance >= cutoff || walked++ >= maxTemplates) break;
    const most = cutoff === Infinity ? limit : Math.min(limit, Math.floor((cutoff - distance) / DIVERSITY_STEP) + 2);
    eventsOf(template, most).forEach((rowid, i) => scored.push({ rowid, template, distance, key: distance + DIVERSITY_STEP * i }));
    if (scored.length >= limit) {
      scored.sort(byKey);
      scored.length = limit;
      cutoff = scored[limit - 1]!.key;
    }
  }
  return scored.sort(byKey).slice(0, limit);
}

function byKey(a: Scored, b: Scored): number {
  return a.key - b.key || a.distance - b.distance || a.template - b.template || b.rowid - a.rowid;
}

function withIds(db: Db, ranked: readonly Scored[]): VectorHit[] {
  if (ranked.length === 0) return [];
  const rows = db
    .prepare('SELECT rowid, lower(hex(id)) FROM events WHERE rowid IN (SELECT value FROM json_each(?))')
    .raw()
    .all(JSON.stringify(ranked.map((r) => r.rowid))) as [number, string][];
  const ids = new Map(rows);
  return ranked.map(({ rowid, template, distance }) => ({ rowid, id: ids.get(rowid) ?? '', template, distance }));
}
