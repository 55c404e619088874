import { cpus, loadavg } from 'node:os';
import { openStore } from '../src/store/index.ts';
import { searchEvents } from '../src/store/search.ts';
import { eventPage, type EventFilter, type EventPageRequest } from '../src/store/event-page.ts';

/**
 * `node --import tsx bench/search.ts --db store.db [--repeat 5]`: the event queries of the API and of `vigil
 * search` on an existing store (opened read-only), timed one by one: first page (with its count, as the API
 * asks it), the page after it, and the CLI's search. Reports the median wall and CPU time of `--repeat` runs
 * after one warm-up run. Values to search for are taken from the store (busiest and a rare source IP, user,
 * host) so it works on any store.
 */

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const dbPath = arg('db');
if (dbPath === undefined) throw new Error('--db <store> is required');
const repeat = Number(arg('repeat') ?? 5);
const store = openStore(dbPath, { readonly: true });
const db = store.db;

const top = (column: string, order: 'DESC' | 'ASC') =>
  db.prepare(`SELECT ${column} FROM events WHERE ${column} IS NOT NULL AND rowid % 97 = 0 GROUP BY ${column} ORDER BY count(*) ${order} LIMIT 1`).pluck().get() as string;
const first = db.prepare('SELECT min(ts_ms) FROM events').pluck().get() as number;
const hour = 3_600_000;

const cases: { name: string; filter: EventFilter; order?: 'asc' | 'desc' }[] = [
  { name: 'no filter', filter: {} },
  { name: 'word: failed', filter: { text: 'failed' } },
  { name: 'word: common (get)', filter: { text: 'get' } },
  { name: 'words: mozilla windows', filter: { text: 'mozilla windows' } },
  { name: 'word: rare (powershell)', filter: { text: 'powershell' } },
  { name: 'words: sudo root', filter: { text: 'sudo root' } },
  { name: 'word: absent (zzzqqq)', filter: { text: 'zzzqqq' } },
  { name: 'word + 1 h range', filter: { text: 'failed', sinceMs: first + 6 * hour, untilMs: first + 7 * hour } },
  { name: 'common word + 1 h range', filter: { text: 'get', sinceMs: first + 6 * hour, untilMs: first + 7 * hour } },
  { name: 'busy IP', filter: { fields: { 'source.ip': top('source_ip', 'DESC') } } },
  { name: 'rare IP', filter: { fields: { 'source.ip': top('source_ip', 'ASC') } } },
  { name: 'busy user', filter: { fields: { 'user.name': top('user_name', 'DESC') } } },
  { name: 'busy host, asc', filter: { fields: { 'host.name': top('host_name', 'DESC') } }, order: 'asc' },
  { name: 'IP + since', filter: { fields: { 'source.ip': top('source_ip', 'DESC') }, sinceMs: first + 12 * hour } },
  { name: 'action + user', filter: { fields: { 'event.action': 'ssh-login', 'user.name': top('user_name', 'DESC') } } },
  { name: 'dataset', filter: { fields: { 'event.dataset': 'sshd' } } },
  { name: 'word + busy IP', filter: { text: 'failed', fields: { 'source.ip': top('source_ip', 'DESC') } } },
  { name: 'word + busy host', filter: { text: 'sudo', fields: { 'host.name': top('host_name', 'DESC') } } },
  { name: 'common word + rare IP', filter: { text: 'get', fields: { 'source.ip': top('source_ip', 'ASC') } } },
  { name: 'word + unindexed field', filter: { text: 'sudo', fields: { 'process.name': 'sudo' } } },
  { name: 'time range, asc', filter: { sinceMs: first + 20 * hour }, order: 'asc' },
];

function measure(run: () => void): { wallMs: number; cpuMs: number } {
  run();
  const walls: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wallMs: median(walls), cpuMs: median(cpu) };
}

const rows: { name: string; page1: string; page2: string; cli: string; total: string }[] = [];
const f = (m: { wallMs: number; cpuMs: number }) => `${m.wallMs.toFixed(1)}/${m.cpuMs.toFixed(0)}`;
for (const c of cases) {
  const request: EventPageRequest = { filter: c.filter, order: c.order ?? 'desc', limit: 50, count: true };
  const firstPage = eventPage(db, request);
  const page1 = measure(() => eventPage(db, request));
  const next = firstPage.next;
  const page2 = next === null ? undefined : measure(() => eventPage(db, { ...request, count: false, after: next }));
  const cli = measure(() => searchEvents(db, { ...c.filter, limit: 50, order: c.order ?? 'desc' }));
  const total = firstPage.total === undefined ? '' : `${String(firstPage.total.count)}${firstPage.total.exact ? '' : '+'}`;
  rows.push({ name: c.name, page1: f(page1), page2: page2 === undefined ? '-' : f(page2), cli: f(cli), total });
  process.stderr.write(`${c.name.padEnd(26)} page 1 ${f(page1).padStart(12)}  page 2 ${(page2 === undefined ? '-' : f(page2)).padStart(12)}  cli ${f(cli).padStart(12)}  total ${total}\n`);
}
const events = store.approximateEventCount();
store.close();
process.stderr.write(`(ms wall/CPU, median of ${String(repeat)}; ${String(events)} events; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${String(cpus().length)} CPUs)\n`);
process.stdout.write(`${JSON.stringify({ events, repeat, rows, loadAverage: loadavg() })}\n`);
