import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { ingest, type IngestOptions } from '../../src/pipeline/ingest.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { FORMAT_FIXTURES } from '../helpers/format.ts';
import { tempDirs } from '../helpers/temp.ts';

/**
 * `ingest --refresh`: events stored by an older reading are updated in place to what this version reads, and
 * the store ends exactly as a fresh ingest of the same logs leaves it (rows, full-text index entry by entry,
 * activity summary, templates); a refresh that finds nothing different changes nothing.
 */

const dirs = tempDirs('refresh');
const INPUTS = [join(FORMAT_FIXTURES, 'syslog', 'input.log'), join(FORMAT_FIXTURES, 'web-access', 'input.log')];
const OPTIONS: IngestOptions = { tz: 'UTC', year: 2024, actor: 'test', threads: false, now: () => new Date('2024-12-31T00:00:00Z') };

/** The events this version reads from the inputs, as the ingest stores them (same ids, same order). */
async function readEvents(inputs: readonly string[]): Promise<VigilEvent[]> {
  return (await collectEvents(inputs, OPTIONS)).events;
}

/**
 * An older reader's events: some lost their user and read another action, some another message, some had a
 * field less, one a time out of the full-text keys' range (indexed in the extra table), one no time at all.
 */
function olderReading(events: readonly VigilEvent[]): VigilEvent[] {
  return events.map((event, i) => {
    const old = structuredClone(event);
    if (i === 0) old['@timestamp'] = '1850-01-01T00:00:00.000Z';
    else if (i === 1) delete old['@timestamp'];
    else if (i % 3 === 0) {
      delete old.user;
      old.event.action = 'unknown-line';
    } else if (i % 3 === 1) old.message = `older reading of line ${String(i)} zyxwold`;
    // A field the older reader did not map, and nothing else: only the row's document changes.
    else old.labels = { ...old.labels, older: 'reading' };
    return old;
  });
}

/** A store holding what the older reader wrote for the inputs (same ids: the fresh store's events). */
function olderStore(path: string, events: readonly VigilEvent[]): Store {
  const store = openStore(path);
  const runId = store.runs.start('test', {});
  store.events.write(olderReading(events), runId);
  store.runs.finish(runId, 'completed');
  return store;
}

/** The store's derived data in a comparable form: every row's reading, full-text entry and activity group. */
function snapshot(store: Store) {
  const db = store.db;
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.main_terms USING fts5vocab(main, events_fts, 'instance')");
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.extra_terms USING fts5vocab(main, events_fts_extra, 'instance')");
  return {
    rows: db.prepare('SELECT rowid, hex(id) AS id, ts, ts_ms, format, dataset, category, action, outcome, code, source_ip, destination_ip, destination_port, user_name, host_name, process_name, count, file_path, line, message, original, doc FROM events ORDER BY rowid').all(),
    main: db.prepare('SELECT term, doc, col, offset FROM temp.main_terms ORDER BY term, doc, col, offset').all(),
    extra: db.prepare('SELECT term, doc, col, offset FROM temp.extra_terms ORDER BY term, doc, col, offset').all(),
    activity: db.prepare('SELECT * FROM entity_activity ORDER BY kind, value, action, outcome, dataset, other').all(),
    templates: db.prepare('SELECT t.event_rowid, m.text FROM event_templates t JOIN message_templates m ON m.id = t.template_id ORDER BY t.event_rowid').all(),
  };
}

