import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { ingest, isBulkLoad } from '../../src/pipeline/ingest.ts';
import { ParseThread } from '../../src/pipeline/parse-thread.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { DEFERRED_INDEXES, deferredBy, repairIndexes } from '../../src/store/indexes.ts';
import { VigilError } from '../../src/util/errors.ts';
import { sshdLines } from '../helpers/sshd-lines.ts';
import { tempDirs } from '../helpers/temp.ts';

/** The parse thread is an optimisation only: with and without it, the store must end up identical. */

const dirs = tempDirs('ingest');
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

function snapshot(store: Store): unknown {
  return {
    events: store.db.prepare("SELECT hex(id) AS id, ts, format, dataset, action, outcome, source_ip, user_name, host_name, count, line, message, original, doc FROM events ORDER BY id").all(),
    fts: store.db.prepare("SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH 'password'").get(),
  };
}

async function run(threads: boolean): Promise<{ store: Store; files: unknown[] }> {
  const store = openStore(join(dirs.fresh(), 'v.db'));
  const report = await ingest(store, [EXAMPLES], { tz: 'UTC', actor: 'test', threads, batchSize: 700 });
  return { store, files: report.files.map((file) => ({ ...file, durationMs: 0 })) };
}

describe('ingest with and without the parse thread', () => {
  it('stores the same events, counters and full-text index', async () => {
    const threaded = await run(true);
    const inline = await run(false);
    try {
      assert.deepEqual(threaded.files, inline.files);
      const a = snapshot(threaded.store);
      assert.deepEqual(a, snapshot(inline.store));
      assert.ok((a as { events: unknown[] }).events.length > 3000);
    } finally {
      threaded.store.close();
      inline.store.close();
    }
  });

  it('reports a truncated input the same way on the thread', async () => {
    const { writeFileSync } = await import('node:fs');
    const { gzipSync } = await import('node:zlib');
    const dir = dirs.fresh();
    const lines = Array.from({ length: 3000 }, (_, i) => `Mar  3 10:00:${String(i % 60).padStart(2, '0')} h sshd[1]: Failed password for root from 203.0.113.${i % 250} port ${1000 + i} ssh2`).join('\n');
    const gz = gzipSync(lines);
    // Only the trailer and a few bytes are missing: the failure surfaces after the last data chunk.
    writeFileSync(join(dir, 'cut.log.gz'), gz.subarray(0, gz.length - 12));
    for (const threads of [true, false]) {
      const store = openStore(join(dir, `${String(threads)}.db`));
      try {
        const report = await ingest(store, [join(dir, 'cut.log.gz')], { tz: 'UTC', actor: 'test', threads });
        const file = report.files[0];
        assert.match(file?.problem ?? '', /read failed: .*events before the failure were kept/);
        assert.ok((file?.inserted ?? 0) > 1000, `threads=${String(threads)}: ${file?.inserted} events kept`);
      } finally {
        store.close();
      }
    }
  });
});

describe('the parse thread by default', () => {
  const lines = Array.from({ length: 500 }, (_, i) => `Mar  3 10:00:${String(i % 60).padStart(2, '0')} h sshd[1]: Failed password for root from 203.0.113.${i % 250} port ${1000 + i} ssh2\n`).join('');
  const stdin = () => Readable.from([Buffer.from(lines)]) as AsyncIterable<Buffer>;
  const cpus = availableParallelism();

  it('parses stdin (of unknown size, perhaps large) on a second thread where there are two CPUs, with the same result', async () => {
    const dir = dirs.fresh();
    const auto = openStore(join(dir, 'auto.db'));
    const inline = openStore(join(dir, 'inline.db'));
    try {
      const a = await ingest(auto, ['-'], { tz: 'UTC', actor: 'test', stdin });
      const b = await ingest(inline, ['-'], { tz: 'UTC', actor: 'test', stdin, threads: false });
      assert.equal(a.parseThread, cpus >= 2, `${String(cpus)} CPUs`);
      assert.equal(b.parseThread, false);
      assert.equal(a.totals.inserted, 500);
      assert.deepEqual(snapshot(auto), snapshot(inline));
    } finally {
      auto.close();
      inline.close();
    }
  });

  it('counts a compressed file as four times its size', async () => {
    // 2.3 MiB of gzip, under the 8 MiB of the threshold: each line carries random hex, so it compresses only ~3×.
    const dir = dirs.fresh();
    const text = Array.from({ length: 52_000 }, (_, i) => `Mar  3 10:00:${String(i % 60).padStart(2, '0')} h sshd[1]: Failed password for invalid user ${randomBytes(30).toString('hex')} from 203.0.113.${String(i % 250)} port ${String(1000 + i)} ssh2\n`).join('');
    const packed = gzipSync(text);
    assert.ok(packed.length > 2 * 1024 * 1024 && packed.length < 8 * 1024 * 1024, String(packed.length));
    writeFileSync(join(dir, 'auth.log.1.gz'), packed);
    const store = openStore(join(dir, 'v.db'));
    try {
      const report = await ingest(store, [join(dir, 'auth.log.1.gz')], { tz: 'UTC', actor: 'test', year: 2026 });
      assert.equal(report.parseThread, cpus >= 2, `${String(cpus)} CPUs`);
      assert.equal(report.totals.inserted, 52_000);
    } finally {
      store.close();
    }
  });

  it('parses small files inline', async () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      const report = await ingest(store, [EXAMPLES], { tz: 'UTC', actor: 'test' });
      assert.ok(report.totals.inserted > 3000);
      assert.equal(report.parseThread, false);
    } finally {
      store.close();
    }
  });
});

