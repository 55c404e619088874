import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDemo } from '../../src/demo/index.ts';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';

/**
 * The store the server is measured on: `vigil demo` data of about `events` events (sshd, nginx, firewall,
 * Windows, Zeek with planted attacks), ingested as a bulk load and analysed, so incidents exist. Reused when
 * the file already holds that many events (building 1M takes minutes on a small machine).
 */
export async function benchStore(path: string, events: number, workDir: string, log: (line: string) => void): Promise<{ events: number; incidents: number; built: boolean }> {
  if (existsSync(path)) {
    const store = openStore(path);
    try {
      const stored = store.approximateEventCount();
      const incidents = store.db.prepare('SELECT count(*) FROM incidents').pluck().get() as number;
      if (stored >= events * 0.95) return { events: stored, incidents, built: false };
      log(`${path} holds ${stored} events, fewer than ${events}: building a new store`);
    } finally {
      store.close();
    }
    throw new Error(`remove ${path} (or pass another --db) to build a store of ${events} events`);
  }
  await mkdir(workDir, { recursive: true });
  log(`writing demo logs of ~${events} events…`);
  const demo = await writeDemo(join(workDir, 'demo-store'), { volume: events, seed: 11, hours: 72 });
  const store = openStore(path);
  try {
    log('ingesting (bulk load)…');
    const report = await ingest(store, [demo.logsDir], { tz: 'UTC', actor: 'bench' });
    log(`ingested ${report.totals.inserted} events in ${(report.durationMs / 1000).toFixed(0)} s; analysing…`);
    const findings = analyzeStore(store, { actor: 'bench' });
    log(`analysis: ${findings.alerts.length} alerts, ${findings.incidents.length} incidents in ${(findings.durationMs / 1000).toFixed(0)} s`);
    return { events: store.approximateEventCount(), incidents: findings.incidents.length, built: true };
  } finally {
    store.close();
  }
}

/** Fresh logs for the ingest that runs during the measurement (another seed and period: all new events). */
export async function ingestFiles(workDir: string, volume: number): Promise<string[]> {
  const demo = await writeDemo(join(workDir, 'demo-upload'), { volume, seed: 97, start: new Date('2027-03-01T00:00:00Z'), hours: 24 });
  return demo.files.filter((f) => !f.path.endsWith('windows.jsonl')).map((f) => f.path);
}
