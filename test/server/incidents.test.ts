import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ingest } from '../../src/pipeline/ingest.ts';
import type { Job } from '../../src/schema/api/jobs.ts';
import type { Alert } from '../../src/schema/alert.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import type { Incident } from '../../src/schema/incident.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { body, startServer, waitForJob, type TestServer } from './helpers.ts';

/** Incidents over the API after an analysis run as a job: filters, sort, pages, detail, case exports. */

const temp = tempDirs('server-incidents');
let server: TestServer;
let analysis: Job;
const HOSTILE_IP = '198.51.100.66';
const FORMULA_USER = '=HYPERLINK("http://evil.example/x")';
const HTML_USER = '<img_src=x_onerror=alert(1)>';

interface Page {
  total: number;
  incidents: (Omit<Incident, 'event_ids'> & { event_ids?: unknown })[];
}

function bruteForce(user: string, ip: string, minute: number): string {
  return Array.from({ length: 12 }, (_, i) => `Nov 21 09:${String(minute + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 === 0 ? '05' : '35'} bastion sshd[${500 + i}]: Failed password for ${user} from ${ip} port ${41000 + i} ssh2`).join('\n');
}

before(async () => {
  const dir = temp.fresh();
  server = await startServer(dir, { demo: { volume: 1500, seed: 5 } });
  const path = join(dir, 'hostile.log');
  writeFileSync(path, `${bruteForce(FORMULA_USER, HOSTILE_IP, 10)}\n${bruteForce(HTML_USER, '198.51.100.67', 20)}\n`);
  const store = openStore(server.dbPath);
  try {
    await ingest(store, [path], { tz: 'UTC', year: 2026, actor: 'test' });
  } finally {
    store.close();
  }
  const response = await server.app.inject({ method: 'POST', url: '/api/analyze', headers: server.auth('analyst'), payload: {} });
  assert.equal(response.statusCode, 202);
  analysis = (await waitForJob(server, body<{ job: Job }>(response).job.id)) as unknown as Job;
});
after(async () => {
  await server.app.close();
});

async function get<T>(url: string, role: 'viewer' | 'analyst' = 'viewer'): Promise<T> {
  const response = await server.app.inject({ url, headers: server.auth(role) });
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
  return body<T>(response);
}

describe('analysis job', () => {
  it('runs detection and triage on a worker thread and records the analyst as the actor', () => {
    const job = analysis;
    assert.equal(job.status, 'completed', job.error ?? '');
    assert.ok(job.result?.kind === 'analyze' && job.result.incidents > 0 && job.result.events > 1500);
    const audit = server.app.vigil.reads.audit.list({ action: 'analyze', limit: 10 });
    assert.equal(audit[audit.length - 1]?.actor, 'token:analyst(analyst)');
  });
});

describe('incident list', () => {
  it('filters by severity, technique (with sub-techniques), entity and time', async () => {
    const all = await get<Page>('/api/incidents?limit=500');
    assert.ok(all.total >= 3 && all.incidents.length === all.total);
    assert.ok(all.incidents.every((i) => i.event_ids === undefined), 'lists leave evidence ids to the detail');
    const severities = [...new Set(all.incidents.map((i) => i.severity))];
    const high = await get<Page>(`/api/incidents?severity=${severities[0]}`);
    assert.ok(high.total > 0 && high.incidents.every((i) => i.severity === severities[0]));
    const two = await get<Page>(`/api/incidents?severity=${severities[0]}&severity=${severities[1] ?? severities[0]}`);
    assert.ok(two.total >= high.total);
    const technique = await get<Page>('/api/incidents?technique=T1110');
    assert.ok(technique.total > 0 && technique.incidents.every((i) => i.techniques.some((t) => t.id === 'T1110' || t.id.startsWith('T1110.'))));
    const entity = await get<Page>(`/api/incidents?entity=${HOSTILE_IP}`);
    assert.ok(entity.total >= 1 && entity.incidents.every((i) => i.entities.source_ip.includes(HOSTILE_IP)));
    const later = await get<Page>('/api/incidents?since=2026-11-21T09:00:00Z&limit=500');
    assert.ok(later.incidents.every((i) => (i.last_seen ?? '') >= '2026-11-21T09:00:00'));
    assert.ok(later.incidents.some((i) => i.entities.source_ip.includes(HOSTILE_IP)));
    const earlier = await get<Page>('/api/incidents?until=2026-11-21T09:00:00Z&limit=500');
    assert.ok(earlier.incidents.every((i) => (i.first_seen ?? '') < '2026-11-21T09:00:00'));
    assert.equal(later.total + earlier.total >= all.total, true);
    const bad = await server.app.inject({ url: '/api/incidents?severity=urgent', headers: server.auth('viewer') });
    assert.equal(bad.statusCode, 400);
  });

  it('sorts and pages without gaps or repeats', async () => {
    const all = await get<Page>('/api/incidents?sort=first_seen&order=asc&limit=500');
    const times = all.incidents.map((i) => i.first_seen ?? '');
    assert.deepEqual(times, [...times].sort());
    const bySeverity = await get<Page>('/api/incidents?limit=500');
    const ranks = bySeverity.incidents.map((i) => ['critical', 'high', 'medium', 'low', 'none'].indexOf(i.severity));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'most severe first by default');
    const byScore = await get<Page>('/api/incidents?sort=score&order=asc&limit=500');
    const scores = byScore.incidents.map((i) => i.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => a - b));
    const pages: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) pages.push(...(await get<Page>(`/api/incidents?sort=first_seen&order=asc&limit=2&offset=${offset}`)).incidents.map((i) => i.id));
    assert.deepEqual(pages, all.incidents.map((i) => i.id));
  });
});

