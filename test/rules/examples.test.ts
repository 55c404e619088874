import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Alert } from '../../src/schema/alert.ts';
import { runPackOnFiles } from './run-pack.ts';

/**
 * The built-in pack over the quick start's data (examples/, `vigil demo --seed 42`): every planted scenario
 * raises an alert with one of its ATT&CK techniques (or a sub-technique of one) about one of its entities, and
 * no high or critical alert points at anything outside the scenarios.
 */

interface Scenario {
  slug: string;
  techniques: string[];
  source_ips: string[];
  users: string[];
  hosts: string[];
}

const ROOT = join(import.meta.dirname, '..', '..');
const truth = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'examples-truth.json'), 'utf8')) as { scenarios: Scenario[] };

/** `WS-FIN-07.corp.example.com` and `ws-fin-07` are the same host. */
const shortName = (name: string) => name.toLowerCase().split('.')[0] ?? '';
const isIp = (value: string) => /^[\d.]+$|:/.test(value);

function markers(s: Scenario): Set<string> {
  return new Set([...s.source_ips, ...s.users.map((u) => u.toLowerCase()), ...s.hosts.map(shortName)]);
}

function entities(a: Alert): string[] {
  return [...a.entities.source_ip, ...a.entities.user.map((u) => u.toLowerCase()), ...a.entities.host.map((h) => (isIp(h) ? h : shortName(h)))];
}

function coversTechnique(a: Alert, s: Scenario): boolean {
  return a.rule.techniques.some((id) => s.techniques.some((wanted) => id === wanted || id.startsWith(`${wanted}.`)));
}

let run: Promise<Alert[]> | undefined;
const alerts = (): Promise<Alert[]> => (run ??= runPackOnFiles([join(ROOT, 'examples')], 2026).then((r) => r.alerts));

describe('rule pack over examples/', () => {
  for (const scenario of truth.scenarios) {
    it(`detects ${scenario.slug} (${scenario.techniques.join(', ')})`, async () => {
      const wanted = markers(scenario);
      const hits = (await alerts()).filter((a) => coversTechnique(a, scenario) && entities(a).some((e) => wanted.has(e)));
      assert.ok(hits.length > 0, `no alert with ${scenario.techniques.join('/')} about ${[...wanted].join(', ')}`);
    });
  }

  it('raises no high or critical alert about anything outside the planted scenarios', async () => {
    const all = new Set(truth.scenarios.flatMap((s) => [...markers(s)]));
    const stray = (await alerts())
      .filter((a) => a.rule.level === 'high' || a.rule.level === 'critical')
      .filter((a) => !entities(a).some((e) => all.has(e)))
      .map((a) => `${a.rule.title} ${entities(a).join(',')}`);
    assert.deepEqual(stray, []);
  });
});
