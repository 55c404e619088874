/**
 * The full-text index keyed by time (migration 8). `events_fts` is a contentless FTS5 table whose rowid is an
 * event's **time key**, `ts_ms * 2^21 + (rowid mod 2^21)`, so a word's doclist is in time order and the
 * newest (or oldest) matches of a query are found by walking it from one end (`ORDER BY rowid DESC LIMIT n`),
 * time bounds becoming rowid bounds that FTS5 seeks to; no event row is read to order them. Events without a
 * time get `rowid - 2^63`, below every timed key (the order pages show them in: after the timed ones).
 *
 * A key is taken by the first event that has it. Another event of the same millisecond whose rowid is a
 * multiple of 2^21 away (a store of more than 2M events) would get the same key, and FTS5 would merge or drop
 * one of the two documents; such events, and those whose time is outside the keys' range (before 1900 or
 * after 2109, where `ts_ms * 2^21` leaves 64 bits), are indexed in `events_fts_extra` under their event rowid
 * instead. Queries read both (text-match.ts). A main key therefore maps back to the one event of its
 * millisecond with those low bits that is not in `events_fts_extra` (its `docsize` table lists them).
 *
 * Events are never deleted, so the tables need no `contentless_delete`; nothing reads column values from them.
 * An event updated in place (event-refresh.ts) is deleted from its index with the values it was indexed with.
 *
 * Keys exceed 2^53: JavaScript never holds one. SQL computes them, and reads give the millisecond and the low
 * bits apart (`rowid >> 21`, `rowid & LOW_MASK`).
 */

import { CEF_RECORD_FORMATS, JSON_RECORD_FORMATS, URL_JSON_RECORD_FORMATS, WEB_RECORD_FORMATS, ZEEK_TSV_FORMATS, rawTextSql, reindexedSql, searchTextSql } from './search-text.ts';

export const LOW_BITS = 21;
export const LOW_MASK = 2 ** LOW_BITS - 1;
/** The timed keys' range of `ts_ms`: [MIN_KEY_MS, MAX_KEY_MS). */
export const MIN_KEY_MS = -(2 ** 41);
export const MAX_KEY_MS = 2 ** 42;
/** Every key below this one is an untimed event's (`rowid - 2^63`); every timed key is at or above it. */
export const UNTIMED_BELOW = '-4611686018427387904';
/** rowid - 2^63 without an intermediate value outside 64 bits. */
const UNTIMED_KEY = (rowid: string) => `${rowid} - 4611686018427387904 - 4611686018427387904`;
/** The event rowid of an untimed key. */
export const untimedRowid = (key: string) => `${key} + 4611686018427387904 + 4611686018427387904`;

/** The key of an event row (`alias.`-qualified: inside subqueries, a bare `rowid` would be another table's). */
export function keySql(alias: string): string {
  return `CASE WHEN ${alias}.ts_ms IS NULL THEN ${UNTIMED_KEY(`${alias}.rowid`)} ELSE ${alias}.ts_ms * ${String(LOW_MASK + 1)} + (${alias}.rowid & ${String(LOW_MASK)}) END`;
}

/** The key of a time (ms, a bound parameter or expression): better-sqlite3 binds numbers as REAL, and FTS5 ignores a REAL rowid bound. */
export function msKeySql(ms: string): string {
  return `CAST(${ms} AS INTEGER) * ${String(LOW_MASK + 1)}`;
}

/** Whether an event's key is a main one: untimed, or timed within the keys' range (a boolean, never NULL). */
export const inKeyRange = (alias: string) => `(${alias}.ts_ms IS NULL OR (${alias}.ts_ms >= ${String(MIN_KEY_MS)} AND ${alias}.ts_ms < ${String(MAX_KEY_MS)}))`;
const outOfKeyRange = (alias: string) => `(${alias}.ts_ms < ${String(MIN_KEY_MS)} OR ${alias}.ts_ms >= ${String(MAX_KEY_MS)})`;

/** The indexed text as the writer gives it (search-text.ts), and as migration 8 gave it (before migration 10). */
const TEXT = searchTextSql;
const RAW_TEXT = rawTextSql;

export const CREATE_TEXT_INDEX = `
  CREATE VIRTUAL TABLE events_fts USING fts5(message, original, content='');
  -- Bulk-friendly full-text index: an 8 MiB term buffer flushes one segment per write batch (the default
  -- 1 MiB cut each batch into several), and segments merge 16 at a time instead of 4, which roughly
  -- halves the indexing work on big ingests; queries still answer in milliseconds (docs/ARCHITECTURE.md).
  INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', 8388608);
  INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 16);
  CREATE VIRTUAL TABLE events_fts_extra USING fts5(message, original, content='');`;

/**
 * The events of rowids (after, last] that go to `events_fts_extra`: a time outside the keys' range, or a key an
 * earlier event holds (possible only above rowid 2^21; looked up in the main index's docsize table, one
 * B-tree probe). In rowid order: FTS5 flushes its term buffer whenever a rowid is not above the previous one.
 */
export const INSERT_EXTRA_TEXT = `
  INSERT INTO events_fts_extra (rowid, message, original)
  SELECT e.rowid, ${TEXT('e')} FROM events e
  WHERE e.rowid > ? AND e.rowid <= ? AND e.ts_ms IS NOT NULL AND (${outOfKeyRange('e')} OR (e.rowid > ${String(LOW_MASK + 1)}
    AND EXISTS (SELECT 1 FROM events_fts_docsize d WHERE d.id = e.ts_ms * ${String(LOW_MASK + 1)} + (e.rowid & ${String(LOW_MASK)}))))
  ORDER BY e.rowid`;

