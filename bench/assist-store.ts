import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemo } from '../src/demo/index.ts';
import { analyzeStore } from '../src/pipeline/analyze.ts';
import { ingest } from '../src/pipeline/ingest.ts';
import { openStore } from '../src/store/index.ts';

/**
 * The store the assist benchmark asks its questions of: `vigil demo` data of about `events` events (every
 * planted scenario included), ingested and analysed (detection + triage), so incidents exist. Built once
 * under a temporary name and renamed; later runs reuse it.
 */
export async function assistBenchStore(dir: string, events: number, log: (line: string) => void): Promise<string> {
  const path = join(dir, `assist-${String(events)}.db`);
  if (existsSync(path)) return path;
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

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
