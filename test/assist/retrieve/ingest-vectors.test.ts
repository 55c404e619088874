import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Embedder } from '../../../src/assist/retrieve/embedder.ts';
import { updateVectorIndex } from '../../../src/assist/retrieve/index.ts';
import { TemplateKeyer } from '../../../src/assist/retrieve/templates.ts';
import { ingest } from '../../../src/pipeline/ingest.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import type { EventRow } from '../../../src/store/rows.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { acceptedKey, count, failedRoot, ingestLines, invalidUser, syslogLines } from './helpers.ts';

/** Every ingest ends by bringing the vector index up to date; a failure there never fails the ingest. */

const temp = tempDirs('ingest-vectors');
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');

/** A three-letter word per number below 26³: templates mask numbers, not such words. */
const word = (i: number) => [2, 1, 0].map((p) => String.fromCharCode(97 + (Math.floor(i / 26 ** p) % 26))).join('');

/** Each event with its template, and each template with its event count: what both ways of templating must agree on. */
function mapping(store: Store): unknown {
  return {
    events: store.db.prepare(`SELECT hex(e.id) AS id, t.text FROM events e JOIN event_templates m ON m.event_rowid = e.rowid
      JOIN message_templates t ON t.id = m.template_id ORDER BY e.id`).all(),
    templates: store.db.prepare('SELECT text, dataset, outcome, events FROM message_templates ORDER BY text').all(),
    unmapped: count(store, 'SELECT count(*) FROM events WHERE rowid NOT IN (SELECT event_rowid FROM event_templates)'),
    watermark: count(store, 'SELECT last_event_rowid FROM vector_index_state') === count(store, 'SELECT max(rowid) FROM events'),
  };
}

