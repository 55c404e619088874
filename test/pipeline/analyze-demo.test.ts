import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeDemo, type TruthScenario } from '../../src/demo/index.ts';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import type { Incident } from '../../src/schema/incident.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';

/**
 * The built-in pack over `vigil demo` data: every planted scenario must become an incident carrying its
 * technique and its entities (recall), incidents must belong to scenarios (precision), and benign-only
 * traffic at ten times the volume must raise no incident at all.
 */

const dirs = tempDirs('analyze-demo');

async function analyzeDemo(options: { volume: number; attacks: boolean; seed: number }) {
  const dir = dirs.fresh();
  const demo = await writeDemo(dir, options);
  const store = openStore(join(dir, 'vigil.db'));
  try {
    await ingest(store, [demo.logsDir], { tz: 'UTC', actor: 'test' });
    const findings = analyzeStore(store, { actor: 'test' });
    const truth = (JSON.parse(readFileSync(demo.truthPath, 'utf8')) as { scenarios: TruthScenario[] }).scenarios;
    return { findings, truth };
  } finally {
    store.close();
  }
}

function entitiesOf(s: TruthScenario): string[] {
  return [...s.source_ips, ...s.users, ...s.hosts];
}

function explains(incident: Incident, scenario: TruthScenario): boolean {
  const techniques = incident.techniques.map((t) => t.id);
  const values = new Set(Object.values(incident.entities).flat());
  const sameTechnique = scenario.techniques.some((t) => techniques.includes(t) || techniques.includes(t.split('.')[0]!));
  return sameTechnique && entitiesOf(scenario).some((v) => values.has(v));
}

describe('detection on vigil demo data', () => {
  it('detects every planted scenario with its technique, and every incident belongs to a scenario', async (t) => {
    const { findings, truth } = await analyzeDemo({ volume: 5000, attacks: true, seed: 7 });
    const missed = truth.filter((s) => !findings.incidents.some((i) => explains(i, s)));
    const stray = findings.incidents.filter((i) => !truth.some((s) => explains(i, s)));
    const recall = (truth.length - missed.length) / truth.length;
    const precision = findings.incidents.length === 0 ? 0 : (findings.incidents.length - stray.length) / findings.incidents.length;
    t.diagnostic(`scenarios ${truth.length}, incidents ${findings.incidents.length}, recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}`);
    for (const i of stray) t.diagnostic(`unexplained incident: ${i.severity} ${i.title} ${i.techniques.map((x) => x.id).join(',')}`);
    assert.deepEqual(missed.map((s) => s.slug), []);
    assert.deepEqual(stray.map((i) => i.title), []);
  });

  it('benign traffic only, at ten times the volume, raises no incident', async (t) => {
    const { findings } = await analyzeDemo({ volume: 50_000, attacks: false, seed: 8 });
    t.diagnostic(`${findings.events} benign events → ${findings.alerts.length} alerts, ${findings.incidents.length} incidents`);
    assert.deepEqual(findings.incidents.map((i) => `${i.severity} ${i.title}`), []);
  });
});
