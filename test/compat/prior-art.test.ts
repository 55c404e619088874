import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { ingest } from '../../src/pipeline/ingest.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { rowToEvent, storedEventColumns, type StoredRow } from '../../src/store/events.ts';
import { sharedPath } from './shared-data.ts';

/**
 * prior-art/ai-soc-triage-assistant/sample_logs.jsonl: an earlier SOC tool's own flat JSON (auth/web/fw/endpoint),
 * ingested into a real store; every record's fields and the planted attack facts must come out of SQL.
 */

type SampleRecord = Record<string, unknown>;

async function withStore(t: TestContext, body: (store: Store, records: SampleRecord[]) => Promise<void> | void): Promise<void> {
  const file = sharedPath(t, 'prior-art', 'ai-soc-triage-assistant', 'sample_logs.jsonl');
  if (file === undefined) return;
  const records = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as SampleRecord);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-prior-art-'));
  const store = openStore(join(dir, 'store.db'));
  try {
    const report = await ingest(store, [file], { tz: 'UTC', actor: 'compat-test' });
    assert.equal(report.totals.errors, 0, 'no record errors');
    await body(store, records);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function storedEvents(store: Store): VigilEvent[] {
  const rows = store.db.prepare(`SELECT ${storedEventColumns()} FROM events ORDER BY line`).all() as StoredRow[];
  return rows.map(rowToEvent);
}

/** The record's own value: null, '' and '-' mean "not known" (absent in our event). */
function known(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' && value !== '-' ? value : undefined;
}

const FIELDS: readonly { record: string; event: (e: VigilEvent) => string | undefined }[] = [
  { record: 'src_ip', event: (e) => e.source?.ip },
  { record: 'dst_ip', event: (e) => e.destination?.ip },
  { record: 'user', event: (e) => e.user?.name },
  { record: 'host', event: (e) => e.host?.name },
];

test('prior-art sample logs: 259 events whose fields match their records', async (t) => {
  await withStore(t, (store, records) => {
    const events = storedEvents(store);
    assert.equal(records.length, 259);
    assert.equal(events.length, 259);
    let compared = 0;
    for (const event of events) {
      const record = records[(event.log.line ?? 0) - 1];
      assert.ok(record !== undefined, `event at line ${event.log.line} has a record`);
      for (const field of FIELDS) {
        assert.equal(field.event(event), known(record[field.record]), `line ${event.log.line} ${field.record}`);
        compared++;
      }
      // Our timestamps keep milliseconds; the records carry microseconds.
      assert.equal(Date.parse(event['@timestamp'] ?? ''), Date.parse(String(record.timestamp)), `line ${event.log.line} timestamp`);
    }
    t.diagnostic(`${events.length} events, ${compared} fields (src_ip, dst_ip, user, host) and every timestamp compared, all equal`);
  });
});

function countBy(store: Store, sql: string): Map<string, number> {
  const rows = store.db.prepare(sql).all() as { k: string; n: number }[];
  return new Map(rows.map((r) => [r.k, r.n]));
}

function expectedCounts(records: SampleRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (k: string) => out.set(k, (out.get(k) ?? 0) + 1);
  for (const r of records) {
    if (r.source === 'auth') add(`auth login ${r.status === 'success' ? 'success' : r.status === 'failure' ? 'failure' : '?'}`);
    else if (r.source === 'fw') add(`fw firewall-${String(r.action)} ${r.action === 'allow' ? 'success' : 'failure'}`);
    else if (r.source === 'web') add(`web http-request ${Number(r.status_code) < 400 ? 'success' : 'failure'}`);
    else if (r.source === 'endpoint') add('endpoint process-start -');
    else add(`other ${String(r.source)}`);
  }
  return out;
}

test('prior-art sample logs: action/outcome per source type as the records say', async (t) => {
  await withStore(t, (store, records) => {
    const got = countBy(store, "SELECT dataset || ' ' || coalesce(action, '-') || ' ' || coalesce(outcome, '-') AS k, count(*) AS n FROM events GROUP BY k");
    const want = expectedCounts(records);
    t.diagnostic(`action/outcome counts: ${[...got].map(([k, n]) => `${k}=${n}`).join(', ')}`);
    assert.deepEqual(new Map([...got].sort()), new Map([...want].sort()));
    const statuses = countBy(store, "SELECT CAST(json_extract(doc, '$.http.response.status_code') AS TEXT) AS k, count(*) AS n FROM events WHERE dataset = 'web' GROUP BY k");
    const wantStatuses = new Map<string, number>();
    for (const r of records) if (r.source === 'web') wantStatuses.set(String(r.status_code), (wantStatuses.get(String(r.status_code)) ?? 0) + 1);
    assert.deepEqual(new Map([...statuses].sort()), new Map([...wantStatuses].sort()));
  });
});

test('prior-art sample logs: planted brute force then success for alice@srv-web-01', async (t) => {
  await withStore(t, (store) => {
    const failures = store.db
      .prepare("SELECT user_name AS user, host_name AS host, source_ip AS ip, count(*) AS n, max(ts_ms) AS last FROM events WHERE action = 'login' AND outcome = 'failure' GROUP BY 1, 2, 3")
      .all() as { user: string; host: string; ip: string; n: number; last: number }[];
    assert.deepEqual(failures.map(({ user, host, ip, n }) => ({ user, host, ip, n })), [{ user: 'alice', host: 'srv-web-01', ip: '198.51.100.10', n: 30 }]);
    const success = store.db
      .prepare("SELECT ts FROM events WHERE action = 'login' AND outcome = 'success' AND user_name = 'alice' AND host_name = 'srv-web-01' AND source_ip = '198.51.100.10' AND ts_ms > ? ORDER BY ts_ms")
      .all(failures[0]?.last ?? 0) as { ts: string }[];
    assert.equal(success.length, 1, 'one success after the last failure');
    const probes = store.db
      .prepare("SELECT json_extract(doc, '$.url.original') AS path FROM events WHERE dataset = 'web' AND source_ip = '198.51.100.10' ORDER BY ts_ms")
      .all() as { path: string }[];
    const paths = new Set(probes.map((p) => p.path));
    for (const path of ['/admin', '/phpMyAdmin', '/.git/config', '/backup.zip']) assert.ok(paths.has(path), `web probe ${path} from 198.51.100.10`);
    t.diagnostic(`alice: 30 failures from 198.51.100.10 on srv-web-01, success at ${success[0]?.ts}; ${probes.length} web requests from that IP`);
  });
});

test('prior-art sample logs: planted port scan from 185.220.101.42', async (t) => {
  await withStore(t, (store) => {
    const row = store.db
      .prepare("SELECT count(*) AS n, count(DISTINCT destination_port) AS ports FROM events WHERE action = 'firewall-deny' AND source_ip = '185.220.101.42'")
      .get() as { n: number; ports: number };
    assert.deepEqual(row, { n: 9, ports: 9 });
    t.diagnostic(`185.220.101.42: ${row.n} denies on ${row.ports} distinct ports`);
  });
});

test('prior-art sample logs: planted net.exe → mimikatz.exe → nc.exe by bob on wkst-02', async (t) => {
  await withStore(t, (store) => {
    const rows = store.db
      .prepare(
        "SELECT process_name AS name, json_extract(doc, '$.process.command_line') AS cmd FROM events WHERE action = 'process-start' AND user_name = 'bob' AND host_name = 'wkst-02' AND process_name IN ('net.exe', 'mimikatz.exe', 'nc.exe') ORDER BY ts_ms",
      )
      .all() as { name: string; cmd: string }[];
    assert.deepEqual(rows.map((r) => r.name), ['net.exe', 'mimikatz.exe', 'nc.exe']);
    for (const r of rows) assert.equal(r.cmd, `C:\\Windows\\System32\\${r.name} -enc base64data`);
    const encoded = store.db.prepare("SELECT count(*) AS n FROM events WHERE json_extract(doc, '$.process.command_line') LIKE '% -enc %'").get() as { n: number };
    assert.equal(encoded.n, 3, 'exactly the three planted command lines carry -enc');
    t.diagnostic(`bob@wkst-02: ${rows.map((r) => r.cmd).join(' → ')}`);
  });
});