/** The indexes a bulk load defers: the events' secondary indexes and the template mapping's. */
function indexNames(store: Store): string[] {
  return store.db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('events', 'event_templates') AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck().all() as string[];
}

describe('bulk load (secondary indexes deferred to the end of the run)', () => {
  it('ends with the same events, full-text index and indexes as an ordinary ingest', async () => {
    const dir = dirs.fresh();
    const bulk = openStore(join(dir, 'bulk.db'));
    const plain = openStore(join(dir, 'plain.db'));
    try {
      const all = indexNames(plain);
      assert.deepEqual(all, DEFERRED_INDEXES.map((i) => i.name).sort());
      const settings = (store: Store) => ['temp_store', 'threads', 'cache_size'].map((name) => store.db.pragma(name, { simple: true }) as number);
      const before = settings(bulk);
      await ingest(bulk, [EXAMPLES], { tz: 'UTC', actor: 'test', deferIndexes: true, batchSize: 700 });
      await ingest(plain, [EXAMPLES], { tz: 'UTC', actor: 'test', deferIndexes: false, batchSize: 700 });
      assert.deepEqual(snapshot(bulk), snapshot(plain));
      assert.deepEqual(indexNames(bulk), all);
      // The index build sorts with its own settings and gives the store's back.
      assert.deepEqual(settings(bulk), before);
      assert.equal(bulk.indexesDeferred, false);
      const plan = bulk.db.prepare("EXPLAIN QUERY PLAN SELECT * FROM events WHERE source_ip = '203.0.113.7' ORDER BY ts_ms").all() as { detail: string }[];
      assert.match(plan.map((p) => p.detail).join(' '), /events_source_ip/);
    } finally {
      bulk.close();
      plain.close();
    }
  });

  it('builds the indexes again when the process that deferred them died; leaves a live one alone', () => {
    const path = join(dirs.fresh(), 'v.db');
    const setOwner = (pid: number) => {
      const store = openStore(path);
      store.deferIndexes();
      store.db.prepare("UPDATE store_state SET value = json_set(value, '$.pid', ?) WHERE key = 'deferred_indexes'").run(pid);
      assert.deepEqual(indexNames(store), []);
      store.close();
    };
    // The test runner that started this process is alive: its bulk load is still running.
    setOwner(process.ppid);
    let store = openStore(path);
    assert.deepEqual(indexNames(store), []);
    assert.equal(store.indexesDeferred, true);
    store.close();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    setOwner(gone);
    store = openStore(path);
    try {
      assert.deepEqual(indexNames(store), DEFERRED_INDEXES.map((i) => i.name).sort());
      assert.equal(store.indexesDeferred, false);
    } finally {
      store.close();
    }
  });
});

