import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';

const MAX_PER_CONNECTION = 500;
const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement for this SQL on this connection, prepared once (preparing costs more than running
 * an indexed query). `pluck` statements are kept apart: plucking is a mode of the statement object.
 */
export function cached(db: Db, sql: string, options: { pluck?: boolean } = {}): Statement {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = options.pluck === true ? `pluck:${sql}` : sql;
  let statement = cache.get(key);
  if (statement === undefined) {
    statement = options.pluck === true ? db.prepare(sql).pluck() : db.prepare(sql);
    if (cache.size >= MAX_PER_CONNECTION) cache.delete(cache.keys().next().value!);
    cache.set(key, statement);
  }
  return statement;
}
