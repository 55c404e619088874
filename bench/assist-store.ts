import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defaultIndexEmbedder, updateVectorIndex } from '../src/assist/retrieve/index.ts';
import { writeDemo } from '../src/demo/index.ts';
import { analyzeStore } from '../src/pipeline/analyze.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { openStore } from '../src/store/index.ts';

/**
 * The store the assist benchmark asks its questions of: `vigil demo` data of about `events` events (every
 * planted scenario included), ingested and analysed (detection + triage), so incidents exist. Built once
 * under a temporary name and renamed; later runs reuse it. A store kept from an older Vigil is migrated and
 * its vector index brought up to date once (a no-op afterwards), so hybrid retrieval is what gets timed.
 */
export async function assistBenchStore(dir: string, events: number, log: (line: string) => void): Promise<string> {
  const path = join(dir, `assist-${String(events)}.db`);
  if (existsSync(path)) {
    await catchUpVectorIndex(path, log);
    return path;
  }
  const work = join(dir, `assist-${String(events)}.partial`);
  rmSync(work, { recursive: true, force: true });
  let started = performance.now();
  const demo = await writeDemo(work, { volume: events, seed: 7 });
  log(`demo data: ${demo.files.map((f) => `${f.format} ${String(f.events)}`).join(', ')} (${seconds(started)} s)`);
  const partial = join(work, 'vigil.db');
  const store = openStore(partial);
  try {
    started = performance.now();
    const report = await ingest(store, [demo.logsDir], { tz: 'UTC', actor: 'bench' });
    log(`ingested ${String(report.totals.inserted)} events (${seconds(started)} s)`);
    started = performance.now();
    const findings = analyzeStore(store, { actor: 'bench' });
    log(`analysed: ${String(findings.alerts.length)} alerts, ${String(findings.incidents.length)} incidents (${seconds(started)} s)`);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    store.close();
  }
  renameSync(partial, path);
  rmSync(work, { recursive: true, force: true });
  return path;
}

/** Opens the store read-write (applying migrations) and builds whatever part of the vector index is missing. */
async function catchUpVectorIndex(path: string, log: (line: string) => void): Promise<void> {
  const store = openStore(path);
  try {
    const report = await updateVectorIndex(store, defaultIndexEmbedder(store.db), { actor: 'bench' });
    if (report.events > 0 || report.embedded > 0) {
      log(`vector index: ${String(report.events)} events given a template, ${String(report.embedded)} of ${String(report.templates)} templates embedded (${seconds(performance.now() - report.durationMs)} s)`);
      store.db.pragma('wal_checkpoint(TRUNCATE)');
    }
  } finally {
    store.close();
  }
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