describe('templates given as the events are written', () => {
  it('are those the pass over stored events gives, in small batches, bulk loads and the parse thread', async () => {
    const dir = temp.fresh();
    const after = openStore(join(dir, 'after.db'));
    try {
      await ingest(after, [EXAMPLES], { tz: 'UTC', actor: 'test', embedder: false });
      assert.equal(count(after, 'SELECT count(*) FROM event_templates'), 0);
      await updateVectorIndex(after, undefined);
      const expected = mapping(after);
      assert.equal((expected as { unmapped: number }).unmapped, 0);
      for (const [name, options] of [['batches', { batchSize: 97 }], ['bulk', { deferIndexes: true }], ['thread', { threads: true }]] as const) {
        const store = openStore(join(dir, `${name}.db`));
        try {
          // After each committed batch, before any pass over the stored events: every stored event has its template.
          const lagging: number[] = [];
          const onProgress = () => {
            const missing = count(store, 'SELECT count(*) FROM events WHERE rowid NOT IN (SELECT event_rowid FROM event_templates)');
            if (missing > 0) lagging.push(missing);
          };
          const report = await ingest(store, [EXAMPLES], { tz: 'UTC', actor: 'test', onProgress, ...options });
          assert.deepEqual(lagging, [], `${name}: events without a template between batches`);
          assert.deepEqual(mapping(store), expected, name);
          assert.equal(report.vectors?.events, report.totals.inserted, `${name}: the report counts them`);
          assert.equal(report.vectors?.newTemplates, report.vectors?.templates, `${name}: all templates are new`);
        } finally {
          store.close();
        }
      }
    } finally {
      after.close();
    }
  });

  it('are keyed where the rows are made, up to a limit past which the writer makes them, inline and on the thread', async () => {
    const dir = temp.fresh();
    // 6,000 templates (three-letter words are not masked), each six times, and two files: keys start again per
    // input. The thread keys templates only while it is ahead of the writer (more rows than its window of 16 Ki).
    const shape = (i: number) => `web-01 app[7]: job ${word(i % 6000)} finished`;
    writeFileSync(join(dir, 'a.log'), `${syslogLines(36_000, shape).join('\n')}\n`);
    writeFileSync(join(dir, 'b.log'), `${syslogLines(300, shape, 20_000).join('\n')}\n`);
    const inputs = [join(dir, 'a.log'), join(dir, 'b.log')];
    const after = openStore(join(dir, 'after.db'));
    try {
      await ingest(after, inputs, { tz: 'UTC', year: 2026, actor: 'test', embedder: false });
      await updateVectorIndex(after, undefined);
      const expected = mapping(after);
      assert.equal(count(after, 'SELECT count(*) FROM message_templates'), 6000);
      for (const threads of [false, true]) {
        const keyed = openStore(join(dir, `keyed-${String(threads)}.db`));
        try {
          const report = await ingest(keyed, inputs, { tz: 'UTC', year: 2026, actor: 'test', threads });
          assert.equal(report.parseThread, threads);
          assert.deepEqual(mapping(keyed), expected, `threads: ${String(threads)}`);
        } finally {
          keyed.close();
        }
      }
    } finally {
      after.close();
    }
  });

  it('wait for the pass when the mapping lags behind the events, which then catches up on all of them', async () => {
    const dir = temp.fresh();
    const store = openStore(join(dir, 'v.db'));
    try {
      await ingestLines(store, dir, 'a.log', syslogLines(30, failedRoot), false);
      const report = await ingestLines(store, dir, 'b.log', syslogLines(12, acceptedKey, 100));
      assert.equal(report.vectors?.events, 42, 'the 30 older events and the 12 new ones');
      assert.equal(count(store, 'SELECT count(*) FROM event_templates'), 42);
      assert.equal(count(store, 'SELECT sum(events) FROM message_templates'), 42);
    } finally {
      store.close();
    }
  });

  it('roll back with the batch when they cannot be written', async () => {
    const dir = temp.fresh();
    const store = openStore(join(dir, 'v.db'));
    try {
      await ingestLines(store, dir, 'a.log', syslogLines(10, failedRoot));
      const before = mapping(store);
      store.db.exec("CREATE TRIGGER fail_map BEFORE INSERT ON event_templates BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
      await assert.rejects(ingestLines(store, dir, 'b.log', syslogLines(5, invalidUser, 100)), /disk full/, 'as any batch that cannot commit');
      assert.equal(count(store, 'SELECT count(*) FROM events'), 10, 'the batch is not stored');
      assert.deepEqual(mapping(store), before, 'nor its templates, their counts or the watermark');
      store.db.exec('DROP TRIGGER fail_map');
      const again = await ingestLines(store, dir, 'b.log', syslogLines(5, invalidUser, 100));
      assert.equal(again.vectors?.events, 5);
      assert.equal((mapping(store) as { unmapped: number }).unmapped, 0);
      assert.equal(count(store, 'SELECT sum(events) FROM message_templates'), 15, 'no count left over from the failed batch');
    } finally {
      store.close();
    }
  });
});

describe('vector index after ingest', () => {
  it('indexes the events of an ingested file, and a second ingest of it adds nothing', async () => {
    const store = openStore(join(temp.fresh(), 'v.db'));
    try {
      const first = await ingest(store, [join(EXAMPLES, 'auth.log')], { tz: 'UTC', actor: 'test' });
      assert.equal(first.vectorError, undefined);
      const inserted = first.totals.inserted;
      assert.ok(inserted > 500);
      assert.equal(first.vectors?.events, inserted);
      assert.equal(first.vectors?.embedder, 'hashed-ngram-v1:512');
      assert.equal(first.vectors?.pendingTemplates, 0);
      assert.ok(first.vectors.templates > 10 && first.vectors.templates < inserted / 2, `${first.vectors.templates} templates`);
      assert.equal(count(store, 'SELECT count(*) FROM event_templates'), inserted);
      assert.equal(count(store, 'SELECT count(*) FROM template_vectors'), first.vectors.templates);
      assert.deepEqual(store.audit.list().map((e) => e.action), ['ingest', 'vector-index']);
      const again = await ingest(store, [join(EXAMPLES, 'auth.log')], { tz: 'UTC', actor: 'test' });
      assert.equal(again.totals.inserted, 0);
      assert.deepEqual([again.vectors?.events, again.vectors?.embedded], [0, 0]);
    } finally {
      store.close();
    }
  });

  it('reports a failing embedder and still stores the events; the next ingest catches up', async () => {
    const dir = temp.fresh();
    const store = openStore(join(dir, 'v.db'));
    try {
      const broken: Embedder = { id: 'provider:ollama:down', dimensions: undefined, batchSize: 8, embed: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:11434')) };
      const report = await ingestLines(store, dir, 'a.log', syslogLines(20, failedRoot), broken);
      assert.equal(report.totals.inserted, 20);
      assert.match(report.vectorError ?? '', /ECONNREFUSED/);
      assert.equal(report.vectors, undefined);
      assert.equal(count(store, 'SELECT count(*) FROM events'), 20);
      assert.equal(count(store, 'SELECT count(*) FROM event_templates'), 20, 'templates were assigned before the embedder failed');
      const [failed] = store.audit.list({ action: 'vector-index' });
      assert.deepEqual([failed?.details.status, failed?.details.events, failed?.details.embedded], ['failed', 20, 0]);
      assert.match(String(failed?.details.error), /ECONNREFUSED/);
      const next = await ingestLines(store, dir, 'b.log', syslogLines(5, failedRoot, 100));
      assert.equal(next.vectorError, undefined);
      assert.equal(next.vectors?.events, 5);
      assert.equal(next.vectors?.rebuilt, false);
      assert.equal(store.audit.list({ action: 'vector-index' })[1]?.details.status, 'completed');
      assert.equal(count(store, 'SELECT count(*) FROM template_vectors'), 1);
    } finally {
      store.close();
    }
  });

  it('leaves the index alone when told to (embedder: false)', async () => {
    const dir = temp.fresh();
    const store = openStore(join(dir, 'v.db'));
    try {
      const report = await ingestLines(store, dir, 'a.log', syslogLines(5, failedRoot), false);
      assert.equal(report.vectors, undefined);
      assert.equal(count(store, 'SELECT count(*) FROM event_templates'), 0);
    } finally {
      store.close();
    }
  });
});

describe('template keys', () => {
  const row = (message: string): EventRow => [
    'id', null, null, 'syslog', 'app', null, null, null, null, null, null, null, null, null, null, 1, 'a.log', 1, message, message, '{}',
  ];

  it('number templates densely from 0 and hand out each text once, in key order', () => {
    const keyer = new TemplateKeyer();
    assert.deepEqual(['job abc done', 'job abd done', 'job abc done', 'job 12 done', 'job 13 done'].map((m) => keyer.keyOf(row(m))), [0, 1, 0, 2, 2]);
    assert.deepEqual(keyer.takeNew(), ['app: job abc done', 'app: job abd done', 'app: job <num> done']);
    assert.deepEqual([keyer.keyOf(row('job abd done')), keyer.keyOf(row('job xyz done'))], [1, 3]);
    assert.deepEqual(keyer.takeNew(), ['app: job xyz done']);
  });

  it('stop keying past 5,000 templates, and still give known templates their key', () => {
    const keyer = new TemplateKeyer();
    for (let i = 0; i < 5000; i++) assert.equal(keyer.keyOf(row(`job ${word(i)}`)), i);
    assert.equal(keyer.takeNew().length, 5000);
    assert.equal(keyer.keyOf(row(`job ${word(5000)}`)), -1);
    assert.equal(keyer.keyOf(row(`job ${word(42)}`)), 42);
    assert.deepEqual(keyer.takeNew(), []);
  });
});
