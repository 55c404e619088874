import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../src/store/index.ts';
import { benchStore, ingestFiles } from './server/store.ts';
import { feedIngest, type FeedReport } from './server/feed.ts';
import { percentile, runLoad, type RouteLoad, type RouteResult } from './server/load.ts';
import { startServer } from './server/spawn.ts';
import { fmt } from './phase-runner.ts';

/**
 * `npm run bench:server [-- --events 1000000 --duration 30 --connections 50 --db file]`: the API under load.
 * A store of N events (demo data, analysed) is served by `vigil serve` in its own process; 50 keep-alive
 * clients without think time, half on events search, half on the incident list, run while ingest jobs
 * (uploads through the API) keep the store changing. Prints p50/p99 latency, requests/s and errors per
 * route, and the server's peak RSS. Goal: p99 under 200 ms, no errors.
 */

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function stringArg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

interface Samples {
  ips: string[];
  users: string[];
  hosts: string[];
  first: number;
  last: number;
  incidentIp: string | undefined;
}

function samples(dbPath: string): Samples {
  const store = openStore(dbPath, { readonly: true });
  try {
    const db = store.db;
    const top = (column: string) => db.prepare(`SELECT ${column} FROM events WHERE ${column} IS NOT NULL AND rowid % 97 = 0 GROUP BY ${column} ORDER BY count(*) DESC LIMIT 3`).pluck().all() as string[];
    return {
      ips: top('source_ip'),
      users: top('user_name'),
    hosts: top('host_name'),
      first: db.prepare('SELECT min(ts_ms) FROM events').pluck().get() as number,
      last: db.prepare('SELECT max(ts_ms) FROM events').pluck().get() as number,
      incidentIp: db.prepare("SELECT value FROM incident_entities WHERE kind = 'source_ip' LIMIT 1").pluck().get() as string | undefined,
    };
  } finally {
    store.close();
  }
}

function routes(s: Samples, connections: number): RouteLoad[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const hour = 3_600_000;
  const events = [
    '/api/events?limit=50',
    `/api/events?limit=50&filter=source.ip%3D${s.ips[0] ?? ''}`,
    `/api/events?limit=50&since=${iso(s.first + 6 * hour)}&until=${iso(s.first + 7 * hour)}`,
    `/api/events?limit=50&filter=user.name%3D${s.users[0] ?? ''}`,
    `/api/events?limit=50&filter=host.name%3D${s.hosts[0] ?? ''}&order=asc`,
    `/api/events?limit=50&filter=source.ip%3D${s.ips[1] ?? ''}&since=${iso(s.first + 24 * hour)}`,
    `/api/events?limit=50&filter=event.action%3Dssh-login&filter=user.name%3D${s.users[1] ?? ''}`,
    `/api/events?limit=100&order=asc&since=${iso(s.first + 30 * hour)}`,
  ];
  const words = ['/api/events?limit=50&q=failed', '/api/events?limit=50&q=powershell', `/api/events?limit=50&q=${s.users[2] ?? 'admin'}`, '/api/events?limit=50&q=sudo%20root'];
  const incidents = [
    '/api/incidents?limit=50',
    '/api/incidents?limit=50&severity=critical&severity=high',
    '/api/incidents?limit=50&sort=first_seen',
    '/api/incidents?limit=50&technique=T1110',
    `/api/incidents?limit=50&entity=${s.incidentIp ?? 'none'}`,
    '/api/incidents?limit=20&offset=5&sort=score',
  ];
  const half = Math.floor(connections / 2);
  const text = Math.max(1, Math.floor(half / 5));
  return [
    { name: 'events (fields, time)', connections: connections - half - text, paths: events },
    { name: 'events (words)', connections: text, paths: words },
    { name: 'incident list', connections: half, paths: incidents },
  ];
}

function summary(result: RouteResult, seconds: number) {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  return {
    route: result.name,
    requests: result.requests,
    perSecond: result.requests / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
    errors: result.errors,
    statuses: result.statuses,
    kbPerResponse: result.bytes / Math.max(1, result.requests) / 1024,
  };
}

async function main(): Promise<void> {
  const events = arg('events', 1_000_000);
  const seconds = arg('duration', 30);
  const connections = arg('connections', 50);
  const work = resolve(import.meta.dirname, 'out', 'server');
  mkdirSync(work, { recursive: true });
  const dbPath = resolve(stringArg('db') ?? join(work, `store-${String(events)}.db`));
  const store = await benchStore(dbPath, events, work, log);
  log(`store ${dbPath}: ${fmt(store.events)} events, ${fmt(store.incidents)} incidents${store.built ? ' (built now)' : ''}`);
  const token = (() => {
    const s = openStore(dbPath);
    try {
      return s.tokens.create(`bench-${Date.now().toString(36)}`, 'analyst', 'bench').secret;
    } finally {
      s.close();
    }
  })();
  const files = await ingestFiles(work, arg('ingest-volume', 600_000));
  const server = await startServer(dbPath, work, token);
  log(`server ${server.url} (pid ${String(server.pid)}); ${String(connections)} clients for ${String(seconds)} s while ingest jobs run`);
  try {
    await runLoad(server.url, token, routes(samples(dbPath), 4), 3000);
    let stop = false;
    const feed: Promise<FeedReport> = feedIngest(server.url, token, files, () => stop);
    await new Promise((r) => setTimeout(r, 1500));
    const cpuBefore = server.cpuSeconds();
    const results = await runLoad(server.url, token, routes(samples(dbPath), connections), seconds * 1000);
    const cpu = server.cpuSeconds() - cpuBefore;
    const load = loadavg()[0] ?? 0;
    stop = true;
    const ingested = await feed;
    const rows = results.map((r) => summary(r, seconds));
    for (const row of rows) {
      log(`${row.route.padEnd(22)} ${fmt(row.requests).padStart(7)} req  ${row.perSecond.toFixed(0).padStart(5)}/s  p50 ${row.p50.toFixed(1)} ms  p90 ${row.p90.toFixed(1)} ms  p99 ${row.p99.toFixed(1)} ms  max ${row.max.toFixed(0)} ms  errors ${String(row.errors)}  ${row.kbPerResponse.toFixed(0)} KiB/answer  ${JSON.stringify(row.statuses)}`);
    }
    for (const job of ingested.jobs) log(`ingest ${job.file}: ${fmt(job.events)} events (${fmt(job.inserted)} new) in ${job.seconds.toFixed(1)} s, ${job.status}`);
    const peak = server.peakRssMb();
    const total = rows.reduce((sum, r) => sum + r.requests, 0);
    log(`server peak RSS ${peak.toFixed(0)} MiB; server CPU ${cpu.toFixed(1)} s in the window (ingest thread included), ${((cpu * 1000) / Math.max(1, total)).toFixed(2)} ms per request; machine load average ${load.toFixed(1)} on ${String(cpus().length)} CPUs`);
    const goal = rows.every((r) => r.p99 < 200 && r.errors === 0);
    log(`goal (p99 < 200 ms, no errors): ${goal ? 'met' : 'NOT met'}`);
    process.stdout.write(`${JSON.stringify({ events: store.events, incidents: store.incidents, connections, seconds, routes: rows, ingest: ingested, peakRssMb: peak, serverCpuSeconds: cpu, loadAverage: load, cpus: cpus().length, goal })}\n`);
  } finally {
    await server.stop();
  }
}

await main();
