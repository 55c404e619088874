import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { providerEmbedder, type Embedder } from '../../../src/assist/retrieve/embedder.ts';
import { HashedEmbedder, hashedEmbedder } from '../../../src/assist/retrieve/hashed-embedder.ts';
import { readIndexState, writeIndexState } from '../../../src/assist/retrieve/index-state.ts';
import { TEMPLATE_VERSION } from '../../../src/assist/retrieve/templates.ts';
import { defaultIndexEmbedder, updateVectorIndex } from '../../../src/assist/retrieve/vector-index.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/store/database.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { acceptedKey, count, failedRoot, ingestLines, invalidUser, syslogLines } from './helpers.ts';

/** Migration 3, and the incremental vector index over message templates. */

const temp = tempDirs('vector-index');
const TABLES = ['event_templates', 'message_templates', 'vector_index_state'];

function tables(store: Store): string[] {
  return store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

function vectorWidth(store: Store): number {
  return count(store, 'SELECT vec_length(embedding) FROM template_vectors LIMIT 1');
}

async function storeWith(lines: string[], dir = temp.fresh()): Promise<{ store: Store; dir: string }> {
  const store = openStore(join(dir, 'v.db'));
  await ingestLines(store, dir, 'auth.log', lines, false);
  return { store, dir };
}

describe('migration 5 (templates and vector index state)', () => {
  it('creates the template and index-state tables in a fresh store, and no vector table yet', () => {
    assert.ok(MIGRATIONS.some((m) => m.version === 5 && m.sql.includes('message_templates')));
    const store = openStore(join(temp.fresh(), 'v.db'));
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      for (const table of TABLES) assert.ok(tables(store).includes(table), table);
      assert.ok(!tables(store).includes('template_vectors'));
    } finally {
      store.close();
    }
  });

  it('upgrades a version-2 store, keeping its events, which the next update indexes', async () => {
    const path = join(temp.fresh(), 'v2.db');
    const raw = new Database(path);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) raw.exec(migration.sql);
    raw.pragma('user_version = 2');
    const insert = raw.prepare("INSERT INTO events (id, format, dataset, file_path, message, original, doc) VALUES (?, 'syslog', 'sshd', '/x.log', ?, ?, '{}')");
    ['Failed password for root from 1.2.3.4 port 22 ssh2', 'Failed password for root from 5.6.7.8 port 23 ssh2'].forEach((m, i) => insert.run(Buffer.alloc(16, i + 1), m, m));
    raw.close();
    const store = openStore(path);
    try {
      assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      assert.equal(count(store, 'SELECT count(*) FROM events'), 2);
      const report = await updateVectorIndex(store, hashedEmbedder());
      assert.equal(report.events, 2);
      assert.equal(report.templates, 1, 'both lines are one template');
      assert.equal(count(store, 'SELECT count(*) FROM template_vectors'), 1);
    } finally {
      store.close();
    }
  });
});

