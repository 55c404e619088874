import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ingest } from '../../src/pipeline/ingest.ts';
import { ApiError } from '../../src/server/errors.ts';
import { ReadPool } from '../../src/server/reads/pool.ts';
import { eventPage } from '../../src/store/event-page.ts';
import { openStore } from '../../src/store/index.ts';
import { VigilError } from '../../src/util/errors.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Reader threads: many queries in flight per reader, answers matched to their queries, errors and timeouts. */

const temp = tempDirs('server-reads');
let dbPath = '';

before(async () => {
  const dir = temp.fresh();
  dbPath = join(dir, 'vigil.db');
  const lines = Array.from({ length: 400 }, (_, i) => `Nov 20 10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} web${i % 3} sshd[${i}]: Failed password for u${i % 9} from 192.0.2.${i % 40} port ${i} ssh2`);
  writeFileSync(join(dir, 'auth.log'), `${lines.join('\n')}\n`);
  const store = openStore(dbPath);
  await ingest(store, [join(dir, 'auth.log')], { tz: 'UTC', year: 2026, actor: 'test' });
  store.close();
});

describe('reader pool', () => {
  it('answers many concurrent queries, each with its own result', async () => {
    const pool = new ReadPool(dbPath, 2, 20_000, 4);
    const store = openStore(dbPath, { readonly: true });
    try {
      const requests = Array.from({ length: 30 }, (_, i) => ({ filter: { fields: { 'source.ip': `192.0.2.${i % 40}` } }, order: 'desc' as const, limit: 5, count: true }));
      const answers = await Promise.all(requests.map((r) => pool.run('eventPage', r)));
      answers.forEach((answer, i) => {
        const expected = eventPage(store.db, requests[i]!);
        assert.equal(answer.eventsJson, JSON.stringify(expected.events));
        assert.deepEqual(answer.total, expected.total);
      });
    } finally {
      store.close();
      await pool.close();
    }
  });

  it('passes Vigil errors through with their code', async () => {
    const pool = new ReadPool(dbPath, 1, 20_000);
    try {
      await assert.rejects(pool.run('eventPage', { filter: { fields: { 'bad path!': 'x' } }, order: 'desc', limit: 5 }), (error: unknown) => error instanceof VigilError && error.code === 'E_USAGE');
      const ok = await pool.run('eventPage', { filter: {}, order: 'asc', limit: 1 });
      assert.match(ok.eventsJson, /^\[\{"id":"[0-9a-f]{32}"/);
    } finally {
      await pool.close();
    }
  });

  it('stops a reader whose query outlives the time limit and answers E_UNAVAILABLE', async () => {
    const pool = new ReadPool(dbPath, 1, 1);
    try {
      await assert.rejects(pool.run('breakdown', { top: 5 }), (error: unknown) => error instanceof ApiError && error.code === 'E_UNAVAILABLE');
    } finally {
      await pool.close();
    }
  });

  it('refuses work once closed', async () => {
    const pool = new ReadPool(dbPath, 1, 20_000);
    await pool.close();
    await assert.rejects(pool.run('eventPage', { filter: {}, order: 'asc', limit: 1 }), (error: unknown) => error instanceof ApiError && error.code === 'E_UNAVAILABLE');
  });
});
