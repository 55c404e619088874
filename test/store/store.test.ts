import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { buildEvent } from '../../src/normalize/build.ts';
import { TimeResolver } from '../../src/normalize/time.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import type { EventFields, VigilEvent } from '../../src/schema/event.ts';
import { SCHEMA_VERSION } from '../../src/store/database.ts';
import { openStore, searchEvents, storeStats, type Store } from '../../src/store/index.ts';

/** The SQLite store on real files: schema, idempotent ingest, search, runs. */

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'vigil-store-'));
});
after(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
function fresh(): string {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir);
  return dir;
}

const time = new TimeResolver({ tz: 'UTC' }, Date.UTC(2024, 5, 1), Date.UTC(2024, 5, 1));

function event(line: number, original: string, timestamp: string | undefined, fields: EventFields = {}): VigilEvent {
  return buildEvent(
    { time: timestamp, dataset: 'test', fields: { message: original, ...fields }, line, offset: line * 100, original },
    { formatId: 'test', path: '/logs/test.log', key: 'test.log', time },
  );
}

const EVENTS = [
  event(1, 'Failed password for root from 203.0.113.7 port 22 ssh2', '2024-05-01T10:00:00Z', {
    source: { ip: '203.0.113.7' }, user: { name: 'root' }, event: { outcome: 'failure', action: 'ssh-login', category: ['authentication'] },
  }),
  event(2, 'Accepted password for alice from 198.51.100.4 port 22 ssh2', '2024-05-01T11:00:00Z', {
    source: { ip: '198.51.100.4' }, user: { name: 'alice' }, event: { outcome: 'success', action: 'ssh-login', category: ['authentication'] },
  }),
  event(3, 'GET /admin/login.php HTTP/1.1 404 "curl/8.0" or "NEAR(x) *"', '2024-05-02T09:30:00Z', {
    source: { ip: '203.0.113.7' }, url: { path: '/admin/login.php' }, http: { response: { status_code: 404 } }, destination: { port: 443 },
  }),
  event(4, 'kernel: quoted "value" with star* and OR operator', undefined),
];

function open(dir: string): Store {
  return openStore(join(dir, 'vigil.db'));
}

