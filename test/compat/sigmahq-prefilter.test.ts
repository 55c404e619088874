import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDetector, loadRuleSet, SigmaRule, type RuleDirectory } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { sharedPath, sigmaRuleDirs } from './shared-data.ts';

/**
 * The detector shows each event only to the rules it can match (src/detect/sigma/prefilter/), and rules
 * evaluate the parts of an AND rarest first. With every SigmaHQ rule loaded at once, over SigmaHQ's
 * regression events (which fire many different rules) and our examples, it must report exactly what
 * evaluating every rule in full, its conditions in the order written, on every event reports.
 */

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) jsonFiles(path, out);
    else if (entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

function byTime(events: VigilEvent[]): VigilEvent[] {
  return events.sort((a, b) => (a['@timestamp'] ?? '\uffff').localeCompare(b['@timestamp'] ?? '\uffff'));
}

test('with every SigmaHQ rule loaded, the prefiltered detector matches what full evaluation in written order matches', async (t) => {
  const root = sharedPath(t, 'sigma');
  if (root === undefined) return;
  const dirs: RuleDirectory[] = sigmaRuleDirs(root);
  const set = loadRuleSet(dirs, defaultResolver);
  const written = loadRuleSet(dirs, defaultResolver, { conditionOrder: 'written' });
  assert.deepEqual(written.rules.map((r) => r.ref.id), set.rules.map((r) => r.ref.id));
  const regression = await collectEvents(jsonFiles(join(root, 'regression_data')).sort(), { tz: 'UTC' });
  const examples = await collectEvents(readdirSync(EXAMPLES).map((name) => join(EXAMPLES, name)), { tz: 'UTC' });
  const events = byTime([...regression.events, ...examples.events]);
  const detector = createDetector(set, defaultResolver);
  const expected: string[] = [];
  const detected: string[] = [];
  const fullCounts = new Array<number>(set.rules.length).fill(0);
  for (const event of events) {
    written.rules.forEach((rule, i) => {
      if (!rule.matches(event)) return;
      fullCounts[i]!++;
      if (rule.generate) expected.push(`${event.id} ${rule.ref.id}`);
    });
    for (const alert of detector.push(event)) if (alert.type === 'match') detected.push(`${event.id} ${alert.rule.id}`);
  }
  const firing = fullCounts.filter((n) => n > 0).length;
  const withNeed = set.rules.filter((r) => r instanceof SigmaRule && r.need !== undefined).length;
  t.diagnostic(`${String(set.rules.length)} rules (${String(withNeed)} prefiltered), ${String(events.length)} events: ${String(expected.length)} matches, ${String(firing)} rules fire`);
  assert.ok(set.rules.length >= 3000 && withNeed >= set.rules.length * 0.9, `${String(withNeed)}/${String(set.rules.length)} rules prefiltered`);
  assert.ok(firing >= 150, `${String(firing)} rules fire: the events must exercise many different rules`);
  assert.deepEqual(detected, expected);
  assert.deepEqual(detector.stats().matches.map((m) => m.count), fullCounts);
});
