import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildServer } from '../../src/server/app.ts';
import type { Job } from '../../src/schema/api/jobs.ts';
import { tempDirs } from '../helpers/temp.ts';
import { SYSLOG_SAMPLE, body, multipart, startServer, waitForJob, type TestServer } from './helpers.ts';

/** Uploads: streamed to disk under generated names, ingested as one job with per-file results; all or nothing. */

const temp = tempDirs('server-upload');
let server: TestServer;

before(async () => {
  server = await startServer(temp.fresh(), { limits: { uploadFileBytes: 64 * 1024, uploadFiles: 4 } });
});
after(async () => {
  await server.app.close();
});

const NGINX = '203.0.113.50 - - [20/Nov/2026:10:00:00 +0000] "GET /wp-login.php HTTP/1.1" 404 153 "-" "curl/8.0"\n'.repeat(3);

function eventCount(): number {
  return server.app.vigil.reads.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
}

function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

async function upload(files: Parameters<typeof multipart>[0], query = ''): Promise<ReturnType<typeof server.app.inject> extends Promise<infer R> ? R : never> {
  const { payload, headers } = multipart(files);
  return server.app.inject({ method: 'POST', url: `/api/uploads${query}`, payload, headers: { ...headers, ...server.auth('analyst') } });
}

describe('upload', () => {
  it('ingests several files in one job with per-file results (format, events, errors), gzip included', async () => {
    const response = await upload([
      { filename: 'auth.log', content: SYSLOG_SAMPLE },
      { filename: 'access.log.gz', content: gzipSync(NGINX) },
      { filename: 'garbage.bin', content: Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 0, 7]) },
    ]);
    assert.equal(response.statusCode, 202, response.body);
    const accepted = body<{ job: Job }>(response).job;
    assert.equal(accepted.kind, 'ingest');
    assert.equal(accepted.actor, 'token:analyst(analyst)');
    assert.deepEqual(accepted.input.files.map((f) => f.name), ['auth.log', 'access.log.gz', 'garbage.bin']);
    const done = (await waitForJob(server, accepted.id)) as unknown as Job;
    assert.equal(done.status, 'completed', done.error ?? '');
    assert.ok(done.result?.kind === 'ingest');
    const byName = new Map(done.result.files.map((f) => [f.name, f]));
    assert.equal(byName.get('auth.log')?.format, 'syslog');
    assert.equal(byName.get('auth.log')?.events, 3);
    assert.equal(byName.get('access.log.gz')?.format, 'web-access');
    assert.equal(byName.get('access.log.gz')?.events, 3);
    assert.match(byName.get('garbage.bin')?.problem ?? '', /binary/);
    assert.equal(byName.get('auth.log')?.sha256.length, 64);
    assert.equal(done.progress.events, 6);
    assert.ok(done.progress.bytes >= SYSLOG_SAMPLE.length + NGINX.length, 'bytes read are reported');
    assert.equal(done.progress.filesDone, 3);
    const events = await server.app.inject({ url: '/api/events?filter=source.ip%3D203.0.113.9', headers: server.auth('viewer') });
    assert.equal(body<{ total: number }>(events).total, 2);
    const audit = server.app.vigil.reads.audit.list({ limit: 100 });
    const uploadEntry = audit.find((e) => e.action === 'upload');
    assert.equal(uploadEntry?.actor, 'token:analyst(analyst)');
    assert.ok(audit.some((e) => e.action === 'ingest' && e.actor === 'token:analyst(analyst)'), 'the ingest is audited with the acting token');
  });

  it('ingests the same content again without adding events (same stored file, same ids)', async () => {
    const before = eventCount();
    const response = await upload([{ filename: 'auth.log', content: SYSLOG_SAMPLE }]);
    const done = (await waitForJob(server, body<{ job: Job }>(response).job.id)) as unknown as Job;
    assert.ok(done.result?.kind === 'ingest');
    assert.deepEqual([done.result.files[0]?.inserted, done.result.files[0]?.duplicates], [0, 3]);
    assert.equal(eventCount(), before);
  });

  it('with refresh=true, updates the stored events this version reads differently, and says how many', async () => {
    const stored = await upload([{ filename: 'auth.log', content: SYSLOG_SAMPLE }]);
    await waitForJob(server, body<{ job: Job }>(stored).job.id);
    // As an older version would have stored it: one event without its action.
    const older = "SELECT min(rowid) FROM events WHERE source_ip = '203.0.113.9'";
    await server.app.vigil.writes.run((store) => store.db.prepare(`UPDATE events SET action = 'older-reading' WHERE rowid = (${older})`).run());
    const plain = (await waitForJob(server, body<{ job: Job }>(await upload([{ filename: 'auth.log', content: SYSLOG_SAMPLE }])).job.id)) as unknown as Job;
    assert.ok(plain.result?.kind === 'ingest');
    assert.deepEqual([plain.result.totals.updated, plain.result.files[0]?.updated], [0, 0], 'a plain upload keeps what is stored');
    const response = await upload([{ filename: 'auth.log', content: SYSLOG_SAMPLE }], '?refresh=true');
    const accepted = body<{ job: Job }>(response).job;
    assert.equal(accepted.input.options.refresh, true);
    const done = (await waitForJob(server, accepted.id)) as unknown as Job;
    assert.ok(done.result?.kind === 'ingest', done.error ?? '');
    assert.deepEqual([done.result.files[0]?.inserted, done.result.files[0]?.updated, done.result.files[0]?.duplicates, done.result.totals.updated], [0, 1, 2, 1]);
    const action = server.app.vigil.reads.db.prepare(`SELECT action FROM events WHERE rowid = (${older})`).pluck().get() as string;
    assert.notEqual(action, 'older-reading');
    assert.equal((await upload([{ filename: 'auth.log', content: SYSLOG_SAMPLE }], '?refresh=maybe')).statusCode, 400);
  });

  it("reads an archive's members in the zones of tzFor rules matched against their uploaded names, and refuses a bad rule", async () => {
    const src = temp.fresh();
    const line = (host: string, ip: string) => `Nov 21 08:00:00 ${host} sshd[7]: Failed password for root from ${ip} port 40000 ssh2\n`;
    for (const [dir, ip] of [['dc01', '192.0.2.61'], ['web01', '192.0.2.62']] as const) {
      mkdirSync(join(src, dir));
      writeFileSync(join(src, dir, 'auth.log'), line(dir, ip));
    }
    execFileSync('zip', ['-q', '-r', join(src, 'triage.zip'), 'dc01', 'web01'], { cwd: src });
    const rule = encodeURIComponent('triage.zip!dc01/**=America/New_York');
    const response = await upload([{ filename: 'triage.zip', content: readFileSync(join(src, 'triage.zip')) }], `?year=2024&tz=%2B01:00&tzFor=${rule}&tzFor=${encodeURIComponent('nothing/**=UTC')}`);
    assert.equal(response.statusCode, 202, response.body);
    const accepted = body<{ job: Job }>(response).job;
    assert.deepEqual(accepted.input.options.tzFor, [{ pattern: 'triage.zip!dc01/**', tz: 'America/New_York' }, { pattern: 'nothing/**', tz: 'UTC' }]);
    const done = (await waitForJob(server, accepted.id)) as unknown as Job;
    assert.ok(done.result?.kind === 'ingest', done.error ?? '');
    assert.deepEqual(done.result.files.map((f) => [f.name, f.tz]), [['triage.zip!dc01/auth.log', 'America/New_York'], ['triage.zip!web01/auth.log', null]]);
    const ts = (ip: string) => server.app.vigil.reads.db.prepare('SELECT ts FROM events WHERE source_ip = ?').pluck().get(ip) as string;
    assert.deepEqual([ts('192.0.2.61'), ts('192.0.2.62')], ['2024-11-21T13:00:00.000Z', '2024-11-21T07:00:00.000Z']);
    for (const bad of ['Europe/Berlin', 'dc01/**=Mars/Olympus']) {
      const refused = await upload([{ filename: 'auth.log', content: SYSLOG_SAMPLE }], `?tzFor=${encodeURIComponent(bad)}`);
      assert.equal(refused.statusCode, 400, bad);
    }
  });

  it('adds only the new records of a log uploaded again after it grew, under another name, and names the first upload', async () => {
    const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `Nov 20 10:00:${String((from + i) % 60).padStart(2, '0')} web-01 sshd[${String(from + i)}]: Failed password for root from 198.51.100.${String((from + i) % 250)} port ${String(30000 + from + i)} ssh2\n`).join('');
    const first = await upload([{ filename: 'secure', content: lines(0, 100) }]);
    const one = (await waitForJob(server, body<{ job: Job }>(first).job.id)) as unknown as Job;
    assert.ok(one.result?.kind === 'ingest');
    assert.deepEqual([one.result.files[0]?.inserted, one.result.files[0]?.sameLogAs], [100, null]);
    const before = eventCount();
    const grown = await upload([{ filename: 'secure-20261121', content: lines(0, 130) }]);
    const two = (await waitForJob(server, body<{ job: Job }>(grown).job.id)) as unknown as Job;
    assert.ok(two.result?.kind === 'ingest');
    assert.deepEqual(two.result.files.map((f) => [f.name, f.events, f.inserted, f.duplicates, f.sameLogAs]), [['secure-20261121', 130, 30, 100, 'secure']]);
    assert.equal(eventCount(), before + 30);
    // The job as stored and read back (GET /api/jobs/:id) carries it too.
    const stored = await server.app.inject({ url: `/api/jobs/${two.id}`, headers: server.auth('viewer') });
    assert.ok(body<Job>(stored).result?.kind === 'ingest');
    assert.equal((body<Job>(stored).result as { files: { sameLogAs: string | null }[] }).files[0]?.sameLogAs, 'secure');
  });

  it('keeps hostile file names inside the upload directory and shows them only as display names', async () => {
    const hostile = ['../../../../etc/passwd', '..\\..\\windows\\win.ini', 'a\u0000b.log', `${'x'.repeat(5000)}.log`, '\u202egol.exe', '..', '/abs/olute.log', 'ünïcödé ✓.log', '.hidden'];
    const response = await upload(hostile.slice(0, 4).map((filename) => ({ filename, content: SYSLOG_SAMPLE + filename.slice(0, 10) + '\n' })));
    assert.equal(response.statusCode, 202, response.body);
    const second = await upload(hostile.slice(4).map((filename) => ({ filename, content: `${SYSLOG_SAMPLE}${filename}\n` })));
    assert.equal(second.statusCode, 413, 'five files exceed the limit of four');
    const third = await upload(hostile.slice(4, 8).map((filename) => ({ filename, content: `${SYSLOG_SAMPLE}${filename}\n` })));
    assert.equal(third.statusCode, 202, third.body);
    const fourth = await upload([{ filename: hostile[8]!, content: `${SYSLOG_SAMPLE}hidden\n` }]);
    assert.equal(fourth.statusCode, 202, fourth.body);
    const jobs = [response, third, fourth].map((r) => body<{ job: Job }>(r).job);
    for (const job of jobs) assert.equal(((await waitForJob(server, job.id)) as unknown as Job).status, 'completed');
    const root = resolve(server.uploadDir);
    for (const name of filesIn(root)) {
      assert.match(name, /^[0-9a-f]{16}-[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, `generated name ${name}`);
      assert.ok(statSync(join(root, name)).isFile());
    }
    assert.ok(!filesIn(root).some((n) => n.startsWith('.incoming-')), 'no temporary file left');
    const names = jobs.flatMap((j) => j.input.files.map((f) => f.name));
    assert.ok(names.includes('passwd') && names.includes('win.ini') && names.includes('ab.log'));
    assert.ok(names.every((n) => !n.includes('/') && !n.includes('\\') && !n.includes('\u0000') && !n.includes('\u202e') && n.length <= 255));
    assert.ok(names.includes('ünïcödé ✓.log'));
    const stored = server.app.vigil.reads.db.prepare('SELECT DISTINCT file_path FROM events').pluck().all() as string[];
    assert.ok(stored.every((p) => p.startsWith(root + sep)), 'every ingested path lies in the upload directory');
  });

  it('answers 413 for a file over the limit: nothing kept, nothing ingested, no job', async () => {
    const events = eventCount();
    const files = filesIn(server.uploadDir);
    const jobs = server.app.vigil.jobs.list().length;
    const big = 'Nov 20 10:00:01 web1 sshd[1]: Failed password for root from 192.0.2.1 port 1 ssh2\n'.repeat(1200);
    const response = await upload([
      { filename: 'small-first.log', content: 'Nov 20 10:00:01 web1 sshd[1]: Failed password for bob from 192.0.2.77 port 1 ssh2\n' },
      { filename: 'big.log', content: big },
    ]);
    assert.equal(response.statusCode, 413);
    assert.equal(body<{ error: { code: string } }>(response).error.code, 'E_TOO_LARGE');
    assert.deepEqual(filesIn(server.uploadDir), files, 'the small file that arrived first was removed too');
    assert.equal(server.app.vigil.jobs.list().length, jobs);
    assert.equal(eventCount(), events);
  });

  it('rejects requests without files, non-multipart bodies and unknown options', async () => {
    const none = multipart([]);
    const empty = await server.app.inject({ method: 'POST', url: '/api/uploads', payload: none.payload, headers: { ...none.headers, ...server.auth('analyst') } });
    assert.equal(body<{ error: { code: string; message: string } }>(empty).error.message, 'no file in the request: send multipart/form-data with one or more file parts');
    const truncated = await server.app.inject({ method: 'POST', url: '/api/uploads', payload: none.payload.subarray(0, 10), headers: { ...none.headers, ...server.auth('analyst') } });
    assert.equal(body<{ error: { code: string } }>(truncated).error.code, 'E_VALIDATION');
    const json = await server.app.inject({ method: 'POST', url: '/api/uploads', payload: { a: 1 }, headers: server.auth('analyst') });
    assert.equal(json.statusCode, 415);
    const zone = await upload([{ filename: 'a.log', content: SYSLOG_SAMPLE }], '?tz=Mars/Olympus');
    assert.equal(zone.statusCode, 400);
    const format = await upload([{ filename: 'a.log', content: SYSLOG_SAMPLE }], '?format=nope');
    assert.equal(format.statusCode, 400);
  });

  it('streams job progress as server-sent events until the job finishes', async () => {
    const response = await upload([{ filename: 'sse.log', content: `${SYSLOG_SAMPLE}Nov 20 11:00:00 web1 sshd[9]: Failed password for eve from 192.0.2.200 port 2 ssh2\n` }]);
    const id = body<{ job: Job }>(response).job.id;
    const stream = await server.app.inject({ url: `/api/jobs/${id}/events`, headers: server.auth('viewer') });
    assert.equal(stream.statusCode, 200);
    assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
    const events = stream.body.split('\n\n').filter((block) => block.startsWith('event: job'));
    assert.ok(events.length >= 1);
    const jobs = events.map((block) => JSON.parse(block.split('\n')[1]!.replace(/^data: /, '')) as Job);
    assert.equal(jobs[jobs.length - 1]?.status, 'completed', 'the last event is the finished job, and the stream ends');
    assert.ok(jobs.every((j) => j.id === id));
  });
});

