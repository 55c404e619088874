import type { VigilEvent } from '../schema/event.ts';
import { VigilError } from '../util/errors.ts';
import type { Db } from './database.ts';
import { rowToEvent, storedEventColumns, type StoredRow } from './events.ts';

export interface SearchQuery {
  /** Free text, matched as words (all must occur) against message and original text. */
  text?: string;
  /** Exact field filters, ECS paths (`source.ip=1.2.3.4`, `event.outcome=failure`). */
  fields?: Readonly<Record<string, string>>;
  /** ISO-8601 bounds (inclusive since, exclusive until), in UTC milliseconds. */
  sinceMs?: number;
  untilMs?: number;
  limit?: number;
  order?: 'asc' | 'desc';
}

export interface SearchResult {
  total: number;
  events: VigilEvent[];
}

const COLUMNS: Record<string, string> = {
  'source.ip': 'source_ip',
  'destination.ip': 'destination_ip',
  'destination.port': 'destination_port',
  'user.name': 'user_name',
  'host.name': 'host_name',
  'process.name': 'process_name',
  'event.action': 'action',
  'event.outcome': 'outcome',
  'event.code': 'code',
  'event.dataset': 'dataset',
  'vigil.format': 'format',
  format: 'format',
  'log.file.path': 'file_path',
  // Kept in columns only, not in `doc` (see rows.ts):
  'log.line': 'line',
  '@timestamp': 'ts',
  message: 'message',
  'event.original': 'original',
};

const FIELD_PATH = /^[A-Za-z_@][A-Za-z0-9_@.-]{0,100}$/;

/** Turns user text into an FTS5 query of quoted terms, so no input is read as FTS syntax. */
export function ftsQuery(text: string): string | undefined {
  const terms = text.split(/\s+/).filter((t) => t !== '');
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

export function fieldClause(key: string, value: string, params: unknown[]): string {
  const column = COLUMNS[key];
  if (column !== undefined) {
    params.push(column === 'destination_port' ? Number(value) : value);
    return `e.${column} = ?`;
  }
  if (key === 'id') {
    params.push(value);
    return `lower(hex(e.id)) = lower(?)`;
  }
  if (key === 'event.kind') {
    params.push(value);
    return `'event' = ?`;
  }
  if (key === 'event.category') {
    params.push(value);
    // instr, not LIKE: `%` and `_` in the value are text.
    return `instr(',' || e.category || ',', ',' || ? || ',') > 0`;
  }
  if (!FIELD_PATH.test(key)) throw new VigilError('E_USAGE', `not a field path: ${key}`);
  const path = '$' + key.split('.').map((p) => `."${p}"`).join('');
  params.push(path, value);
  return `CAST(json_extract(e.doc, ?) AS TEXT) = ?`;
}

export function searchEvents(db: Db, query: SearchQuery): SearchResult {
  const where: string[] = [];
  const params: unknown[] = [];
  const match = query.text === undefined ? undefined : ftsQuery(query.text);
  let from = 'events e';
  if (match !== undefined) {
    from = 'events_fts f JOIN events e ON e.rowid = f.rowid';
    where.push('events_fts MATCH ?');
    params.push(match);
  }
  for (const [key, value] of Object.entries(query.fields ?? {})) where.push(fieldClause(key, value, params));
  if (query.sinceMs !== undefined) {
    where.push('e.ts_ms >= ?');
    params.push(query.sinceMs);
  }
  if (query.untilMs !== undefined) {
    where.push('e.ts_ms < ?');
    params.push(query.untilMs);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const order = query.order === 'desc' ? 'DESC' : 'ASC';
  const limit = Math.max(0, Math.min(query.limit ?? 50, 10_000));
  const total = (db.prepare(`SELECT count(*) AS n FROM ${from} ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${storedEventColumns('e')} FROM ${from} ${clause} ORDER BY e.ts_ms ${order}, e.rowid ${order} LIMIT ?`)
    .all(...params, limit) as StoredRow[];
  return { total, events: rows.map(rowToEvent) };
}