describe('when an ingest is a bulk load', () => {
  const MiB = 1024 * 1024;
  it('defers the indexes of an empty or small store from 4 MiB of input', () => {
    assert.equal(isBulkLoad(4 * MiB - 1, 0), false);
    assert.equal(isBulkLoad(4 * MiB, 0), true);
    // Four times the stored events (at one per 256 bytes): 8 MiB is ~32 k events.
    assert.equal(isBulkLoad(8 * MiB, 8192), true);
    assert.equal(isBulkLoad(8 * MiB, 8193), false);
  });

  it('defers them on a larger store from 32 MiB of input bringing a quarter of what is stored', () => {
    assert.equal(isBulkLoad(8 * MiB, 150_000), false);
    assert.equal(isBulkLoad(32 * MiB - 1, 131_072), false);
    assert.equal(isBulkLoad(32 * MiB, 131_072 * 4), true);
    assert.equal(isBulkLoad(32 * MiB, 131_072 * 4 + 1), false);
  });
});

describe('a parse thread that dies half-way through a file', () => {

  it('costs no event: the file is read again inline, and nothing is stored or counted twice', { timeout: 60_000 }, async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'auth.log');
    const store = openStore(join(dir, 'v.db'));
    try {
      // The first 100 lines are stored already (duplicates of this run); the other 39,900 are new.
      writeFileSync(file, sshdLines(0, 100));
      await ingest(store, [file], { tz: 'UTC', year: 2026, actor: 'test', threads: false });
      appendFileSync(file, sshdLines(100, 40_000));
      let thread: ParseThread | undefined;
      let commits = 0;
      let lastTotal = 0;
      const report = await ingest(store, [file], {
        tz: 'UTC', year: 2026, actor: 'test', threads: true, batchSize: 500,
        startThread: () => (thread = new ParseThread()),
        // At the second commit, new rows are stored, and the thread cannot be done: it waits for the writer
        // beyond 16 Ki rows unacknowledged.
        onProgress: (progress) => {
          if (++commits === 2) void thread?.close();
          lastTotal = progress.totalEvents;
        },
      });
      const [f] = report.files;
      assert.match(f?.rereadInline ?? '', /parse thread exited/);
      assert.equal(f?.problem, undefined);
      assert.deepEqual({ lines: f?.lines, events: f?.events, inserted: f?.inserted, duplicates: f?.duplicates }, { lines: 40_000, events: 40_000, inserted: 39_900, duplicates: 100 });
      assert.ok(commits > 2, `${commits} commits`);
      // The progress counts the rows that came again after the restart once.
      assert.equal(lastTotal, 40_000);
      assert.equal(store.db.prepare('SELECT count(*) FROM events').pluck().get(), 40_000);
      assert.equal(store.db.prepare('SELECT count(DISTINCT line) FROM events').pluck().get(), 40_000);
    } finally {
      store.close();
    }
  });
});

