import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildEvent } from '../../src/normalize/build.ts';
import { TimeResolver } from '../../src/normalize/time.ts';
import type { EventFields, VigilEvent } from '../../src/schema/event.ts';
import { eventPage, type EventFilter, type PagePosition } from '../../src/store/event-page.ts';
import type { Combine } from '../../src/store/event-walk.ts';
import { filterClauses } from '../../src/store/event-filter.ts';
import { openStore, searchEvents, type Store } from '../../src/store/index.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { TEXT_INDEX_MIGRATION } from '../../src/store/text-keys.ts';
import { timeline } from '../../src/store/timeline.ts';
import { tempDirs } from '../helpers/temp.ts';
import { rewindStore } from '../helpers/old-store.ts';

/**
 * Event pages with words and entity fields (event-walk.ts over the time-keyed full-text index) against the
 * naive answer: every event tested one by one, sorted by (time, rowid), untimed ones last. The store mixes
 * out-of-order ingest, equal times, untimed events, key collisions (events 2^21 rowids apart in the same
 * millisecond) and times outside the keys' range.
 */

const temp = tempDirs('event-search');
const time = new TimeResolver({ tz: 'UTC' }, Date.UTC(2024, 5, 1), Date.UTC(2024, 5, 1));
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega'];
const IPS = ['203.0.113.7', '198.51.100.4', '192.0.2.1'];
const USERS = ['root', 'alice', 'bob'];
const HOSTS = ['web-1', 'db-1'];
const ACTIONS: [string, 'success' | 'failure'][] = [['ssh-login', 'failure'], ['ssh-login', 'success'], ['sudo', 'success']];
const COLLISION = 2 ** 21;

let line = 0;
/** A deterministic event: words, entities and action chosen from the tables by `i`. */
function event(i: number, timestamp: string | undefined): VigilEvent {
  const words = WORDS.filter((_, w) => (i >> w) % 2 === 1 || (w === 4 && i % 11 === 0));
  const [action, outcome] = ACTIONS[i % ACTIONS.length]!;
  const fields: EventFields = {
    source: { ip: IPS[i % IPS.length]! },
    user: { name: USERS[(i >> 1) % USERS.length]! },
    host: { name: HOSTS[i % HOSTS.length]! },
    event: { action, outcome },
    process: { name: i % 4 === 0 ? 'sshd' : 'sudo' },
  };
  const original = `event ${String(i)} ${words.join(' ')} end`;
  line += 1;
  return buildEvent({ time: timestamp, dataset: 'test', fields: { message: original, ...fields }, line, offset: line, original }, { formatId: 'test', path: '/logs/search.log', key: 'search.log', time });
}

/** `count` events from `startMs`, `perMs` of them per millisecond, numbered from `first`. */
function batch(first: number, count: number, startMs: number, perMs: number): VigilEvent[] {
  return Array.from({ length: count }, (_, k) => event(first + k, new Date(startMs + Math.floor(k / perMs) * 1000).toISOString()));
}

/** Copies stored events to new rowids (`offset` above theirs) with other text, as another batch would. */
function copyAt(store: Store, rowids: readonly number[], offset: number, text: (rowid: number) => string, tsMs?: number): void {
  const writer = store.events;
  writer.begin();
  for (const rowid of rowids) {
    store.db
      .prepare(`INSERT INTO events (rowid, id, ts, ts_ms, format, dataset, category, action, outcome, code, source_ip, destination_ip, destination_port, user_name,
        host_name, process_name, count, file_path, line, run_id, message, original, doc)
        SELECT rowid + ?, randomblob(16), ts, coalesce(?, ts_ms), format, dataset, category, action, outcome, code, source_ip, destination_ip, destination_port, user_name,
        host_name, process_name, count, file_path, line, run_id, ?, ?, doc FROM events WHERE rowid = ?`)
      .run(offset, tsMs ?? null, text(rowid), text(rowid), rowid);
  }
  // The writer indexes every row its transaction added.
  writer.commit();
}

const T0 = Date.UTC(2024, 4, 1, 12);