/**
 * The other events of rowids (after, last] under their keys, in key order: the keys are sorted alone (not the
 * text), and the materialised list is read in that order (were SQLite to read it otherwise, only speed would
 * suffer: FTS5 would flush more often). `skipExtra` leaves out the events just put in `events_fts_extra`.
 * The range must span fewer than 2^21 rowids, or two of its events could have the same key.
 */
export function insertMainTextSql(skipExtra: boolean): string {
  return `
    WITH k AS MATERIALIZED (SELECT e.rowid AS r, ${keySql('e')} AS key FROM events e WHERE e.rowid > ? AND e.rowid <= ? AND ${inKeyRange('e')} ORDER BY key)
    INSERT INTO events_fts (rowid, message, original)
    SELECT k.key, ${TEXT('e')} FROM k JOIN events e ON e.rowid = k.r
    ${skipExtra ? 'WHERE NOT EXISTS (SELECT 1 FROM events_fts_extra_docsize x WHERE x.id = k.r)' : ''}`;
}

/** Rowid ranges to index one statement at a time: each spans at most 2^21 rowids (see insertMainTextSql). */
export function keyRanges(after: number, last: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let from = after; from < last; from += LOW_MASK + 1) ranges.push([from, Math.min(last, from + LOW_MASK + 1)]);
  return ranges;
}

/**
 * Migration 8: the external-content index keyed by event rowid becomes the time-keyed one. All events are
 * indexed again, in key order; of the events sharing a key the first keeps it, the others go to the extra
 * table with the out-of-range ones (18-23 s, 14 s CPU, per million events on the 2-core reference machine).
 */
export const TEXT_INDEX_MIGRATION = `
  DROP TABLE events_fts;
  DROP TABLE IF EXISTS events_fts_extra;
  ${CREATE_TEXT_INDEX}
  CREATE TEMP TABLE text_keys AS
    SELECT e.rowid AS r, ${keySql('e')} AS key, row_number() OVER (PARTITION BY ${keySql('e')} ORDER BY e.rowid) AS n
    FROM events e WHERE ${inKeyRange('e')} ORDER BY key;
  INSERT INTO events_fts_extra (rowid, message, original)
    SELECT e.rowid, ${RAW_TEXT('e')} FROM events e
    WHERE e.rowid IN (SELECT o.rowid FROM events o WHERE ${outOfKeyRange('o')} UNION ALL SELECT r FROM temp.text_keys WHERE n > 1)
    ORDER BY e.rowid;
  INSERT INTO events_fts (rowid, message, original)
    SELECT k.key, ${RAW_TEXT('e')} FROM temp.text_keys k JOIN events e ON e.rowid = k.r WHERE k.n = 1;
  DROP TABLE temp.text_keys;`;

/**
 * Migration `version`: the records of `formats` with escapes in them indexed again, decoded as from that version
 * on (search-text.ts): 10 for JSON, 12 for CEF, 13 for web access logs, 14 for Zeek TSV logs, 15 for URL encoding
 * in generic and Zeek JSON. Each is deleted from the index it is in with the values it was indexed with at the
 * version before (a contentless index needs them), then added with the new ones, in key order. Only those rows
 * change; on a store of Sysmon events, that is nearly all of them for migration 10.
 */
function reindexTextSql(formats: readonly string[], version: number): string {
  const before = (alias: string) => searchTextSql(alias, version - 1);
  const after = (alias: string) => searchTextSql(alias, version);
  return `
  CREATE TEMP TABLE reindexed AS
    SELECT e.rowid AS r, ${keySql('e')} AS key, EXISTS (SELECT 1 FROM events_fts_extra_docsize x WHERE x.id = e.rowid) AS extra
    FROM events e WHERE ${reindexedSql('e', formats, version - 1, version)} ORDER BY key;
  INSERT INTO events_fts (events_fts, rowid, message, original)
    SELECT 'delete', k.key, ${before('e')} FROM temp.reindexed k JOIN events e ON e.rowid = k.r WHERE NOT k.extra;
  INSERT INTO events_fts (rowid, message, original)
    SELECT k.key, ${after('e')} FROM temp.reindexed k JOIN events e ON e.rowid = k.r WHERE NOT k.extra;
  INSERT INTO events_fts_extra (events_fts_extra, rowid, message, original)
    SELECT 'delete', e.rowid, ${before('e')} FROM temp.reindexed k JOIN events e ON e.rowid = k.r WHERE k.extra ORDER BY e.rowid;
  INSERT INTO events_fts_extra (rowid, message, original)
    SELECT e.rowid, ${after('e')} FROM temp.reindexed k JOIN events e ON e.rowid = k.r WHERE k.extra ORDER BY e.rowid;
  DROP TABLE temp.reindexed;`;
}

export const SEARCH_TEXT_MIGRATION = reindexTextSql(JSON_RECORD_FORMATS, 10);

/** Migration 12: CEF records, which migration 10 left as written. */
export const CEF_TEXT_MIGRATION = reindexTextSql(CEF_RECORD_FORMATS, 12);

/** Migration 13: web access records (URL encoding), left as written until then. */
export const WEB_TEXT_MIGRATION = reindexTextSql(WEB_RECORD_FORMATS, 13);

/** Migration 14: Zeek TSV records (URL encoding, `\x` bytes). */
export const ZEEK_TEXT_MIGRATION = reindexTextSql(ZEEK_TSV_FORMATS, 14);

/** Migration 15: URL encoding in generic and Zeek JSON records, whose JSON escapes alone were decoded until then. */
export const JSON_URL_TEXT_MIGRATION = reindexTextSql(URL_JSON_RECORD_FORMATS, 15);
