import type { Db } from './database.ts';
import { cached } from './statements.ts';
import type { EventKey } from './text-match.ts';

/**
 * Events of one source IP, account or host in time order without sorting them all. The entity indexes
 * (indexes.ts) are (entity, action, outcome, dataset, ts_ms, …): each (action, outcome, dataset) of an entity
 * is a range in time order. The entity activity summary (activity.ts) lists an entity's combinations, so the
 * newest events are the merge of the newest of each range: a page of n reads about n entries per range.
 */

/** The fields whose index ranges are merged, and their columns. */
export const ENTITY_COLUMNS: Readonly<Record<string, string>> = { 'source.ip': 'source_ip', 'user.name': 'user_name', 'host.name': 'host_name' };
/** Fields that narrow an entity's ranges to some of its combinations. */
export const NARROWING: Readonly<Record<string, 'action' | 'outcome' | 'dataset'>> = { 'event.action': 'action', 'event.outcome': 'outcome', 'event.dataset': 'dataset' };

/** More combinations than this and merging their ranges costs more than it saves: the query sorts instead. */
const MAX_RANGES = 64;

export interface Combination {
  action: string | null;
  outcome: string | null;
  dataset: string;
  events: number;
}

export interface EntityRanges {
  column: string;
  value: string;
  combinations: Combination[];
  /** How many events the entity has in these combinations (all times). */
  events: number;
}

/**
 * The ranges for the filter's fields: of the entity field with the fewest events (others, and every other
 * field, are conditions the caller adds), narrowed by the action, outcome and dataset fields given. Undefined
 * when no entity field is given or the entity has too many combinations.
 */
export function entityRanges(db: Db, fields: Readonly<Record<string, string>>): EntityRanges | undefined {
  let best: EntityRanges | undefined;
  for (const [key, value] of Object.entries(fields)) {
    const column = ENTITY_COLUMNS[key];
    if (column === undefined) continue;
    const rows = cached(db, `SELECT action, outcome, dataset, sum(events) AS events FROM entity_activity WHERE kind = ? AND value = ?
      GROUP BY ifnull(action, x''), ifnull(outcome, x''), dataset`).all(column, value) as Combination[];
    const combinations = rows.filter((c) => Object.entries(NARROWING).every(([field, part]) => fields[field] === undefined || c[part] === fields[field]));
    const events = combinations.reduce((sum, c) => sum + c.events, 0);
    if (best === undefined || events < best.events) best = { column, value, combinations, events };
  }
  return best !== undefined && best.combinations.length <= MAX_RANGES ? best : undefined;
}

/**
 * Up to `limit` of the timed events of one of the entity's combinations with a time in [lo, hi) that meet
 * the conditions (over `events e`), in `order` of time (ties within a millisecond in index order).
 */
export function combinationEvents(db: Db, ranges: EntityRanges, combination: Combination, lo: number, hi: number, order: 'asc' | 'desc', limit: number, conditions: { where: string[]; params: unknown[] }): EventKey[] {
  const where = [`e.${ranges.column} = ?`, 'e.action IS ?', 'e.outcome IS ?', 'e.dataset = ?', 'e.ts_ms >= ?', 'e.ts_ms < ?', ...conditions.where];
  const sql = `SELECT e.ts_ms, e.rowid FROM events e WHERE ${where.join(' AND ')} ORDER BY e.ts_ms ${order === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`;
  const bound = (ms: number) => Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, ms));
  return cached(db, sql).all(ranges.value, combination.action, combination.outcome, combination.dataset, bound(lo), bound(hi), ...conditions.params, limit) as EventKey[];
}