function buildStore(dir: string): Store {
  const store = openStore(join(dir, 'vigil.db'));
  const run = store.runs.start('tester', {});
  line = 0;
  store.events.write(batch(0, 120, T0 + 3_600_000, 3), run); // newer first
  store.events.write(batch(120, 90, T0, 2), run); // older, ingested after
  store.events.write(
    Array.from({ length: 12 }, (_, k) => event(300 + k, undefined)),
    run,
  ); // untimed
  store.events.write(batch(400, 60, T0 + 1_800_000, 4), run); // in between
  // Key collisions: same millisecond, rowid 2^21 (and 2 * 2^21) higher; the copies hold other words (the
  // copy of an untimed event, 215, has a key of its own).
  copyAt(store, [5, 6, 130, 131, 200, 215], COLLISION, (r) => `copy ${String(r)} beta omega`);
  copyAt(store, [5, 131], 2 * COLLISION, (r) => `second copy ${String(r)} alpha`);
  // Times outside the keys' range (before 1900, after 2109).
  copyAt(store, [10, 11], 3 * COLLISION, (r) => `far ${String(r)} gamma alpha`, Date.UTC(2150, 0, 1));
  copyAt(store, [12], 3 * COLLISION + 100, (r) => `ancient ${String(r)} gamma`, Date.UTC(1800, 0, 1));
  // And more ordinary events after the jump in rowids.
  store.events.write(batch(500, 40, T0 + 7_200_000, 5), run);
  return store;
}

const TOKEN = /[\p{L}\p{N}]+/gu;

/** The naive answer: each event tested, sorted in page order. */
function expected(store: Store, filter: EventFilter, order: 'asc' | 'desc'): number[] {
  const base = filterClauses({ ...filter, text: undefined });
  const rows = store.db
    .prepare(`SELECT e.rowid, e.ts_ms, e.message, e.original FROM events e${base.where.length > 0 ? ` WHERE ${base.where.join(' AND ')}` : ''}`)
    .all(...base.params) as { rowid: number; ts_ms: number | null; message: string | null; original: string }[];
  const words = (filter.text ?? '').toLowerCase().match(TOKEN) ?? [];
  const matching = rows.filter((r) => {
    const tokens = new Set(`${r.message ?? ''} ${r.original}`.toLowerCase().match(TOKEN) ?? []);
    return words.every((w) => tokens.has(w));
  });
  const timed = matching.filter((r) => r.ts_ms !== null).sort((a, b) => a.ts_ms! - b.ts_ms! || a.rowid - b.rowid);
  const untimed = matching.filter((r) => r.ts_ms === null).sort((a, b) => a.rowid - b.rowid);
  if (order === 'desc') {
    timed.reverse();
    untimed.reverse();
  }
  return [...timed, ...untimed].map((r) => r.rowid);
}

const rowidOf = (store: Store, id: string) => store.db.prepare('SELECT rowid FROM events WHERE id = unhex(?)').pluck().get(id) as number;

/** Every page of the filter, `limit` at a time, as rowids; and the first page's count. */
function pages(store: Store, filter: EventFilter, order: 'asc' | 'desc', limit: number, combine?: Combine): { rowids: number[]; total: { count: number; exact: boolean } | undefined } {
  const rowids: number[] = [];
  let after: PagePosition | undefined;
  let total: { count: number; exact: boolean } | undefined;
  for (let n = 0; n < 1000; n++) {
    const page = eventPage(store.db, { filter, order, limit, after, count: n === 0, combine });
    if (n === 0) total = page.total;
    rowids.push(...page.events.map((e) => rowidOf(store, e.id)));
    if (page.next === null) return { rowids, total };
    after = page.next;
  }
  throw new Error('no last page');
}

const FILTERS: [string, EventFilter][] = [
  ['a word', { text: 'alpha' }],
  ['two words', { text: 'beta gamma' }],
  ['a word only copies hold', { text: 'copy' }],
  ['a word of the collided copies', { text: 'omega' }],
  ['words, no match', { text: 'alpha zzz' }],
  ['a word and a time range', { text: 'gamma', sinceMs: T0 + 900_000, untilMs: T0 + 3_700_000 }],
  ['a word and since', { text: 'alpha', sinceMs: T0 + 1_800_000 }],
  ['a source IP', { fields: { 'source.ip': IPS[0]! } }],
  ['a user and a time range', { fields: { 'user.name': 'alice' }, sinceMs: T0, untilMs: T0 + 3_600_500 }],
  ['a host and an action', { fields: { 'host.name': 'web-1', 'event.action': 'sudo' } }],
  ['an IP and a user', { fields: { 'source.ip': IPS[1]!, 'user.name': 'root' } }],
  ['a word and an IP', { text: 'beta', fields: { 'source.ip': IPS[2]! } }],
  ['a word and a host and an outcome', { text: 'alpha', fields: { 'host.name': 'db-1', 'event.outcome': 'success' } }],
  ['a word and an unindexed field', { text: 'delta', fields: { 'process.name': 'sudo' } }],
  ['a word and a collided copy’s user', { text: 'omega', fields: { 'user.name': 'bob' } }],
  ['an unknown IP', { fields: { 'source.ip': '192.0.2.250' } }],
];

