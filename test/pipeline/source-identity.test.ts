import assert from 'node:assert/strict';
import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sourceEvents } from '../../src/pipeline/events.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { HEAD_BYTES } from '../../src/pipeline/source-identity.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { toRow } from '../../src/store/rows.ts';
import { rewindStore } from '../helpers/old-store.ts';
import { sshdLines } from '../helpers/sshd-lines.ts';
import { tempDirs } from '../helpers/temp.ts';

/** A log read again under another name (rotated, copied, compressed, piped, uploaded again after it grew) adds only its new records. */

const dirs = tempDirs('identity');
const options = { tz: 'UTC', year: 2026, actor: 'test', threads: false } as const;

function counts(report: Awaited<ReturnType<typeof ingest>>) {
  return report.files.map((f) => ({ events: f.events, inserted: f.inserted, duplicates: f.duplicates, sameLogAs: f.sameLogAs }));
}

function stored(store: Store): number {
  return store.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
}

/** A store at `path` as written before heads were recorded (migration 11), holding the events of `logs`. */
async function storeBeforeHeads(path: string, logs: string[]): Promise<void> {
  const old = openStore(path);
  try {
    if (logs.length > 0) await ingest(old, logs, options);
    rewindStore(old.db, 10);
  } finally {
    old.close();
  }
}

