import { join } from 'node:path';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';

/** The titles of the alerts the built-in pack raises over log files, ingested into a fresh store in `dir`. */
export async function packAlertTitles(dir: string, files: readonly string[]): Promise<string[]> {
  const store = openStore(join(dir, 'v.db'));
  try {
    await ingest(store, files, { tz: 'UTC', actor: 'test' });
    return analyzeStore(store, { actor: 'test' }).incidents.flatMap((incident) => incident.alerts.map((alert) => alert.title));
  } finally {
    store.close();
  }
}

/** Ingests the files twice into a fresh store in `dir`: the events each run inserted (a second run should add none). */
export async function ingestTwice(dir: string, files: readonly string[]): Promise<[number, number]> {
  const store = openStore(join(dir, 'v.db'));
  try {
    const first = await ingest(store, files, { tz: 'UTC', actor: 'test' });
    const second = await ingest(store, files, { tz: 'UTC', actor: 'test' });
    return [first.totals.inserted, second.totals.inserted];
  } finally {
    store.close();
  }
}