describe('a store that refuses writes (disk full)', () => {
  // The indexes are deferred (built at the end) and no vector index is made: what is written when is then known.
  const options = { tz: 'UTC', year: 2026, actor: 'test', threads: false, batchSize: 4000, deferIndexes: true, embedder: false } as const;

  /**
   * The file, the pages a store holds after ingesting it, and those of each deferred index, measured on a store
   * of its own: the pages before the indexes are built are about `pages` less all the indexes'.
   */
  async function measured(): Promise<{ file: string; pages: number; indexPages: number[] }> {
    const dir = dirs.fresh();
    const file = join(dir, 'auth.log');
    writeFileSync(file, sshdLines(0, 40_000));
    const store = openStore(join(dir, 'reference.db'));
    try {
      await ingest(store, [file], options);
      const pages = store.db.pragma('page_count', { simple: true }) as number;
      const count = store.db.prepare('SELECT count(*) FROM dbstat WHERE name = ?').pluck();
      return { file, pages, indexPages: DEFERRED_INDEXES.map((index) => count.get(index.name) as number) };
    } finally {
      store.close();
    }
  }

  /** A store whose connection may grow to `maxPages` pages: SQLite then fails writes with SQLITE_FULL, as on a full disk. */
  function limited(maxPages: (emptyPages: number) => number): { store: Store; path: string } {
    const path = join(dirs.fresh(), 'v.db');
    const store = openStore(path);
    const empty = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${String(maxPages(empty))}`);
    return { store, path };
  }

  it('ends the run with a store error that says what was stored; the same ingest later adds the rest once', { timeout: 60_000 }, async () => {
    const { file, pages } = await measured();
    const { store, path } = limited((empty) => empty + Math.floor((pages - empty) / 3));
    let message = '';
    try {
      await assert.rejects(ingest(store, [file], options), (error: unknown) => {
        assert.ok(error instanceof VigilError);
        assert.equal(error.code, 'E_STORE');
        message = error.message;
        return true;
      });
      assert.match(message, /^cannot write to the store: database or disk is full \(SQLITE_FULL\); \d+ new events of this run are stored\. Once the store can be written again, run the same ingest/);
      const stored = store.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      assert.ok(stored > 0 && stored < 40_000 && stored % options.batchSize === 0, `${stored} events stored`);
      assert.equal(Number(/(\d+) new events/.exec(message)?.[1]), stored);
      assert.deepEqual(store.db.prepare('SELECT status FROM ingest_runs').pluck().all(), ['failed']);
      // The input the run stopped in is in the run's record and its audit entry, with what it stored.
      const record = store.db.prepare('SELECT inserted, problem FROM ingest_files').get() as { inserted: number; problem: string };
      assert.equal(record.inserted, stored);
      assert.match(record.problem, /^not finished: cannot write to the store: database or disk is full/);
      const audited = store.db.prepare("SELECT details FROM audit WHERE action = 'ingest' ORDER BY seq DESC").pluck().get() as string;
      assert.deepEqual(JSON.parse(audited), { run: 1, status: 'failed', files: 1, events: (JSON.parse(audited) as { events: number }).events, inserted: stored, duplicates: 0, updated: 0, errors: 0, problems: 1, formats: ['syslog'] });
      assert.equal(store.audit.verify().ok, true);
    } finally {
      store.close();
    }
    // Space again (a new connection has no page limit): the rest comes in, nothing twice.
    const again = openStore(path);
    try {
      const stored = again.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      const report = await ingest(again, [file], options);
      assert.deepEqual(report.totals, { files: 1, events: 40_000, inserted: 40_000 - stored, duplicates: stored, updated: 0, errors: 0, problems: 0 });
      assert.equal(again.db.prepare('SELECT count(DISTINCT line) FROM events').pluck().get(), 40_000);
    } finally {
      again.close();
    }
  });

  it('opens a store whose deferred indexes cannot be built for want of room, and builds them once there is room', async () => {
    const { file } = await measured();
    const path = join(dirs.fresh(), 'v.db');
    let store = openStore(path);
    // As a bulk load that died: the indexes dropped, the rows written, the marker left by a process now gone.
    store.deferIndexes();
    await ingest(store, [file], { ...options, deferIndexes: false });
    store.db.prepare("UPDATE store_state SET value = json_set(value, '$.pid', ?) WHERE key = 'deferred_indexes'").run(spawnSync(process.execPath, ['-e', '']).pid);
    store.db.pragma(`max_page_count = ${String(store.db.pragma('page_count', { simple: true }))}`);
    try {
      assert.equal(repairIndexes(store.db), false);
      assert.notEqual(deferredBy(store.db), undefined);
      assert.equal(store.db.prepare('SELECT count(*) FROM events').pluck().get(), 40_000);
    } finally {
      store.close();
    }
    store = openStore(path);
    try {
      assert.equal(deferredBy(store.db), undefined);
      assert.deepEqual(indexNames(store), DEFERRED_INDEXES.map((i) => i.name).sort());
    } finally {
      store.close();
    }
  });

  it('says so when the events are stored but the indexes deferred for the load cannot be built', { timeout: 60_000 }, async () => {
    const { file, pages, indexPages } = await measured();
    const first = indexPages[0]!;
    assert.ok(first >= 4, `${first} pages`);
    // Room for every row, and for half of the first index built.
    const { store } = limited(() => pages - indexPages.reduce((a, b) => a + b, 0) + Math.floor(first / 2));
    try {
      await assert.rejects(ingest(store, [file], options), (error: unknown) => {
        assert.ok(error instanceof VigilError);
        assert.equal(error.code, 'E_STORE');
        assert.match(error.message, /^cannot build the store's indexes: database or disk is full; the next vigil command that opens the store read-write builds them; all 40000 new events of this run are stored$/);
        return true;
      });
      assert.equal(store.db.prepare('SELECT count(*) FROM events').pluck().get(), 40_000);
      // The marker stays, for the next process that opens the store (tested above: 'builds the indexes again…').
      assert.notEqual(deferredBy(store.db), undefined);
      assert.equal(store.audit.verify().ok, true);
    } finally {
      store.close();
    }
  });
});