describe('a log read again under another name', () => {
  it('keeps the identity it was first ingested under when rotated, copied, compressed or grown', async () => {
    const dir = dirs.fresh();
    const store = openStore(join(dir, 'v.db'));
    try {
      const auth = join(dir, 'auth.log');
      const first = sshdLines(0, 200);
      assert.ok(first.length > HEAD_BYTES * 4);
      writeFileSync(auth, first);
      await ingest(store, [auth], options);
      assert.equal(stored(store), 200);

      // Rotation: auth.log becomes auth.log.1, and a new auth.log starts.
      renameSync(auth, `${auth}.1`);
      writeFileSync(auth, sshdLines(1000, 1100));
      const rotated = await ingest(store, [`${auth}.1`, auth], options);
      assert.deepEqual(counts(rotated), [
        { events: 200, inserted: 0, duplicates: 200, sameLogAs: resolve(auth) },
        { events: 100, inserted: 100, duplicates: 0, sameLogAs: undefined },
      ]);

      // The rotated log compressed (auth.log.1.gz) with lines it had gained before rotation, in another folder, on the parse thread.
      const archive = join(dirs.fresh(), 'auth.log.1.gz');
      writeFileSync(archive, gzipSync(sshdLines(0, 250)));
      const grown = await ingest(store, [archive], { ...options, threads: true });
      assert.deepEqual(counts(grown), [{ events: 250, inserted: 50, duplicates: 200, sameLogAs: resolve(auth) }]);
      assert.equal(grown.parseThread, true);

      // Piped in.
      const piped = await ingest(store, ['-'], { ...options, stdin: () => Readable.from([Buffer.from(sshdLines(0, 250))]) });
      assert.deepEqual(counts(piped), [{ events: 250, inserted: 0, duplicates: 250, sameLogAs: resolve(auth) }]);
      assert.equal(stored(store), 350);
      assert.equal(store.db.prepare('SELECT count(DISTINCT line) FROM events').pluck().get(), 250);
    } finally {
      store.close();
    }
  });

  it('takes a copy met in the same run as the same log', async () => {
    const dir = dirs.fresh();
    writeFileSync(join(dir, 'a.log'), sshdLines(0, 300));
    copyFileSync(join(dir, 'a.log'), join(dir, 'b.log'));
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      const report = await ingest(store, [dir], options);
      assert.deepEqual(counts(report), [
        { events: 300, inserted: 300, duplicates: 0, sameLogAs: undefined },
        { events: 300, inserted: 0, duplicates: 300, sameLogAs: resolve(dir, 'a.log') },
      ]);
    } finally {
      store.close();
    }
  });

  it('gives logs that differ within their first 4 KiB, logs shorter than that, and logs after filler identities of their own', async () => {
    const dir = dirs.fresh();
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      // The same records after a different first one: another log.
      writeFileSync(join(dir, 'a.log'), sshdLines(0, 300));
      writeFileSync(join(dir, 'b.log'), sshdLines(5000, 5001) + sshdLines(1, 300));
      // Short logs: their path is their identity, so a copy of one is another log (a limit of heads, see HEAD_BYTES).
      const short = sshdLines(0, 20);
      assert.ok(short.length < HEAD_BYTES);
      writeFileSync(join(dir, 'c.log'), short);
      writeFileSync(join(dir, 'd.log'), short);
      // Logs after the same 4 KiB of filler (here empty lines): the filler names neither.
      const filler = '\n'.repeat(HEAD_BYTES);
      writeFileSync(join(dir, 'e.log'), `${filler}\n${sshdLines(0, 30)}`);
      writeFileSync(join(dir, 'f.log'), `${filler}\n${sshdLines(0, 30)}`);
      const report = await ingest(store, [dir], options);
      assert.deepEqual(counts(report).map((f) => [f.inserted, f.sameLogAs]), [[300, undefined], [300, undefined], [20, undefined], [20, undefined], [30, undefined], [30, undefined]]);
      assert.equal(store.db.prepare('SELECT count(*) FROM source_heads').pluck().get(), 2);
    } finally {
      store.close();
    }
  });

  it('records heads in a store upgraded from before them', async () => {
    const dir = dirs.fresh();
    const path = join(dir, 'v.db');
    const log = join(dir, 'auth.log');
    writeFileSync(log, sshdLines(0, 100));
    await storeBeforeHeads(path, []);
    const store = openStore(path);
    try {
      assert.equal(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'source_heads'").pluck().get(), 1);
      await ingest(store, [log], options);
      assert.deepEqual(store.db.prepare('SELECT key, run_id FROM source_heads').all(), [{ key: resolve(log), run_id: 1 }]);
    } finally {
      store.close();
    }
  });

  it('keeps the ids of a log stored before heads were recorded when a copy of it claimed its head first', async () => {
    const dir = dirs.fresh();
    const path = join(dir, 'v.db');
    const log = join(dir, 'auth.log');
    const copy = join(dir, 'copy.log');
    writeFileSync(log, `\ufeff${sshdLines(0, 300).replaceAll('\n', '\r\n')}`);
    copyFileSync(log, copy);
    await storeBeforeHeads(path, [log]);
    const store = openStore(path);
    try {
      // The copy cannot be known for what it is (no head was recorded for the log): it is stored again.
      assert.deepEqual(counts(await ingest(store, [copy], options)), [{ events: 300, inserted: 300, duplicates: 0, sameLogAs: undefined }]);
      // The log itself keeps its own ids, though the copy claimed the head.
      assert.deepEqual(counts(await ingest(store, [log], options)), [{ events: 300, inserted: 0, duplicates: 300, sameLogAs: undefined }]);
      assert.equal(stored(store), 600);
    } finally {
      store.close();
    }
  });

  it('never takes two different streams on stdin for one, short or long, though they hold the same lines at the same places', async () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    const stdin = (text: string) => ({ ...options, stdin: () => Readable.from([Buffer.from(text)]) });
    try {
      for (const lines of [3, 100]) {
        const a = sshdLines(0, lines);
        const b = sshdLines(5000, 5001) + sshdLines(1, lines);
        assert.equal(a.length >= HEAD_BYTES, lines === 100);
        const before = stored(store);
        assert.deepEqual(counts(await ingest(store, ['-'], stdin(a))), [{ events: lines, inserted: lines, duplicates: 0, sameLogAs: undefined }]);
        assert.deepEqual(counts(await ingest(store, ['-'], stdin(b))), [{ events: lines, inserted: lines, duplicates: 0, sameLogAs: undefined }]);
        // The same stream again adds nothing.
        assert.deepEqual(counts(await ingest(store, ['-'], stdin(a))).map((f) => f.inserted), [0]);
        assert.equal(stored(store), before + 2 * lines);
      }
    } finally {
      store.close();
    }
  });

  it('keeps the ids of streams stored when stdin was one identity (before heads were recorded)', async () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      for (const lines of [3, 100]) {
        const text = sshdLines(lines * 10, lines * 11);
        // Stored as before migration 11: every stream under the key `stdin`.
        const { batches } = await sourceEvents({ name: '<stdin>', key: 'stdin', open: () => Readable.from([Buffer.from(text)]) }, options, () => undefined);
        const runId = store.runs.start('test', {});
        store.events.begin();
        for await (const events of batches) for (const event of events) store.events.add(toRow(event), runId);
        store.events.commit();
        const report = await ingest(store, ['-'], { ...options, stdin: () => Readable.from([Buffer.from(text)]) });
        assert.deepEqual(counts(report), [{ events: lines, inserted: 0, duplicates: lines, sameLogAs: undefined }]);
      }
    } finally {
      store.close();
    }
  });

  it('keeps the first identity recorded for a head when two ingests claim it', () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      assert.equal(store.heads.claim('h1', '/a/auth.log', 1), '/a/auth.log');
      assert.equal(store.heads.claim('h1', '/b/auth.log', 2), '/a/auth.log');
      assert.equal(store.heads.claim('h2', '/b/auth.log', 2), '/b/auth.log');
    } finally {
      store.close();
    }
  });
});