describe('incident detail', () => {
  it('gives the incident with its alerts and a page of evidence events; finds it by prefix; cites it from its events', async () => {
    const [first] = (await get<Page>(`/api/incidents?entity=${HOSTILE_IP}`)).incidents;
    assert.ok(first !== undefined);
    const detail = await get<{ incident: Incident; alerts: Alert[]; evidence: VigilEvent[]; evidenceTotal: number }>(`/api/incidents/${first.id.slice(0, 10)}?evidenceLimit=5&evidenceOffset=1`);
    assert.equal(detail.incident.id, first.id);
    assert.ok(detail.alerts.length > 0 && detail.alerts.every((a) => first.alerts.some((line) => line.rule_id === a.rule.id)));
    assert.deepEqual(detail.evidence.map((e) => e.id), detail.incident.event_ids.slice(1, 6));
    assert.equal(detail.evidenceTotal, detail.incident.event_ids.length);
    const event = await get<{ incidents: { id: string }[] }>(`/api/events/${detail.incident.event_ids[0]!}`);
    assert.ok(event.incidents.some((i) => i.id === first.id));
    assert.equal((await server.app.inject({ url: '/api/incidents/ffffffffffff', headers: server.auth('viewer') })).statusCode, 404);
    assert.equal((await server.app.inject({ url: '/api/incidents/zz', headers: server.auth('viewer') })).statusCode, 400);
  });
});

describe('case export', () => {
  it('serves each format with its content type and an id-only file name, log text escaped for the format', async () => {
    const [hostile] = (await get<Page>(`/api/incidents?entity=${encodeURIComponent(FORMULA_USER)}`)).incidents;
    assert.ok(hostile !== undefined, 'the hostile user is an incident entity');
    const download = async (format: string) => {
      const response = await server.app.inject({ url: `/api/incidents/${hostile.id}/export?format=${format}`, headers: server.auth('analyst') });
      assert.equal(response.statusCode, 200, response.body);
      return response;
    };
    const csv = await download('csv');
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(csv.headers['content-disposition'], `attachment; filename="vigil-incident-${hostile.id.slice(0, 16)}.csv"`);
    assert.ok(!/(^|,)"?=HYPERLINK/m.test(csv.body), 'no cell starts a formula');
    assert.ok(csv.body.includes(`'=HYPERLINK(""http://evil.example/x"")`), 'the formula is kept as text, quoted per RFC 4180');
    const [html] = (await get<Page>(`/api/incidents?entity=${encodeURIComponent(HTML_USER)}`)).incidents;
    assert.ok(html !== undefined);
    const md = await server.app.inject({ url: `/api/incidents/${html.id}/export?format=md`, headers: server.auth('analyst') });
    assert.equal(md.headers['content-type'], 'text/markdown; charset=utf-8');
    assert.ok(!md.body.includes('<img') && md.body.includes('&lt;img'), 'no HTML from log text in Markdown');
    const json = await server.app.inject({ url: `/api/incidents/${html.id}/export?format=json`, headers: server.auth('analyst') });
    assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
    assert.ok(!json.body.includes('<img'), 'angle brackets are \\u escapes in JSON');
    assert.equal((JSON.parse(json.body) as { incident: { incident_id: string } }).incident.incident_id, html.id);
    const layer = JSON.parse((await download('navigator')).body) as { techniques: { techniqueID: string }[] };
    assert.ok(layer.techniques.some((t) => t.techniqueID.startsWith('T1110')));
    for (const response of [csv, md, json]) assert.equal(response.headers['x-content-type-options'], 'nosniff');
    const audit = server.app.vigil.reads.audit.list({ action: 'export', limit: 10 });
    assert.ok(audit.every((e) => e.actor === 'token:analyst(analyst)') && audit.length >= 4);
  });

  it('exports several incidents or all of them, never both, and refuses viewers', async () => {
    const all = await get<Page>('/api/incidents?limit=500');
    const ids = all.incidents.slice(0, 2).map((i) => i.id);
    const some = await server.app.inject({ url: `/api/export?format=json&id=${ids[0]!}&id=${ids[1]!}`, headers: server.auth('analyst') });
    assert.deepEqual((JSON.parse(some.body) as { incident: { incident_id: string } }[]).map((c) => c.incident.incident_id), ids);
    assert.match(String(some.headers['content-disposition']), /^attachment; filename="vigil-incidents-\d{8}T\d{6}Z\.json"$/);
    const csv = await server.app.inject({ url: '/api/export?format=csv&all=true', headers: server.auth('analyst') });
    assert.equal(csv.body.trimEnd().split('\r\n').length, all.total + 1);
    const both = await server.app.inject({ url: `/api/export?all=true&id=${ids[0]!}`, headers: server.auth('analyst') });
    assert.equal(both.statusCode, 400);
    const viewer = await server.app.inject({ url: `/api/export?all=true`, headers: server.auth('viewer') });
    assert.equal(viewer.statusCode, 403);
  });
});