describe('store schema', () => {
  it('applies migrations (user_version) and uses WAL', () => {
    const dir = fresh();
    const store = open(dir);
    assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    store.close();
    const again = open(dir);
    assert.equal(again.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    again.close();
  });

  it('refuses a store from a newer Vigil and a file that is not a database', () => {
    const dir = fresh();
    const raw = new Database(join(dir, 'vigil.db'));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    assert.throws(() => open(dir), /schema version/);
    writeFileSync(join(dir, 'junk.db'), 'this is not sqlite at all, just text '.repeat(200));
    assert.throws(() => openStore(join(dir, 'junk.db')), (error: unknown) => error instanceof Error && /E_STORE|not a usable|cannot open/.test(`${(error as { code?: string }).code} ${error.message}`));
  });

  it('opens read-only without writing', () => {
    const dir = fresh();
    open(dir).close();
    const store = openStore(join(dir, 'vigil.db'), { readonly: true });
    assert.throws(() => store.db.prepare("INSERT INTO ingest_runs (started_at, actor, options, status) VALUES ('x','y','{}','z')").run());
    store.close();
    assert.throws(() => openStore(join(dir, 'absent.db'), { readonly: true }), /cannot open/);
  });
});

describe('event writer', () => {
  it('inserts new events once and counts re-written ones as duplicates', () => {
    const store = open(fresh());
    const run = store.runs.start('tester', {});
    assert.equal(store.events.write(EVENTS, run), EVENTS.length);
    assert.equal(store.events.write(EVENTS, run), 0);
    assert.equal(store.events.write([...EVENTS, event(5, 'a new line', undefined)], run), 1);
    assert.equal(storeStats(store.db).events, EVENTS.length + 1);
    const fts = store.db.prepare('SELECT count(*) AS n FROM events_fts').get() as { n: number };
    assert.equal(fts.n, EVENTS.length + 1);
    store.close();
  });

  it('round-trips an event through the store', () => {
    const store = open(fresh());
    store.events.write(EVENTS, store.runs.start('tester', {}));
    const got = searchEvents(store.db, { fields: { 'log.file.path': '/logs/test.log' }, limit: 10 });
    assert.equal(got.total, EVENTS.length);
    const byId = new Map(got.events.map((e) => [e.id, e]));
    for (const e of EVENTS) assert.deepEqual(byId.get(e.id), e);
    store.close();
  });
});

describe('search', () => {
  let store: Store;
  before(() => {
    store = open(fresh());
    store.events.write(EVENTS, store.runs.start('tester', {}));
  });
  after(() => store.close());

  const lines = (query: Parameters<typeof searchEvents>[1]) => searchEvents(store.db, { limit: 100, ...query }).events.map((e) => e.log.line);

  it('finds words in message and original text, all words required', () => {
    assert.deepEqual(lines({ text: 'password' }), [1, 2]);
    assert.deepEqual(lines({ text: 'password root' }), [1]);
    assert.deepEqual(lines({ text: 'PASSWORD  Alice ' }), [2]);
    assert.deepEqual(lines({ text: 'nothing-like-this' }), []);
    assert.equal(searchEvents(store.db, { text: 'password' }).total, 2);
  });

  it('reads FTS syntax in the query as plain words', () => {
    for (const text of ['"', '""', '*', 'OR', 'NEAR(', 'NEAR(x', 'password OR root', 'AND', 'NOT', '-root', 'star*', '"value', 'col:umn', '^start', '(', ')', '{a}', 'message:root']) {
      assert.doesNotThrow(() => searchEvents(store.db, { text }), text);
    }
    assert.deepEqual(lines({ text: 'password OR root' }), [], 'OR is a word, not an operator');
    assert.deepEqual(lines({ text: 'root OR alice' }), []);
    assert.deepEqual(lines({ text: 'OR' }), [4, 3], 'untimed events sort first');
    assert.deepEqual(lines({ text: 'star*' }), [4]);
    assert.deepEqual(lines({ text: '"value"' }), [4]);
    assert.deepEqual(lines({ text: 'NEAR(x)' }), [3]);
    assert.deepEqual(lines({ text: '"' }), []);
  });

  it('filters on indexed fields and on any JSON path', () => {
    assert.deepEqual(lines({ fields: { 'source.ip': '203.0.113.7' } }), [1, 3]);
    assert.deepEqual(lines({ fields: { 'event.outcome': 'failure' } }), [1]);
    assert.deepEqual(lines({ fields: { 'event.outcome': 'success', 'user.name': 'alice' } }), [2]);
    assert.deepEqual(lines({ fields: { 'url.path': '/admin/login.php' } }), [3]);
    assert.deepEqual(lines({ fields: { 'http.response.status_code': '404' } }), [3]);
    assert.deepEqual(lines({ fields: { 'destination.port': '443' } }), [3]);
    assert.deepEqual(lines({ fields: { 'destination.port': 'abc' } }), []);
    assert.deepEqual(lines({ fields: { 'event.category': 'authentication' } }), [1, 2]);
    assert.deepEqual(lines({ fields: { 'event.category': 'auth%' } }), [], 'LIKE wildcards are literal');
    assert.deepEqual(lines({ text: 'password', fields: { 'source.ip': '203.0.113.7' } }), [1]);
  });

  it('filters on the fields kept in columns only (not in the stored JSON)', () => {
    const [first, second] = EVENTS;
    assert.deepEqual(lines({ fields: { id: first!.id } }), [1]);
    assert.deepEqual(lines({ fields: { id: second!.id.toUpperCase() } }), [2]);
    assert.deepEqual(lines({ fields: { '@timestamp': second!['@timestamp']! } }), [2]);
    assert.deepEqual(lines({ fields: { 'log.line': '3' } }), [3]);
    assert.deepEqual(lines({ fields: { message: first!.message! } }), [1]);
    assert.deepEqual(lines({ fields: { 'event.original': first!.event.original } }), [1]);
    assert.deepEqual(lines({ fields: { 'event.dataset': 'test', 'vigil.format': 'test', 'event.kind': 'event' } }), [4, 1, 2, 3]);
    assert.deepEqual(lines({ fields: { 'event.kind': 'alert' } }), []);
    assert.deepEqual(lines({ fields: { 'log.offset': '300' } }), [3], 'the offset stays in the JSON');
  });

  it('rejects a field path that is not one', () => {
    assert.throws(() => searchEvents(store.db, { fields: { 'a"]; DROP TABLE events; --': 'x' } }), /not a field path/);
    assert.equal(storeStats(store.db).events, EVENTS.length);
  });

  it('bounds by time (since inclusive, until exclusive) and orders', () => {
    const since = Date.parse('2024-05-01T11:00:00Z');
    const until = Date.parse('2024-05-02T09:30:00Z');
    assert.deepEqual(lines({ sinceMs: since }), [2, 3]);
    assert.deepEqual(lines({ untilMs: until }), [1, 2]);
    assert.deepEqual(lines({ sinceMs: since, untilMs: until }), [2]);
    assert.deepEqual(lines({ order: 'desc', sinceMs: 0 }), [3, 2, 1]);
    assert.deepEqual(lines({ limit: 1, sinceMs: 0 }), [1]);
    assert.equal(searchEvents(store.db, { limit: 1, sinceMs: 0 }).total, 3);
  });
});

describe('ingest into the store', () => {
  it('records a run with per-file counters and an ingest audit entry, and adds nothing on a re-read', async () => {
    const dir = fresh();
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    writeFileSync(join(logs, 'a.log'), 'first line of a\n\nsecond line of a\nthird line of a\n');
    writeFileSync(join(logs, 'b.log'), 'only line of b\n');
    const store = open(dir);
    const options = { tz: 'UTC', actor: 'analyst', now: () => new Date('2024-06-01T00:00:00Z') };
    const first = await ingest(store, [logs, join(logs, 'missing.log')], options);
    assert.deepEqual(first.totals, { files: 3, events: 4, inserted: 4, duplicates: 0, updated: 0, errors: 0, problems: 1 });
    const [a, b, missing] = first.files;
    assert.equal(a?.path, join(logs, 'a.log'));
    assert.equal(a?.lines, 4);
    assert.equal(a?.events, 3);
    assert.equal(a?.size, 50);
    assert.equal(b?.events, 1);
    assert.equal(missing?.problem, 'no such file or directory');

    const second = await ingest(store, [logs], options);
    assert.deepEqual(second.totals, { files: 2, events: 4, inserted: 0, duplicates: 4, updated: 0, errors: 0, problems: 0 });
    assert.equal(storeStats(store.db).events, 4);

    const runs = store.db.prepare('SELECT id, actor, status, finished_at FROM ingest_runs ORDER BY id').all() as { id: number; actor: string; status: string; finished_at: string | null }[];
    assert.deepEqual(runs.map((r) => [r.id, r.actor, r.status]), [[first.runId, 'analyst', 'completed'], [second.runId, 'analyst', 'completed']]);
    assert.ok(runs.every((r) => r.finished_at !== null));
    const files = store.db.prepare('SELECT path, events, inserted, duplicates, lines, problem FROM ingest_files WHERE run_id = ? ORDER BY id').all(first.runId);
    assert.deepEqual(files, [
      { path: join(logs, 'a.log'), events: 3, inserted: 3, duplicates: 0, lines: 4, problem: null },
      { path: join(logs, 'b.log'), events: 1, inserted: 1, duplicates: 0, lines: 1, problem: null },
      { path: join(logs, 'missing.log'), events: 0, inserted: 0, duplicates: 0, lines: 0, problem: 'no such file or directory' },
    ]);
    const audit = store.audit.list({ action: 'ingest' });
    assert.equal(audit.length, 2);
    assert.equal(audit[0]?.actor, 'analyst');
    assert.equal(audit[0]?.details.run, first.runId);
    assert.equal(audit[0]?.details.inserted, 4);
    assert.equal(audit[1]?.details.duplicates, 4);
    assert.ok(store.audit.verify().ok);
    store.close();
  });

  it('records a failed run when the time zone is wrong, before touching anything', async () => {
    const dir = fresh();
    const store = open(dir);
    await assert.rejects(ingest(store, [dir], { tz: 'Mars/Olympus', actor: 'x' }), /unknown time zone/);
    assert.equal(storeStats(store.db).runs, 0);
    store.close();
  });
});
