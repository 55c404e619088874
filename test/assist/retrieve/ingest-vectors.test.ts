import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Embedder } from '../../../src/assist/retrieve/embedder.ts';
import { ingest } from '../../../src/pipeline/ingest.ts';
import { openStore } from '../../../src/store/index.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { count, failedRoot, ingestLines, syslogLines } from './helpers.ts';

/** Every ingest ends by bringing the vector index up to date; a failure there never fails the ingest. */

const temp = tempDirs('ingest-vectors');
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');

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
