import { statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ftsSearch, questionTerms } from '../src/assist/retrieve/fts.ts';
import { hashedEmbedder } from '../src/assist/retrieve/hashed-embedder.ts';
import { resetTemplates } from '../src/assist/retrieve/index-state.ts';
import { retrieveWithReport, updateVectorIndex, type RetrievalFilters } from '../src/assist/retrieve/index.ts';
import { templateText, type TemplateSource } from '../src/assist/retrieve/templates.ts';
import { writeDemo } from '../src/demo/index.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { peakRssMb } from './peak-rss.ts';

/**
 * One phase of `npm run bench:vectors` in its own process (peak RSS is the phase's own):
 *   prepare <dir> <events>   demo data of about that many events, ingested without the vector index
 *   build <dir>              the vector index from scratch (any previous one dropped): templates, then vectors; a no-op re-run
 *   query <dir>              retrieval latency, hybrid and full-text only, for a few questions
 * Prints one JSON line.
 */

export const QUESTIONS: readonly { question: string; filters?: RetrievalFilters }[] = [
  { question: 'authentication failures for root' },
  { question: 'who cleared the event logs' },
  { question: 'encoded powershell downloading a script' },
  { question: 'new admin account created' },
  { question: 'blocked connections to database ports', filters: { dataset: 'ufw' } },
  { question: 'failed logins', filters: { outcome: 'failure', user: 'root' } },
  { question: 'web server errors', filters: { host: 'web-01' } },
];
const ROUNDS = 15;

async function prepare(dir: string, events: number): Promise<object> {
  await rm(dir, { recursive: true, force: true });
  const demo = await writeDemo(join(dir, 'demo'), { volume: events, seed: 11 });
  const store = openStore(join(dir, 'store.db'));
  try {
    const cpu = process.cpuUsage();
    const report = await ingest(store, [demo.logsDir], { tz: 'UTC', actor: 'bench', embedder: false });
    const used = process.cpuUsage(cpu);
    const result = { events: report.totals.inserted, ingestSeconds: report.durationMs / 1000, ingestCpuSeconds: (used.user + used.system) / 1e6 };
    writeFileSync(join(dir, 'prepare.json'), JSON.stringify(result));
    return result;
  } finally {
    store.close();
  }
}

function tableBytes(store: Store): Record<string, number> {
  const rows = store.db
    .prepare(
      `SELECT CASE WHEN name LIKE 'template_vectors%' THEN 'vectors' WHEN name LIKE 'event_templates%' THEN 'eventTemplates'
         WHEN name LIKE '%message_templates%' THEN 'templates' ELSE 'rest' END AS part, sum(pgsize) AS bytes
       FROM dbstat GROUP BY part`,
    )
    .all() as { part: string; bytes: number }[];
  return Object.fromEntries(rows.map((r) => [r.part, r.bytes]));
}

/** What one vector per event would cost instead: embedding time of a sample of events, extrapolated. */
function perEventEstimate(store: Store, events: number): { embedUsPerEvent: number; vectorBytes: number } {
  const sample = store.db
    .prepare(`SELECT dataset, action, outcome, code, user_name AS user, host_name AS host, substr(coalesce(message, original), 1, 4000) AS text FROM events WHERE rowid % ? = 0 LIMIT 3000`)
    .all(Math.max(1, Math.floor(events / 3000))) as TemplateSource[];
  const texts = sample.map(templateText);
  const embedder = hashedEmbedder();
  const started = performance.now();
  for (const text of texts) embedder.embedOne(text);
  return { embedUsPerEvent: ((performance.now() - started) * 1000) / texts.length, vectorBytes: events * embedder.dimensions * 4 };
}

async function build(dir: string): Promise<object> {
  const store = openStore(join(dir, 'store.db'));
  try {
    const events = store.approximateEventCount();
    resetTemplates(store.db);
    const cpu = process.cpuUsage();
    const templates = await updateVectorIndex(store, undefined, { actor: 'bench' });
    const vectors = await updateVectorIndex(store, hashedEmbedder(), { actor: 'bench' });
    const used = process.cpuUsage(cpu);
    const noop = await updateVectorIndex(store, hashedEmbedder(), { actor: 'bench' });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      events, templates: vectors.templates, templateSeconds: templates.durationMs / 1000, vectorSeconds: vectors.durationMs / 1000,
      cpuSeconds: (used.user + used.system) / 1e6, noopMs: noop.durationMs, bytes: tableBytes(store),
      storeBytes: statSync(join(dir, 'store.db')).size, perEvent: perEventEstimate(store, events), peakRssMb: peakRssMb(),
    };
  } finally {
    store.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function query(dir: string): Promise<object> {
  const store = openStore(join(dir, 'store.db'), { readonly: true });
  try {
    const hybrid: number[] = [];
    const fts: number[] = [];
    const answers: object[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const { question, filters } of QUESTIONS) {
        let started = performance.now();
        const report = await retrieveWithReport(store.db, question, { filters, limit: 20 });
        hybrid.push(performance.now() - started);
        started = performance.now();
        ftsSearch(store.db, questionTerms(question), filters, 60);
        fts.push(performance.now() - started);
        if (round === 0) answers.push({ question, fts: report.fts.hits, vector: report.vector.hits, status: report.vector.status, results: report.events.length });
      }
    }
    const stats = (list: number[]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
    };
    return { hybrid: stats(hybrid), fts: stats(fts), answers, peakRssMb: peakRssMb() };
  } finally {
    store.close();
  }
}

const [phase, dir, events] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: vectors-phase.ts <prepare|build|query> <dir> [events]');
const result = phase === 'prepare' ? await prepare(dir, Number(events)) : phase === 'build' ? await build(dir) : await query(dir);
process.stdout.write(`${JSON.stringify({ phase, ...result })}\n`);
