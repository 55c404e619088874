import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { percent, sharedPath } from './shared-data.ts';

/**
 * SigmaHQ's regression data: each test names the rule that must fire on its events (JSON twins of the
 * EVTX). Every event goes through our reader, the rule through our engine and field mapping.
 */

function walk(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, keep, out);
    else if (keep(entry.name)) out.push(path);
  }
  return out;
}

function ruleFilesById(sigma: string): Map<string, string> {
  const byId = new Map<string, string>();
  for (const folder of readdirSync(sigma).filter((d) => d.startsWith('rules'))) {
    for (const file of walk(join(sigma, folder), (n) => n.endsWith('.yml'))) {
      const id = /^id:\s*['"]?([0-9a-f-]{36})/m.exec(readFileSync(file, 'utf8'))?.[1];
      if (id !== undefined) byId.set(id, file);
    }
  }
  return byId;
}

interface FireCount {
  fired: number;
  exactCount: number;
  tests: number;
  misses: string[];
}

/** Runs each regression test's rule over its events, read from its files ending in `extension` (`.json` or `.evtx`). */
async function fireOn(sigma: string, extension: string): Promise<FireCount> {
  const rules = ruleFilesById(sigma);
  const infos = walk(join(sigma, 'regression_data'), (n) => n === 'info.yml').sort();
  const misses: string[] = [];
  let fired = 0;
  let exactCount = 0;
  let tests = 0;
  for (const info of infos) {
    const text = readFileSync(info, 'utf8');
    const ruleId = /rule_metadata:\s*\n\s*-\s*id:\s*['"]?([0-9a-f-]{36})/.exec(text)?.[1];
    const expected = Number(/match_count:\s*(\d+)/.exec(text)?.[1] ?? NaN);
    const inputs = walk(dirname(info), (n) => n.endsWith(extension));
    if (ruleId === undefined || inputs.length === 0) continue;
    tests++;
    const ruleFile = rules.get(ruleId);
    if (ruleFile === undefined) {
      misses.push(`${ruleId}: rule file not found`);
      continue;
    }
    const set = loadRuleSet([{ path: ruleFile, origin: 'extra' }], defaultResolver);
    if (set.problems.length > 0) {
      misses.push(`${ruleId}: ${set.problems.map((p) => `${p.status} ${p.reason}`).join('; ')}`);
      continue;
    }
    const { events } = await collectEvents(inputs, { tz: 'UTC' });
    events.sort((a, b) => (a['@timestamp'] ?? '').localeCompare(b['@timestamp'] ?? ''));
    const detector = createDetector(set, defaultResolver);
    const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()].filter((a) => a.rule.id === ruleId);
    if (alerts.length > 0) fired++;
    else misses.push(`${ruleId} (${ruleFile.slice(sigma.length + 1)}): did not fire on ${String(events.length)} events`);
    if (!Number.isNaN(expected) && alerts.length === expected) exactCount++;
  }
  return { fired, exactCount, tests, misses };
}

test('SigmaHQ regression tests fire their rule on their JSON events, and on the same events read from their EVTX files', async (t) => {
  const sigma = sharedPath(t, 'sigma');
  if (sigma === undefined) return;
  const json = await fireOn(sigma, '.json');
  const evtx = await fireOn(sigma, '.evtx');
  for (const [name, { fired, tests, exactCount, misses }] of [['JSON', json], ['EVTX', evtx]] as const) {
    t.diagnostic(`${name}: ${fired}/${tests} regression tests fire their rule (${percent(fired, tests).toFixed(1)} %); ${exactCount} with exactly match_count alerts`);
    for (const miss of misses) t.diagnostic(`${name} miss ${miss}`);
    assert.ok(tests >= 200, `${tests} tests`);
    assert.ok(percent(fired, tests) >= 95, `${fired}/${tests} fired`);
  }
  assert.equal(evtx.tests, json.tests, 'every test has both files');
  assert.ok(evtx.fired >= json.fired, `EVTX ${evtx.fired} against JSON ${json.fired}`);
});
