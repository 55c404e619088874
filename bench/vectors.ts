import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, runPhase } from './phase-runner.ts';

/**
 * npm run bench:vectors [-- --events 1000000] [-- --reuse]
 * Demo data of about N events (default 100,000) in a store; then, each in its own process: the vector index
 * built from scratch (time per 100k events, templates, disk, a no-op re-run), and retrieval latency
 * p50/p95, hybrid next to full-text only, on the same questions; peak RSS per phase. --reuse keeps the
 * store of an earlier run of the same size (only the index build and the queries run again).
 */

interface BuildResult {
  events: number;
  templates: number;
  templateSeconds: number;
  vectorSeconds: number;
  cpuSeconds: number;
  noopMs: number;
  bytes: Record<string, number>;
  storeBytes: number;
  perEvent: { embedUsPerEvent: number; vectorBytes: number };
  peakRssMb: number;
}

interface QueryResult {
  hybrid: { p50: number; p95: number };
  fts: { p50: number; p95: number };
  answers: { question: string; fts: number; vector: number; status: string; results: number }[];
  peakRssMb: number;
}

const args = process.argv.slice(2);
const index = args.indexOf('--events');
const events = index >= 0 ? Number(args[index + 1]) : 100_000;
if (!Number.isInteger(events) || events < 1000) throw new Error('--events expects a whole number of at least 1000');
const dir = join(import.meta.dirname, 'out', `vectors-${String(events)}`);
const mb = (bytes: number | undefined) => ((bytes ?? 0) / 1024 ** 2).toFixed(1);
const ms = (n: number) => n.toFixed(1);

console.log(`Vigil vector index benchmark: ~${fmt(events)} demo events, node ${process.version}, one process per phase\n`);
interface Prepared {
  events: number;
  ingestSeconds: number;
  ingestCpuSeconds: number;
}
const reuse = args.includes('--reuse') && existsSync(join(dir, 'prepare.json'));
const prepared = reuse ? (JSON.parse(readFileSync(join(dir, 'prepare.json'), 'utf8')) as Prepared) : runPhase<Prepared>('vectors-phase.ts', ['prepare', dir, String(events)], 512);
// The CLI's heap bound (bin/vigil.js): the index is built at the end of an ingest, in that process.
const build = runPhase<BuildResult>('vectors-phase.ts', ['build', dir], 128);
const query = runPhase<QueryResult>('vectors-phase.ts', ['query', dir], 128);

const per100k = (seconds: number) => (seconds * 100_000) / build.events;
console.log(['events', 'templates', 'build s per 100k (templates + vectors)', 'CPU s', 'no-op re-run ms', 'index MB (mapping / templates / vectors)', 'store MB', 'peak RSS MB'].join(' | '));
console.log(
  [
    fmt(build.events), fmt(build.templates),
    `${per100k(build.templateSeconds + build.vectorSeconds).toFixed(2)} (${per100k(build.templateSeconds).toFixed(2)} + ${per100k(build.vectorSeconds).toFixed(2)})`,
    build.cpuSeconds.toFixed(1), ms(build.noopMs),
    `${mb(build.bytes.eventTemplates)} / ${mb(build.bytes.templates)} / ${mb(build.bytes.vectors)}`, mb(build.storeBytes), fmt(build.peakRssMb),
  ].join(' | '),
);
console.log(
  `  for scale: the ingest itself (demo generation aside, no index) took ${prepared.ingestSeconds.toFixed(1)} s, ${prepared.ingestCpuSeconds.toFixed(1)} CPU s${reuse ? ' (store reused)' : ''}`,
);
console.log(
  `  one vector per event instead: ~${((build.perEvent.embedUsPerEvent * 100_000) / 1e6).toFixed(1)} s of embedding per 100k events and ${mb(build.perEvent.vectorBytes)} MB of vectors (${build.perEvent.embedUsPerEvent.toFixed(0)} µs per event, sampled)`,
);
console.log(`\n${['retrieval (limit 20)', 'p50 ms', 'p95 ms'].join(' | ')}`);
console.log(['hybrid (FTS + vectors, fused)', ms(query.hybrid.p50), ms(query.hybrid.p95)].join(' | '));
console.log(['full-text only', ms(query.fts.p50), ms(query.fts.p95)].join(' | '));
console.log(`  peak RSS: query ${fmt(query.peakRssMb)} MB; ${String(query.answers.length)} questions × 15 rounds, read-only store`);
for (const a of query.answers) console.log(`  "${a.question}": ${fmt(a.fts)} full-text + ${fmt(a.vector)} vector candidates (${a.status}) → ${fmt(a.results)}`);
