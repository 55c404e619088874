import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { AuditEntry } from '../../src/store/audit.ts';
import { tempDirs } from '../helpers/temp.ts';
import { body, startServer, type TestServer } from './helpers.ts';

/** The audit log over the API: filters, pages, CSV (formula-safe) and JSON Lines downloads, chain verification. */

const temp = tempDirs('server-audit');
let server: TestServer;


let tick = Date.UTC(2026, 10, 20, 8, 0, 0);
const clock = () => new Date((tick += 60_000));

before(async () => {
  server = await startServer(temp.fresh(), { clock });
  const store = server.app.vigil.writes.store;
  store.audit.append({ actor: '=cmd|"/C calc"!A0', action: 'probe', target: '@SUM(1+1)', details: { note: '+danger', lines: 'a\nb', quote: 'say "hi"' } });
  for (let i = 0; i < 6; i++) store.audit.append({ actor: `cli:user${i % 2}`, action: i % 2 === 0 ? 'ingest' : 'search', target: `/logs/${i}.log`, details: { i } });
  await server.app.inject({ method: 'POST', url: '/api/tokens', headers: server.auth('admin'), payload: { name: 'dave', role: 'viewer' } });
});
after(async () => {
  await server.app.close();
});

async function get(url: string, role: 'viewer' | 'analyst' = 'viewer') {
  return server.app.inject({ url, headers: server.auth(role) });
}

describe('audit log', () => {
  it('lists newest first, filters by action, actor and time, and pages with before', async () => {
    const all = body<{ entries: AuditEntry[]; next: number | null }>(await get('/api/audit?limit=1000'));
    const seqs = all.entries.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
    assert.equal(all.next, null);
    const created = all.entries.find((e) => e.action === 'token-create' && e.target === 'dave');
    assert.equal(created?.actor, 'token:admin(admin)');
    const ingests = body<{ entries: AuditEntry[] }>(await get('/api/audit?action=ingest')).entries;
    assert.deepEqual(ingests.map((e) => e.target), ['/logs/4.log', '/logs/2.log', '/logs/0.log']);
    const byActor = body<{ entries: AuditEntry[] }>(await get('/api/audit?actor=cli%3Auser1')).entries;
    assert.ok(byActor.length === 3 && byActor.every((e) => e.actor === 'cli:user1'));
    const first = all.entries[all.entries.length - 1]!;
    const window = body<{ entries: AuditEntry[] }>(await get(`/api/audit?since=${first.at}&until=${all.entries[all.entries.length - 3]!.at}`)).entries;
    assert.deepEqual(window.map((e) => e.seq), [first.seq + 1, first.seq]);
    const pages: number[] = [];
    let before: number | null = null;
    do {
      const page: { entries: AuditEntry[]; next: number | null } = body(await get(`/api/audit?limit=3${before === null ? '' : `&before=${before}`}`));
      pages.push(...page.entries.map((e) => e.seq));
      before = page.next;
    } while (before !== null);
    assert.deepEqual(pages, seqs);
  });

  it('downloads CSV with formula-safe, RFC 4180 cells, and the download is audited', async () => {
    const response = await get('/api/audit/export?format=csv', 'analyst');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(String(response.headers['content-disposition']), /^attachment; filename="vigil-audit-\d{8}T\d{6}Z\.csv"$/);
    const text = response.body;
    assert.ok(text.startsWith('seq,at,actor,action,target,details,prev_hash,hash\r\n'));
    assert.ok(text.includes(`,"'=cmd|""/C calc""!A0",probe,'@SUM(1+1),`), 'actor and target cannot run as formulas');
    assert.ok(text.includes('"{""lines"":""a\\nb"",""note"":""+danger"",""quote"":""say \\""hi\\""""}"'), 'details are one JSON cell');
    assert.ok(!/(^|,)[=+@-]/m.test(text.replace(/"[^"]*(?:""[^"]*)*"/g, '""')), 'no unquoted cell starts a formula');
    const rows = text.trimEnd().split('\r\n').length - 1;
    const total = body<{ entries: AuditEntry[] }>(await get('/api/audit?limit=1000')).entries.length;
    assert.equal(rows, total, 'every entry, the export’s own included');
    const exported = body<{ entries: AuditEntry[] }>(await get('/api/audit?action=audit-export')).entries;
    assert.equal(exported[0]?.actor, 'token:analyst(analyst)');
    assert.equal((await get('/api/audit/export?format=csv', 'viewer')).statusCode, 403);
  });

  it('downloads JSON Lines that chain hash to hash, filtered when asked', async () => {
    const response = await get('/api/audit/export?format=jsonl', 'analyst');
    assert.equal(response.headers['content-type'], 'application/x-ndjson; charset=utf-8');
    const entries = response.body.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditEntry);
    assert.equal(entries[0]?.seq, 1);
    for (let i = 1; i < entries.length; i++) assert.equal(entries[i]!.prev_hash, entries[i - 1]!.hash);
    const probe = entries.find((e) => e.action === 'probe');
    assert.deepEqual(probe?.details, { lines: 'a\nb', note: '+danger', quote: 'say "hi"' });
    const filtered = (await get('/api/audit/export?format=jsonl&action=search', 'analyst')).body.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditEntry);
    assert.deepEqual(filtered.map((e) => e.target), ['/logs/1.log', '/logs/3.log', '/logs/5.log']);
  });

  it('verifies the chain, and finds the record edited behind the server’s back', async () => {
    const intact = body<{ ok: boolean; records: number; firstBad: unknown }>(await get('/api/audit/verify'));
    assert.equal(intact.ok, true);
    assert.ok(intact.records > 7);
    assert.equal(intact.firstBad, null);
    const raw = new Database(server.dbPath);
    raw.exec('DROP TRIGGER IF EXISTS audit_no_update');
    raw.prepare("UPDATE audit SET target = '/logs/clean.log' WHERE seq = 3").run();
    raw.close();
    const broken = body<{ ok: boolean; firstBad: { seq: number; reason: string } }>(await get('/api/audit/verify'));
    assert.equal(broken.ok, false);
    assert.deepEqual(broken.firstBad, { seq: 3, reason: 'record content does not match its hash' });
  });
});