describe('reads and writes during an ingest', () => {
  it('answers searches, lists and writes (an audited token creation) while an ingest job holds the store', async (t) => {
    const own = await startServer(temp.fresh());
    try {
    const lines = Array.from({ length: 80_000 }, (_, i) => `Nov 21 ${String(Math.floor(i / 3600) % 24).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} db${i % 5} sshd[${i}]: Failed password for w${i % 70} from 198.18.${i % 200}.${i % 250} port ${i} ssh2`).join('\n');
    const { payload, headers } = multipart([{ filename: 'long.log', content: `${lines}\n` }]);
    const response = await own.app.inject({ method: 'POST', url: '/api/uploads', payload, headers: { ...headers, ...own.auth('analyst') } });
    const id = body<{ job: Job }>(response).job.id;
    let during = 0;
    for (let i = 0; i < 400; i++) {
      const before = own.app.vigil.jobs.get(id)!;
      if (before.status !== 'queued' && before.status !== 'running') break;
      if (before.status !== 'running' || before.progress.events === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      const search = await own.app.inject({ url: '/api/events?filter=source.ip%3D198.18.1.1&limit=5', headers: own.auth('viewer') });
      const incidents = await own.app.inject({ url: '/api/incidents', headers: own.auth('viewer') });
      const write = await own.app.inject({ method: 'POST', url: '/api/tokens', headers: own.auth('admin'), payload: { name: `during-${String(i)}`, role: 'viewer' } });
      assert.deepEqual([search.statusCode, incidents.statusCode, write.statusCode], [200, 200, 201]);
      if (own.app.vigil.jobs.get(id)!.status === 'running') during++;
    }
    t.diagnostic(`${during} rounds of reads and a write answered while the ingest ran`);
    assert.ok(during > 0, 'at least one round fell inside the ingest');
    assert.equal(((await waitForJob(own, id)) as unknown as Job).status, 'completed');
    } finally {
      await own.app.close();
    }
  });
});

describe('shutdown', () => {
  it('ends queued jobs and progress streams when the server closes, and closes', async () => {
    const own = await startServer(temp.fresh(), { limits: { shutdownJobWaitMs: 50 } });
    const lines = Array.from({ length: 30_000 }, (_, i) => `Nov 20 10:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')} web1 sshd[${i}]: Failed password for u${i % 50} from 192.0.2.${i % 250} port ${i} ssh2`).join('\n');
    const submit = async (name: string) => {
      const { payload, headers } = multipart([{ filename: name, content: `${lines}\n${name}\n` }]);
      const response = await own.app.inject({ method: 'POST', url: '/api/uploads', payload, headers: { ...headers, ...own.auth('analyst') } });
      return body<{ job: Job }>(response).job.id;
    };
    const first = await submit('one.log');
    const second = await submit('two.log');
    const stream = own.app.inject({ url: `/api/jobs/${second}/events`, headers: own.auth('viewer') });
    await own.app.close();
    const events = (await stream).body.split('\n\n').filter((b) => b.startsWith('event: job'));
    const last = JSON.parse(events[events.length - 1]!.split('\n')[1]!.slice('data: '.length)) as Job;
    assert.ok(['completed', 'cancelled'].includes(last.status), `the stream ends with the job finished: ${last.status}`);
    assert.ok(['completed', 'cancelled'].includes(own.app.vigil.jobs.get(first)?.status ?? ''));
  });
});

describe('uploads under a configuration with ingest zones', () => {
  it("take its ingest.tz when the upload names none, and its ingest.tzFor after the upload's own rules", async () => {
    const configured = await startServer(temp.fresh(), { config: { ingest: { tz: '+02:00', tzFor: ['dc01-*=America/New_York'] } } });
    try {
      const send = async (filename: string, ip: string, query = '') => {
        const { payload, headers } = multipart([{ filename, content: `Nov 21 08:00:00 h sshd[7]: Failed password for root from ${ip} port 40000 ssh2\n` }]);
        const response = await configured.app.inject({ method: 'POST', url: `/api/uploads?year=2024${query}`, payload, headers: { ...headers, ...configured.auth('analyst') } });
        assert.equal(response.statusCode, 202, response.body);
        const done = (await waitForJob(configured, body<{ job: Job }>(response).job.id)) as unknown as Job;
        assert.ok(done.result?.kind === 'ingest', done.error ?? '');
        return configured.app.vigil.reads.db.prepare('SELECT ts FROM events WHERE source_ip = ?').pluck().get(ip) as string;
      };
      assert.equal(await send('web-auth.log', '192.0.2.71'), '2024-11-21T06:00:00.000Z', 'the configured zone');
      assert.equal(await send('dc01-auth.log', '192.0.2.72'), '2024-11-21T13:00:00.000Z', 'the configured rule');
      assert.equal(await send('dc01-auth2.log', '192.0.2.73', `&tzFor=${encodeURIComponent('dc01-*=UTC')}`), '2024-11-21T08:00:00.000Z', "the upload's own rule first");
    } finally {
      await configured.app.close();
    }
    assert.throws(() => buildServer({ dbPath: join(temp.fresh(), 'x.db'), webDir: false, config: { ingest: { tzFor: ['nonsense'] } } }), /ingest\.tzFor/);
  });
});
