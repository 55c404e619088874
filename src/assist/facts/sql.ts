import type { Statement } from 'better-sqlite3';
import type { PlanFilters } from '../../schema/assist.ts';
import type { Db } from '../../store/index.ts';
import { filterClause } from '../retrieve/index.ts';
import type { FactContext } from './types.ts';

/**
 * Shared query pieces. Every event query of a fact goes through `scoped`: the plan's filters (time, source
 * IP, user, host) are part of every count, so numbers and citations always describe the same events.
 */

export interface Where {
  sql: string;
  params: unknown[];
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, kept per connection: one answer runs the same few dozen shapes many times. */
export function statement(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (cache === undefined) statements.set(db, (cache = new Map<string, Statement>()));
  let found = cache.get(sql);
  if (found === undefined) {
    if (cache.size > 500) cache.clear();
    found = db.prepare(sql);
    cache.set(sql, found);
  }
  return found;
}

/** Every row. */
export function rows<T>(ctx: Pick<FactContext, 'db'>, sql: string, params: readonly unknown[]): T[] {
  return statement(ctx.db, sql).pluck(false).all(...params) as T[];
}

/** The first row. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the row shape its SELECT returns
export function row<T>(ctx: Pick<FactContext, 'db'>, sql: string, params: readonly unknown[]): T | undefined {
  return statement(ctx.db, sql).pluck(false).get(...params) as T | undefined;
}

/** The first column of every row. */
export function column<T>(ctx: Pick<FactContext, 'db'>, sql: string, params: readonly unknown[]): T[] {
  return statement(ctx.db, sql).pluck(true).all(...params) as T[];
}

/** The first column of the first row. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the row shape its SELECT returns
export function value<T>(ctx: Pick<FactContext, 'db'>, sql: string, params: readonly unknown[]): T | undefined {
  return statement(ctx.db, sql).pluck(true).get(...params) as T | undefined;
}

/** The plan's filters, optionally overridden (e.g. one IP of a list), as a WHERE body over alias `e`. */
export function scoped(ctx: FactContext, condition: string, params: readonly unknown[] = [], override: PlanFilters = {}, alias = 'e'): Where {
  const all: unknown[] = [];
  const filters = filterClause({ ...ctx.plan.filters, ...override }, all, alias);
  const parts = [filters, condition].filter((p) => p !== '');
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params: [...all, ...params] };
}

/** `where` narrowed by one more condition. */
export function and(where: Where, condition: string, params: readonly unknown[] = []): Where {
  return { sql: `${where.sql} AND ${condition}`, params: [...where.params, ...params] };
}

/**
 * Event ids (lower-case hex) matching `where`, in time order, at most `limit`. The rowids are found from the
 * indexes first; only the rows cited are read for their ids.
 */
export function eventIds(ctx: FactContext, where: Where, limit = ctx.limits.eventIds): string[] {
  if (limit <= 0) return [];
  const rowids = column<number>(ctx, `SELECT e.rowid FROM events e WHERE ${where.sql} ORDER BY e.ts_ms, e.rowid LIMIT ?`, [...where.params, limit]);
  return idsOfRowids(ctx, rowids);
}

/** The ids of these rows, in the order given: one statement, the rows read in rowid order. */
export function idsOfRowids(ctx: Pick<FactContext, 'db'>, rowids: readonly number[]): string[] {
  if (rowids.length === 0) return [];
  if (rowids.length === 1) return [value<string>(ctx, 'SELECT lower(hex(id)) FROM events WHERE rowid = ?', [rowids[0]])!];
  const found = statement(ctx.db, 'SELECT rowid, lower(hex(id)) FROM events WHERE rowid IN (SELECT value FROM json_each(?))').pluck(false).raw(true).all(JSON.stringify(rowids)) as [number, string][];
  const ids = new Map(found);
  return rowids.map((r) => ids.get(r)!);
}

export interface Tally {
  /** Matching records. */
  events: number;
  /** Occurrences they stand for (sum of `count`). */
  occurrences: number;
  first: number | null;
  last: number | null;
}

export function tally(ctx: FactContext, where: Where): Tally {
  return row<Tally>(ctx, `SELECT count(*) AS events, coalesce(sum(e.count), 0) AS occurrences, min(e.ts_ms) AS first, max(e.ts_ms) AS last FROM events e WHERE ${where.sql}`, where.params)!;
}

export interface Counted {
  value: string;
  events: number;
  occurrences: number;
  /** One of its records (the first stored), for citations. */
  sampleRowid: number;
}

/** Distinct values of one column among matching events, most occurrences first. */
export function countBy(ctx: FactContext, column: string, where: Where, limit = 1000): Counted[] {
  return rows<Counted>(
    ctx,
    `SELECT e.${column} AS value, count(*) AS events, sum(e.count) AS occurrences, min(e.rowid) AS sampleRowid FROM events e
     WHERE ${where.sql} AND e.${column} IS NOT NULL GROUP BY e.${column} ORDER BY occurrences DESC, value LIMIT ?`,
    [...where.params, limit],
  );
}

/** How many distinct values a column has among matching events. */
export function distinct(ctx: FactContext, column: string, where: Where): number {
  return row<{ n: number }>(ctx, `SELECT count(DISTINCT e.${column}) AS n FROM events e WHERE ${where.sql}`, where.params)?.n ?? 0;
}

/** The latest event time of the store (an index lookup), undefined when it holds no timed event. */
export function latestEventMs(ctx: Pick<FactContext, 'db'>): number | undefined {
  return row<{ t: number | null }>(ctx, 'SELECT max(ts_ms) AS t FROM events', [])?.t ?? undefined;
}

/**
 * Actions that occur with this outcome anywhere in the store: a skip-scan of the (action, outcome) index, one
 * seek per distinct action, instead of a scan of every event.
 */
export function actionsWithOutcome(ctx: FactContext, outcome: string): string[] {
  const next = (after: string) => value<string>(ctx, 'SELECT action FROM events WHERE action > ? ORDER BY action LIMIT 1', [after]);
  const out: string[] = [];
  for (let action = next(''), n = 0; action !== undefined && n < 10_000; action = next(action), n++) {
    if (value<number>(ctx, 'SELECT 1 FROM events WHERE action = ? AND outcome = ? LIMIT 1', [action, outcome]) !== undefined) out.push(action);
  }
  return out;
}