describe('incremental vector index', () => {
  it('gives each event a template, one vector per template, and records the run in the audit log', async () => {
    const { store } = await storeWith([...syslogLines(40, failedRoot), ...syslogLines(10, acceptedKey, 100)]);
    try {
      const report = await updateVectorIndex(store, hashedEmbedder(), { actor: 'analyst' });
      assert.equal(report.events, 50);
      assert.equal(report.templates, 2);
      assert.equal(report.embedded, 2);
      assert.equal(report.pendingTemplates, 0);
      assert.equal(count(store, 'SELECT count(*) FROM event_templates'), 50);
      assert.deepEqual(store.db.prepare('SELECT events FROM message_templates ORDER BY id').pluck().all(), [40, 10]);
      assert.equal(vectorWidth(store), 512);
      const [entry] = store.audit.list({ action: 'vector-index' });
      assert.equal(entry?.actor, 'analyst');
      assert.equal(entry?.target, 'hashed-ngram-v1:512');
      assert.equal(entry?.details.events, 50);
      assert.equal(store.audit.verify().ok, true);
    } finally {
      store.close();
    }
  });

  it('adds only events stored since the last run; a run with nothing new changes nothing', async () => {
    const { store, dir } = await storeWith(syslogLines(30, failedRoot));
    try {
      await updateVectorIndex(store, hashedEmbedder());
      const before = readIndexState(store.db)!;
      await ingestLines(store, dir, 'more.log', [...syslogLines(20, failedRoot, 500), ...syslogLines(5, invalidUser, 600)], false);
      const second = await updateVectorIndex(store, hashedEmbedder());
      assert.equal(second.events, 25);
      assert.equal(second.newTemplates, 1, 'five user names, masked: one template');
      assert.equal(second.embedded, 1);
      assert.equal(second.rebuilt, false);
      assert.equal(count(store, 'SELECT events FROM message_templates WHERE id = 1'), 50);
      assert.ok(readIndexState(store.db)!.lastEventRowid > before.lastEventRowid);
      const audits = store.audit.list({ action: 'vector-index' }).length;
      const third = await updateVectorIndex(store, hashedEmbedder());
      assert.deepEqual([third.events, third.newTemplates, third.embedded, third.rebuilt], [0, 0, 0, false]);
      assert.equal(store.audit.list({ action: 'vector-index' }).length, audits, 'no audit record for a run that did nothing');
      assert.equal(count(store, 'SELECT count(*) FROM template_vectors'), 2);
      assert.equal(count(store, "SELECT count(*) FROM message_templates WHERE text LIKE '%Invalid user <user> from <ip> port <num>'"), 1);
    } finally {
      store.close();
    }
  });

  it('rebuilds the vectors, not the templates, when the embedder changes', async () => {
    const { store } = await storeWith([...syslogLines(10, failedRoot), ...syslogLines(10, acceptedKey, 50)]);
    try {
      await updateVectorIndex(store, hashedEmbedder());
      const mapping = store.db.prepare('SELECT * FROM event_templates ORDER BY event_rowid').all();
      const narrow = await updateVectorIndex(store, new HashedEmbedder(64));
      assert.equal(narrow.rebuilt, true);
      assert.equal(narrow.embedded, 2);
      assert.equal(narrow.events, 0);
      assert.equal(vectorWidth(store), 64);
      assert.deepEqual(readIndexState(store.db)?.embedder, 'hashed-ngram-v1:64');
      assert.deepEqual(store.db.prepare('SELECT * FROM event_templates ORDER BY event_rowid').all(), mapping);
      const provider = providerEmbedder({ id: 'ollama', embed: (texts) => hashedEmbedder().embed(texts.map((t) => t.toUpperCase())) }, 'all-minilm');
      const byProvider = await updateVectorIndex(store, provider);
      assert.equal(byProvider.rebuilt, true);
      assert.equal(byProvider.embedder, 'provider:ollama:all-minilm');
      assert.equal(vectorWidth(store), 512);
    } finally {
      store.close();
    }
  });

  it('makes the templates and their vectors again when they were made by an earlier template version', async () => {
    const { store } = await storeWith([...syslogLines(10, failedRoot), ...syslogLines(10, acceptedKey, 50)]);
    try {
      await updateVectorIndex(store, hashedEmbedder());
      const texts = store.db.prepare('SELECT text FROM message_templates ORDER BY text').pluck().all();
      store.db.prepare("UPDATE message_templates SET text = 'made the old way'").run();
      writeIndexState(store.db, { ...readIndexState(store.db)!, templateVersion: TEMPLATE_VERSION - 1 });
      const again = await updateVectorIndex(store, hashedEmbedder());
      assert.equal(again.rebuilt, true);
      assert.equal(again.events, 20, 'every event gets its template again');
      assert.equal(again.embedded, 2);
      assert.deepEqual(store.db.prepare('SELECT text FROM message_templates ORDER BY text').pluck().all(), texts);
      assert.equal(readIndexState(store.db)?.templateVersion, TEMPLATE_VERSION);
      assert.equal(count(store, 'SELECT count(*) FROM event_templates'), 20);
    } finally {
      store.close();
    }
  });

  it('assigns templates without an embedder and leaves them pending; the default embedder picks them up', async () => {
    const { store } = await storeWith(syslogLines(12, failedRoot));
    try {
      const templatesOnly = await updateVectorIndex(store, undefined);
      assert.deepEqual([templatesOnly.events, templatesOnly.embedder, templatesOnly.pendingTemplates], [12, null, 1]);
      assert.equal(defaultIndexEmbedder(store.db)?.id, 'hashed-ngram-v1:512');
      const vectors = await updateVectorIndex(store, defaultIndexEmbedder(store.db));
      assert.deepEqual([vectors.events, vectors.embedded, vectors.pendingTemplates], [0, 1, 0]);
    } finally {
      store.close();
    }
  });

  it('keeps a provider-built index for that provider: the default embedder is then none', async () => {
    const { store } = await storeWith(syslogLines(5, failedRoot));
    try {
      await updateVectorIndex(store, providerEmbedder({ id: 'ollama', embed: (texts) => hashedEmbedder().embed(texts) }, 'nomic-embed-text'));
      assert.equal(defaultIndexEmbedder(store.db), undefined);
    } finally {
      store.close();
    }
  });

  it('stops on abort with what it committed kept, and resumes from there', async () => {
    const { store } = await storeWith(syslogLines(40, failedRoot));
    try {
      const controller = new AbortController();
      let calls = 0;
      const stopping: Embedder = {
        id: 'hashed-ngram-v1:512', dimensions: 512, batchSize: 1,
        embed: (texts, signal) => {
          if (++calls === 1) controller.abort(new Error('cancelled by analyst'));
          return hashedEmbedder().embed(texts, signal);
        },
      };
      await assert.rejects(updateVectorIndex(store, stopping, { signal: controller.signal, batch: 10 }), /cancelled by analyst/);
      assert.equal(readIndexState(store.db)?.lastEventRowid, count(store, 'SELECT max(rowid) FROM events'));
      const resumed = await updateVectorIndex(store, hashedEmbedder());
      assert.equal(resumed.events, 0);
      assert.equal(resumed.pendingTemplates, 0);
      assert.equal(count(store, 'SELECT count(*) FROM template_vectors'), 1);
    } finally {
      store.close();
    }
  });
});