describe('event pages in time order', () => {
  const store = buildStore(temp.fresh());

  it('the store holds collisions and out-of-range times in the extra index', () => {
    const extra = store.db.prepare('SELECT count(*) FROM events_fts_extra_docsize').pluck().get() as number;
    assert.equal(extra, 5 + 2 + 3, 'seven copies that share a key, three out of range');
    const main = store.db.prepare('SELECT count(*) FROM events_fts_docsize').pluck().get() as number;
    assert.equal(main + extra, store.db.prepare('SELECT count(*) FROM events').pluck().get());
  });

  for (const [name, filter] of FILTERS) {
    for (const order of ['desc', 'asc'] as const) {
      it(`${name}, ${order}: every page equals the naive order, counted`, () => {
        const want = expected(store, filter, order);
        for (const limit of [1, 7, 50]) {
          // Words and an entity: each way of combining them (event-walk.ts).
          for (const combine of filter.text !== undefined && filter.fields !== undefined ? (['text', 'probe', 'merge'] as const) : [undefined]) {
            const got = pages(store, filter, order, limit, combine);
            assert.deepEqual(got.rowids, want, `limit ${String(limit)}, ${combine ?? 'as chosen'}`);
            assert.deepEqual(got.total, { count: want.length, exact: true });
          }
        }
        const cli = searchEvents(store.db, { ...filter, order, limit: 500 });
        assert.equal(cli.total, want.length);
      });
    }
  }

  it('timelines count the same events as the pages', () => {
    for (const [, filter] of FILTERS) {
      const timed = expected(store, filter, 'asc').filter((rowid) => store.db.prepare('SELECT ts_ms IS NOT NULL FROM events WHERE rowid = ?').pluck().get(rowid) === 1);
      const counted = timeline(store.db, { ...filter, sinceMs: filter.sinceMs ?? Date.UTC(1700, 0, 1), untilMs: filter.untilMs ?? Date.UTC(2200, 0, 1) }, 10_000).buckets.reduce((n, b) => n + b.events, 0);
      assert.equal(counted, timed.length, JSON.stringify(filter));
    }
  });

  it('a page cursor neither repeats nor skips when events arrive between pages', () => {
    const filter: EventFilter = { text: 'alpha' };
    const first = eventPage(store.db, { filter, order: 'desc', limit: 10 });
    const before = expected(store, filter, 'desc');
    // Newer, older and equal-time events arrive.
    store.events.write([...batch(700, 30, T0 + 9_000_000, 3), ...batch(800, 30, T0, 1), ...batch(900, 6, T0 + 3_600_000, 6)], store.runs.start('tester', {}));
    const second = eventPage(store.db, { filter, order: 'desc', limit: 1000, after: first.next! });
    const seen = [...first.events, ...second.events].map((e) => rowidOf(store, e.id));
    assert.equal(new Set(seen).size, seen.length, 'no repeats');
    const last = first.next!;
    const stillDue = expected(store, filter, 'desc').filter((rowid) => {
      const ts = store.db.prepare('SELECT ts_ms FROM events WHERE rowid = ?').pluck().get(rowid) as number | null;
      return last.ts === null ? ts === null && rowid < last.rowid : ts === null || ts < last.ts || (ts === last.ts && rowid < last.rowid);
    });
    assert.deepEqual(second.events.map((e) => rowidOf(store, e.id)), stillDue, 'the second page continues after the first, with what arrived behind it');
    assert.ok(before.slice(10).every((rowid) => stillDue.includes(rowid)), 'no gaps');
  });
});

describe('migration 8 (time-keyed full-text index)', () => {
  it('rebuilds the index of a store of migration 7 with the same answers, collisions included', () => {
    const dir = temp.fresh();
    const built = buildStore(dir);
    const before = FILTERS.map(([, filter]) => expected(built, filter, 'desc'));
    // Back to the migration 7 schema: the full-text index keyed by event rowid.
    const textIndexMigration = MIGRATIONS.find((m) => m.sql === TEXT_INDEX_MIGRATION)!.version;
    rewindStore(built.db, textIndexMigration - 1);
    built.db.exec(`
      DROP TABLE events_fts; DROP TABLE events_fts_extra;
      CREATE VIRTUAL TABLE events_fts USING fts5(message, original, content='events', content_rowid='rowid');
      INSERT INTO events_fts (events_fts) VALUES ('rebuild');`);
    built.close();
    const store = openStore(join(dir, 'vigil.db'));
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      FILTERS.forEach(([name, filter], i) => {
        assert.deepEqual(pages(store, filter, 'desc', 7).rowids, before[i], name);
      });
      assert.equal(store.db.prepare('SELECT count(*) FROM events_fts_extra_docsize').pluck().get(), 10);
    } finally {
      store.close();
    }
  });
});
