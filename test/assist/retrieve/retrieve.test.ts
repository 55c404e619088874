import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, after, describe, it } from 'node:test';
import { providerEmbedder, type Embedder } from '../../../src/assist/retrieve/embedder.ts';
import { fuseRankings } from '../../../src/assist/retrieve/fusion.ts';
import { hashedEmbedder } from '../../../src/assist/retrieve/hashed-embedder.ts';
import { retrieve, retrieveWithReport, type RetrievedEvent } from '../../../src/assist/retrieve/index.ts';
import { updateVectorIndex } from '../../../src/assist/retrieve/vector-index.ts';
import { vectorSearch } from '../../../src/assist/retrieve/vector-search.ts';
import { openStore, searchEvents, type Store } from '../../../src/store/index.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { acceptedKey, cronSession, failedRoot, ingestLines, invalidUser, sudoCommand, syslogLines } from './helpers.ts';

/** Hybrid retrieval over a store filled by the real ingest pipeline: full text, vectors, filters, fusion. */

const temp = tempDirs('retrieve');
const LINES = [
  ...syslogLines(60, failedRoot), ...syslogLines(30, acceptedKey, 100), ...syslogLines(40, cronSession, 200),
  ...syslogLines(20, sudoCommand, 300), ...syslogLines(14, invalidUser, 400),
];

let dir: string;
let store: Store;
before(async () => {
  dir = temp.fresh();
  store = openStore(join(dir, 'v.db'));
  const report = await ingestLines(store, dir, 'auth.log', LINES);
  assert.equal(report.vectors?.events, LINES.length);
});
after(() => store.close());

function column(events: readonly RetrievedEvent[], name: string): unknown[] {
  return events.map((e) => store.db.prepare(`SELECT ${name} FROM events WHERE rowid = ?`).pluck().get(e.rowid));
}

describe('hybrid retrieval', () => {
  it('finds the events a question means where full-text AND search finds nothing', async () => {
    const question = 'authentication failures for root';
    assert.equal(searchEvents(store.db, { text: question }).total, 0);
    const report = await retrieveWithReport(store.db, question, { limit: 10 });
    assert.equal(report.vector.status, 'used');
    assert.equal(report.events.length, 10);
    for (const message of column(report.events, 'message')) assert.match(String(message), /^Failed password for root from/);
    assert.ok(report.events.every((e) => e.ranks.vector !== undefined && e.ranks.fts !== undefined), 'found by both halves');
    assert.match(report.events[0]!.id, /^[0-9a-f]{32}$/);
  });

  it('answers from the vectors alone when no question word occurs in the logs', async () => {
    const report = await retrieveWithReport(store.db, 'logon failures', { limit: 20 });
    assert.equal(report.fts.hits, 0);
    assert.ok(report.events.length > 0);
    assert.ok(report.events.every((e) => e.ranks.fts === undefined && e.ranks.vector !== undefined));
    const outcomes = new Set(column(report.events.slice(0, 5), 'outcome'));
    assert.deepEqual([...outcomes], ['failure']);
    const templates = new Set(column(report.events, 'action'));
    assert.ok(templates.has('ssh-login') && templates.has('ssh-invalid-user'), `mixes templates: ${[...templates].join(', ')}`);
  });

  it('applies event filters to both halves', async () => {
    const events = await retrieve(store.db, 'authentication failures for root', { filters: { sourceIp: '203.0.113.7' }, limit: 50 });
    assert.ok(events.length > 0);
    assert.deepEqual(new Set(column(events, 'source_ip')), new Set(['203.0.113.7']));
    const user = await retrieve(store.db, 'sessions and commands', { filters: { user: 'alice' }, limit: 50 });
    assert.ok(user.length > 0);
    assert.deepEqual(new Set(column(user, 'user_name')), new Set(['alice']));
  });

  it('applies event filters the same way when the templates are walked instead of gathered', async () => {
    const options = { filters: { sourceIp: '203.0.113.7' }, limit: 30 };
    const walked = await vectorSearch(store.db, 'failed logins', hashedEmbedder(), { ...options, gatherLimit: 1 });
    const gathered = await vectorSearch(store.db, 'failed logins', hashedEmbedder(), options);
    assert.ok(walked.hits.length > 0);
    assert.deepEqual(walked.hits, gathered.hits);
  });

  it('applies dataset, outcome and time filters', async () => {
    const success = await retrieve(store.db, 'authentication failures', { filters: { outcome: 'success' }, limit: 50 });
    assert.ok(success.length > 0);
    assert.deepEqual(new Set(column(success, 'outcome')), new Set(['success']));
    const unfiltered = await retrieve(store.db, 'session opened for user', { limit: 5 });
    assert.deepEqual(new Set(column(unfiltered, 'dataset')), new Set(['cron']));
    const sshd = await retrieve(store.db, 'session opened for user', { filters: { dataset: 'sshd' }, limit: 50 });
    assert.ok(sshd.some((e) => e.ranks.vector !== undefined));
    assert.deepEqual(new Set(column(sshd, 'dataset')), new Set(['sshd']));
    const sinceMs = Date.parse('2026-03-03T10:05:00Z');
    const late = await retrieve(store.db, 'invalid user', { filters: { sinceMs }, limit: 50 });
    assert.ok(late.length > 0);
    assert.ok(column(late, 'ts_ms').every((ts) => (ts as number) >= sinceMs));
  });

  it('is deterministic and honours the limit', async () => {
    const a = await retrieve(store.db, 'root password ssh', { limit: 7 });
    const b = await retrieve(store.db, 'root password ssh', { limit: 7 });
    assert.equal(a.length, 7);
    assert.deepEqual(a, b);
    for (let i = 1; i < a.length; i++) assert.ok(a[i - 1]!.score >= a[i]!.score);
  });

  it('works on a read-only store', async () => {
    const readonly = openStore(join(dir, 'v.db'), { readonly: true });
    try {
      const report = await retrieveWithReport(readonly.db, 'logon failures', { limit: 5 });
      assert.equal(report.vector.status, 'used');
      assert.equal(report.events.length, 5);
    } finally {
      readonly.close();
    }
  });
});

