import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Job } from '../../src/schema/api/jobs.ts';
import { buildServer } from '../../src/server/app.ts';
import { openStore } from '../../src/store/index.ts';
import { INTERRUPTED, NEVER_STARTED } from '../../src/store/jobs.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { tempDirs } from '../helpers/temp.ts';
import { SYSLOG_SAMPLE, body, multipart, prepareStore, startServer, waitForJob, type TestServer } from './helpers.ts';

/** Job records live in the store: a restart keeps their history, and ends the jobs a killed server left running. */

const temp = tempDirs('server-jobs');
const TSX = import.meta.resolve('tsx');
const HELD_SERVER = join(import.meta.dirname, 'held-job-server.ts');

async function restart(server: TestServer): Promise<TestServer> {
  await server.app.close();
  const app = buildServer({ dbPath: server.dbPath, uploadDir: server.uploadDir, webDir: false });
  await app.ready();
  return { ...server, app };
}

async function jobList(server: TestServer, query = ''): Promise<Job[]> {
  const response = await server.app.inject({ url: `/api/jobs${query}`, headers: server.auth('viewer') });
  assert.equal(response.statusCode, 200, response.body);
  return body<{ jobs: Job[] }>(response).jobs;
}

describe('job records', () => {
  it('are kept in the store by a migration of their own', () => {
    const migration = MIGRATIONS.find((m) => m.sql.includes('CREATE TABLE jobs'));
    assert.ok(migration !== undefined);
    const store = openStore(join(temp.fresh(), 'vigil.db'));
    try {
      const columns = (store.db.prepare('PRAGMA table_info(jobs)').all() as { name: string }[]).map((c) => c.name);
      for (const column of ['id', 'kind', 'status', 'actor', 'created_at', 'started_at', 'finished_at', 'input', 'progress', 'result', 'error']) assert.ok(columns.includes(column), column);
    } finally {
      store.close();
    }
  });

  it('outlive a restart: state, progress, result, actor and times of finished uploads and analyses', async () => {
    let server = await startServer(temp.fresh());
    try {
      const upload = multipart([{ filename: 'auth.log', content: SYSLOG_SAMPLE }]);
      const accepted = await server.app.inject({ method: 'POST', url: '/api/uploads?tz=UTC', payload: upload.payload, headers: { ...upload.headers, ...server.auth('analyst') } });
      assert.equal(accepted.statusCode, 202, accepted.body);
      const ingestId = body<{ job: Job }>(accepted).job.id;
      await waitForJob(server, ingestId);
      const analysis = await server.app.inject({ method: 'POST', url: '/api/analyze', payload: {}, headers: server.auth('admin') });
      const analyzeId = body<{ job: Job }>(analysis).job.id;
      await waitForJob(server, analyzeId);
      const before = await jobList(server);
      assert.deepEqual(before.map((j) => [j.id, j.status]), [[analyzeId, 'completed'], [ingestId, 'completed']]);

      server = await restart(server);
      assert.deepEqual(server.app.vigil.jobs.list({}).length > 0, true);
      const after = await jobList(server);
      assert.deepEqual(after, before, 'the restarted server lists the same jobs, in full');
      const ingest = after[1]!;
      assert.equal(ingest.actor, 'token:analyst(analyst)');
      assert.deepEqual(ingest.input.files, [{ name: 'auth.log', size: Buffer.byteLength(SYSLOG_SAMPLE) }]);
      assert.ok(ingest.started_at !== null && ingest.finished_at !== null && ingest.created_at <= ingest.started_at && ingest.started_at <= ingest.finished_at);
      assert.equal(ingest.progress.events, 3);
      assert.equal(ingest.result?.kind, 'ingest');
      assert.equal(ingest.result.kind === 'ingest' ? ingest.result.totals.inserted : -1, 3);
      assert.equal(after[0]!.actor, 'token:admin(admin)');
      assert.equal(after[0]!.result?.kind, 'analyze');

      const one = await server.app.inject({ url: `/api/jobs/${ingestId}`, headers: server.auth('viewer') });
      assert.deepEqual(body<Job>(one), ingest);
      assert.deepEqual((await jobList(server, '?kind=analyze')).map((j) => j.id), [analyzeId]);
      assert.deepEqual((await jobList(server, '?limit=1')).map((j) => j.id), [analyzeId]);
      const events = await server.app.inject({ url: `/api/jobs/${ingestId}/events`, headers: server.auth('viewer') });
      assert.equal(events.body.match(/^event: job$/gm)?.length, 1, 'a finished job from before the restart is sent once, then the stream ends');
      assert.ok(events.body.includes(`data: ${JSON.stringify(ingest)}`));

      const next = multipart([{ filename: 'again.log', content: SYSLOG_SAMPLE }]);
      const again = await server.app.inject({ method: 'POST', url: '/api/uploads?tz=UTC', payload: next.payload, headers: { ...next.headers, ...server.auth('analyst') } });
      const againId = body<{ job: Job }>(again).job.id;
      await waitForJob(server, againId);
      assert.deepEqual((await jobList(server)).map((j) => j.id), [againId, analyzeId, ingestId], 'new jobs come first, then the earlier ones');
    } finally {
      await server.app.close();
    }
  });

  it('reads the ingest results of older versions, which name no repeated log', async () => {
    let server = await startServer(temp.fresh());
    try {
      const upload = multipart([{ filename: 'auth.log', content: SYSLOG_SAMPLE }]);
      const accepted = await server.app.inject({ method: 'POST', url: '/api/uploads?tz=UTC', payload: upload.payload, headers: { ...upload.headers, ...server.auth('analyst') } });
      const id = body<{ job: Job }>(accepted).job.id;
      await waitForJob(server, id);
      await server.app.close();
      const store = openStore(server.dbPath);
      try {
        assert.equal(store.db.prepare("UPDATE jobs SET result = json_remove(result, '$.files[0].sameLogAs') WHERE id = ?").run(id).changes, 1);
        assert.doesNotMatch(store.db.prepare('SELECT result FROM jobs WHERE id = ?').pluck().get(id) as string, /sameLogAs/);
      } finally {
        store.close();
      }
      server = await restart(server);
      const one = await server.app.inject({ url: `/api/jobs/${id}`, headers: server.auth('viewer') });
      assert.equal(one.statusCode, 200, one.body);
      const result = body<Job>(one).result;
      assert.ok(result?.kind === 'ingest');
      assert.deepEqual(result.files.map((f) => [f.name, f.inserted, f.sameLogAs]), [['auth.log', 3, null]]);
    } finally {
      await server.app.close();
    }
  });

  it('a server killed while a job runs: the next start marks it failed (interrupted by restart), queued ones cancelled; a live server’s jobs are left alone', async () => {
    const dir = temp.fresh();
    const { dbPath, secrets } = await prepareStore(dir);
    const uploadDir = join(dir, 'uploads');
    const auth = (role: 'viewer' | 'analyst') => ({ authorization: `Bearer ${secrets[role]}` });
    const held = await startHeldServer(dbPath, uploadDir);
    let running = '';
    let queued = '';
    try {
      const upload = async (name: string) => {
        const { payload, headers } = multipart([{ filename: name, content: SYSLOG_SAMPLE }]);
        const response = await fetch(`${held.url}/api/uploads?tz=UTC`, { method: 'POST', body: new Uint8Array(payload), headers: { ...headers, ...auth('analyst') } });
        assert.equal(response.status, 202);
        return ((await response.json()) as { job: Job }).job.id;
      };
      running = await upload('first.log');
      queued = await upload('second.log');
      await storedStatuses(dbPath, { [running]: 'running', [queued]: 'queued' });

      // Another server on the same store while the first still runs: it leaves that one's jobs alone.
      const live = buildServer({ dbPath, uploadDir, webDir: false });
      try {
        const listed = body<{ jobs: Job[] }>(await live.inject({ url: '/api/jobs', headers: auth('viewer') })).jobs;
        assert.deepEqual(listed.map((j) => [j.id, j.status]), [[queued, 'queued'], [running, 'running']]);
      } finally {
        await live.close();
      }
    } finally {
      await held.kill();
    }

    const app = buildServer({ dbPath, uploadDir, webDir: false });
    try {
      await app.ready();
      const after = await app.inject({ url: '/api/jobs', headers: auth('viewer') });
      const jobs = body<{ jobs: Job[] }>(after).jobs;
      assert.deepEqual(jobs.map((j) => [j.id, j.status, j.error]), [[queued, 'cancelled', NEVER_STARTED], [running, 'failed', INTERRUPTED]]);
      const failed = jobs[1]!;
      assert.match(failed.error ?? '', /^interrupted by restart/);
      assert.equal(failed.actor, 'token:analyst(analyst)');
      assert.deepEqual(failed.input.files, [{ name: 'first.log', size: Buffer.byteLength(SYSLOG_SAMPLE) }]);
      assert.ok(failed.started_at !== null && failed.finished_at !== null && failed.started_at <= failed.finished_at);
      assert.equal(jobs[0]!.started_at, null);
      const audit = app.vigil.reads.audit.list({ action: 'job-interrupted', limit: 10 });
      assert.deepEqual(audit.map((e) => [e.actor, e.target, e.details.status]).sort(), [['server', queued, 'cancelled'], ['server', running, 'failed']].sort());
    } finally {
      await app.close();
    }
    const again = buildServer({ dbPath, uploadDir, webDir: false });
    await again.ready();
    assert.equal(again.vigil.reads.audit.list({ action: 'job-interrupted', limit: 10 }).length, 2, 'ended once, not at every start');
    await again.close();
  });
});

/** Polls the store file until the jobs have these statuses (the server writes them from its event loop). */
async function storedStatuses(dbPath: string, want: Record<string, string>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const store = openStore(dbPath, { readonly: true });
    try {
      const rows = store.db.prepare('SELECT id, status FROM jobs').all() as { id: string; status: string }[];
      if (Object.entries(want).every(([id, status]) => rows.some((r) => r.id === id && r.status === status))) return;
    } finally {
      store.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the jobs never reached ${JSON.stringify(want)} in the store`);
}

async function startHeldServer(dbPath: string, uploadDir: string): Promise<{ url: string; kill: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX, HELD_SERVER, dbPath, uploadDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve((JSON.parse(out.slice(0, newline)) as { url: string }).url);
    });
    void exited.then(() => reject(new Error(`the held server exited before listening: ${stderr}`)));
  });
  return {
    url,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