void describe('ingest --refresh', () => {
  for (const deferIndexes of [false, true]) {
    void it(`updates what an older reading stored to this version's reading, as a fresh ingest would leave it${deferIndexes ? ' (bulk load: indexes built at the end)' : ''}`, async () => {
      const dir = dirs.fresh();
      const fresh = openStore(join(dir, 'fresh.db'));
      const freshReport = await ingest(fresh, INPUTS, OPTIONS);
      const events = await readEvents(INPUTS);
      assert.equal(events.length, freshReport.totals.inserted);
      assert.ok(events.length >= 20, `enough events to vary (${String(events.length)})`);
      const older = olderStore(join(dir, 'older.db'), events);
      try {
        const changed = olderReading(events).filter((old, i) => JSON.stringify(old) !== JSON.stringify(events[i])).length;
        assert.ok(changed >= 10);
        const before = snapshot(older);
        assert.notDeepEqual(before.rows, snapshot(fresh).rows, 'the older reading differs');
        assert.ok(before.extra.length > 0, 'the event out of the keys\' range is in the extra index');
        const revision = older.dataRevision();

        // A plain re-ingest keeps the older reading.
        const plain = await ingest(older, INPUTS, OPTIONS);
        assert.deepEqual([plain.totals.inserted, plain.totals.updated, plain.totals.duplicates], [0, 0, events.length]);
        assert.deepEqual(snapshot(older).rows, before.rows);

        const report = await ingest(older, INPUTS, { ...OPTIONS, refresh: true, deferIndexes });
        assert.deepEqual([report.totals.inserted, report.totals.updated, report.totals.duplicates], [0, changed, events.length - changed]);
        assert.equal(report.files.reduce((sum, f) => sum + (f.updated ?? 0), 0), changed);
        const after = snapshot(older);
        const want = snapshot(fresh);
        // Provenance stays the first read's (file, line); here it is the same file, so rows are equal whole.
        assert.deepEqual(after.rows, want.rows);
        assert.deepEqual(after.main, want.main, 'the full-text index holds the new texts under their keys, and not the old ones');
        assert.deepEqual(after.extra, want.extra);
        assert.deepEqual(after.activity, want.activity);
        assert.deepEqual(after.templates, want.templates, 'templates mapped again from the new readings');
        assert.deepEqual([report.vectors?.rebuilt, report.vectors?.events], [true, events.length], 'the vector pass says it mapped the store again');
        assert.notEqual(older.dataRevision(), revision, 'cached answers are not reused');
        assert.equal(older.db.prepare('SELECT count(*) FROM events').pluck().get(), freshReport.totals.inserted);
        assert.equal(older.db.prepare('SELECT updated FROM ingest_files WHERE run_id = ? ORDER BY id').pluck().all(report.runId).reduce((a: number, b) => a + (b as number), 0), changed);
        const run = older.db.prepare('SELECT options FROM ingest_runs WHERE id = ?').pluck().get(report.runId) as string;
        assert.equal((JSON.parse(run) as { refresh: boolean }).refresh, true);

        // Nothing left to change: a second refresh updates nothing and moves no revision.
        const revisionAfter = older.dataRevision();
        const again = await ingest(older, INPUTS, { ...OPTIONS, refresh: true });
        assert.deepEqual([again.totals.inserted, again.totals.updated], [0, 0]);
        assert.equal(older.dataRevision(), revisionAfter);
        assert.deepEqual(snapshot(older), after);
      } finally {
        older.close();
        fresh.close();
      }
    });
  }

  void it('leaves the activity groups of a run killed half-way listed, and the next open counts them', async () => {
    const dir = dirs.fresh();
    const fresh = openStore(join(dir, 'fresh.db'));
    await ingest(fresh, INPUTS, OPTIONS);
    const events = await readEvents(INPUTS);
    const path = join(dir, 'older.db');
    const older = olderStore(path, events);
    const activity = (store: Store) => snapshot(store).activity;
    try {
      // What a refresh does before it is killed: its batches committed, the end of the run never reached.
      older.events.refreshing();
      older.events.write(events, older.runs.start('test', {}));
      assert.ok((older.db.prepare('SELECT count(*) FROM activity_recount').pluck().get() as number) > 0);
      assert.notDeepEqual(activity(older), activity(fresh), 'the summary waits for the end of the run');
      assert.deepEqual(snapshot(older).main, snapshot(fresh).main, 'the full-text index followed in the batch');
    } finally {
      older.close();
    }
    const reopened = openStore(path);
    try {
      assert.deepEqual(activity(reopened), activity(fresh));
      assert.equal(reopened.db.prepare('SELECT count(*) FROM activity_recount').pluck().get(), 0);
    } finally {
      reopened.close();
      fresh.close();
    }
  });

  void it('adds new events and updates old ones in one run, and a search finds the new text only', async () => {
    const dir = dirs.fresh();
    const older = olderStore(join(dir, 'older.db'), await readEvents(INPUTS.slice(0, 1)));
    try {
      const report = await ingest(older, INPUTS, { ...OPTIONS, refresh: true });
      assert.ok(report.totals.inserted > 0 && report.totals.updated > 0, JSON.stringify(report.totals));
      const matches = (word: string) => older.db.prepare('SELECT count(*) FROM events_fts WHERE events_fts MATCH ?').pluck().get(word) as number;
      assert.equal(matches('zyxwold'), 0, 'the older message is no longer found');
      assert.equal(older.db.prepare("SELECT count(*) FROM events WHERE action = 'unknown-line'").pluck().get(), 0);
    } finally {
      older.close();
    }
  });
});
