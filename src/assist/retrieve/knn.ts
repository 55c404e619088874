import type { Db } from '../../store/index.ts';
import { VECTOR_TABLE } from './index-state.ts';
import type { RetrievalFilters } from './types.ts';

/**
 * Nearest templates through sqlite-vec. Its KNN costs one scan of the vectors plus a part that grows with k,
 * so templates are fetched in rounds (k = 256, then 4× more) only as far as the caller walks. Up to a few
 * hundred, k adds little to the scan (1M-event store: 4.4 ms CPU at k = 64, 5.5 at 256), so the first round
 * covers most walks. Dataset and outcome are properties of a template (both are part of its text), so those
 * filters restrict the KNN itself; a caller may also restrict it to a given set of templates.
 */

export interface NearTemplate {
  template: number;
  distance: number;
}

const FIRST_K = 256;
/** sqlite-vec's upper bound on k. */
export const MAX_K = 4096;

/** One `rowid IN (…)` condition (sqlite-vec allows one per query) for the template-level filters and `only`. */
function templateRestriction(filters: RetrievalFilters | undefined, only: readonly number[] | undefined, params: unknown[]): string {
  const where: string[] = [];
  if (filters?.dataset !== undefined) {
    where.push('dataset = ?');
    params.push(filters.dataset);
  }
  if (filters?.outcome !== undefined) {
    where.push('outcome = ?');
    params.push(filters.outcome);
  }
  if (only !== undefined) {
    where.push('id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(only));
  }
  return where.length === 0 ? '' : `AND rowid IN (SELECT id FROM message_templates WHERE ${where.join(' AND ')})`;
}

/**
 * Templates nearest first, within `maxDistance`, among those the filters allow (and, when given, among
 * `only`). A generator: the next, larger KNN round runs only when the caller asks for more.
 */
export function* nearestTemplates(db: Db, vector: Float32Array, filters: RetrievalFilters | undefined, maxDistance: number | undefined, only?: readonly number[]): Generator<NearTemplate> {
  const params: unknown[] = [];
  const restriction = templateRestriction(filters, only, params);
  // Counting a vec0 table scans it: the number of templates bounds k only when the caller gave them.
  const total = only?.length ?? MAX_K;
  const knn = db.prepare(
    `SELECT rowid AS template, distance FROM ${VECTOR_TABLE} WHERE embedding MATCH ? AND k = ? ${restriction} ORDER BY distance`,
  );
  const query = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  let k = Math.min(FIRST_K, total, MAX_K);
  let seen = 0;
  while (k > seen) {
    const rows = (knn.all(query, k, ...params) as NearTemplate[]).sort((a, b) => a.distance - b.distance || a.template - b.template);
    for (const row of rows.slice(seen)) {
      if (maxDistance !== undefined && row.distance > maxDistance) return;
      yield row;
    }
    if (rows.length < k) return;
    seen = rows.length;
    k = Math.min(k * 4, total, MAX_K);
  }
}