describe('retrieval without usable vectors', () => {
  it('is full-text only while the store has no vector index', async () => {
    const fresh = temp.fresh();
    const plain = openStore(join(fresh, 'v.db'));
    try {
      await ingestLines(plain, fresh, 'auth.log', LINES, false);
      const report = await retrieveWithReport(plain.db, 'password root', { limit: 10 });
      assert.equal(report.vector.status, 'empty');
      assert.deepEqual(report.events.map((e) => e.ranks), Array.from({ length: 10 }, (_, i) => ({ fts: i + 1 })));
    } finally {
      plain.close();
    }
  });

  it('skips another embedder’s index unless given that embedder', async () => {
    const fresh = temp.fresh();
    const other = openStore(join(fresh, 'v.db'));
    try {
      const provider = providerEmbedder({ id: 'ollama', embed: (texts) => hashedEmbedder().embed(texts) }, 'nomic-embed-text')!;
      await ingestLines(other, fresh, 'auth.log', LINES, provider);
      const without = await retrieveWithReport(other.db, 'logon failures for root', { limit: 5 });
      assert.equal(without.vector.status, 'embedder-mismatch');
      assert.equal(without.vector.detail, 'provider:ollama:nomic-embed-text');
      assert.ok(without.events.length > 0 && without.events.every((e) => e.ranks.vector === undefined));
      const withIt = await retrieveWithReport(other.db, 'logon failures for root', { limit: 5, embedder: provider });
      assert.equal(withIt.vector.status, 'used');
    } finally {
      other.close();
    }
  });

  it('falls back to full text when the embedder fails, and passes an abort on', async () => {
    const down: Embedder = { id: 'hashed-ngram-v1:512', dimensions: 512, batchSize: 1, embed: () => Promise.reject(new Error('model not loaded')) };
    const report = await retrieveWithReport(store.db, 'password root', { limit: 5, embedder: down });
    assert.equal(report.vector.status, 'failed');
    assert.equal(report.vector.detail, 'model not loaded');
    assert.equal(report.events.length, 5);
    const controller = new AbortController();
    controller.abort(new Error('question withdrawn'));
    await assert.rejects(retrieve(store.db, 'password root', { signal: controller.signal }), /question withdrawn/);
  });

  it('sees events not yet indexed through full text only', async () => {
    const fresh = temp.fresh();
    const partial = openStore(join(fresh, 'v.db'));
    try {
      await ingestLines(partial, fresh, 'a.log', syslogLines(10, acceptedKey));
      await updateVectorIndex(partial, hashedEmbedder());
      await ingestLines(partial, fresh, 'b.log', syslogLines(3, failedRoot, 900), false);
      const events = await retrieve(partial.db, 'failed password root', { limit: 20 });
      const failed = events.filter((e) => e.ranks.fts !== undefined && e.ranks.fts <= 3);
      assert.equal(failed.length, 3);
      assert.ok(failed.every((e) => e.ranks.vector === undefined));
    } finally {
      partial.close();
    }
  });
});

describe('reciprocal rank fusion', () => {
  const hit = (rowid: number) => ({ rowid, id: rowid.toString(16).padStart(32, '0') });

  it('ranks events found by both lists first and scores Σ 1/(60 + rank)', () => {
    const fused = fuseRankings([hit(1), hit(2), hit(3)], [hit(3), hit(4)], 10);
    assert.deepEqual(fused.map((e) => e.rowid), [3, 1, 2, 4]);
    assert.equal(fused[0]!.score, 1 / 63 + 1 / 61);
    assert.deepEqual(fused[0]!.ranks, { fts: 3, vector: 1 });
    assert.deepEqual(fused[2]!.ranks, { fts: 2 });
    assert.deepEqual(fused[3]!.ranks, { vector: 2 });
  });

  it('breaks equal scores by full-text rank, then newest event', () => {
    assert.deepEqual(fuseRankings([hit(5)], [hit(9)], 10).map((e) => e.rowid), [5, 9]);
    assert.deepEqual(fuseRankings([], [hit(2), hit(7)], 1).map((e) => e.rowid), [2]);
  });

  it('counts an event once per list', () => {
    const fused = fuseRankings([hit(1), hit(1)], [], 10);
    assert.equal(fused.length, 1);
    assert.equal(fused[0]!.score, 1 / 61);
  });
});
