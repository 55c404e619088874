import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from '../../src/schema/alert.ts';
import { attackTagProblems, readAttackTable } from '../rules/attack-tags.ts';
import { readCasesFile } from '../rules/cases.ts';
import { casesFileOf, packFiles, ruleDocs } from '../rules/pack-files.ts';
import { runPackOnFiles } from '../rules/run-pack.ts';
import { sharedPath } from './shared-data.ts';

/**
 * The built-in rule pack against third-party data: its ATT&CK tags against MITRE's table, and the attacks
 * that real logs are known to hold (OpenSSH_2k.log, the prior-art SOC sample; facts in ../shared/data/README.md).
 */

/** The id a rule file's cases file tests: the rule (or outermost correlation) of that file. */
const ruleOf = (file: string): string => readCasesFile(casesFileOf(file)).rule;

function sourcesOf(alerts: readonly Alert[], ruleId: string): string[] {
  return [...new Set(alerts.filter((a) => a.rule.id === ruleId).flatMap((a) => a.entities.source_ip))].sort();
}

test('every rule of the pack tags ATT&CK v18.1 techniques that exist, with tactics of those techniques', (t) => {
  const path = sharedPath(t, 'attack', 'enterprise-attack-v18.1.json');
  if (path === undefined) return;
  const table = readAttackTable(path);
  assert.ok(table.techniques.size > 600, 'the ATT&CK table lists its techniques');
  const { rules } = packFiles();
  const problems = rules.flatMap((file) => ruleDocs(file).flatMap((doc) => attackTagProblems(doc, table).map((p) => `${file} ${String(doc.id)}: ${p}`)));
  assert.deepEqual(problems, []);
});

test('OpenSSH_2k.log: SSH brute force for exactly the six sources with at least ten failed passwords', async (t) => {
  const path = sharedPath(t, 'loghub', 'OpenSSH', 'OpenSSH_2k.log');
  if (path === undefined) return;
  const { alerts } = await runPackOnFiles([path], 2026);
  const bruteForce = ruleOf('authentication/ssh_brute_force.yml');
  assert.deepEqual(sourcesOf(alerts, bruteForce), ['103.99.0.122', '112.95.230.3', '183.62.140.253', '185.190.58.151', '187.141.143.180', '5.188.10.180']);
  assert.deepEqual(sourcesOf(alerts, ruleOf('authentication/brute_force_then_success.yml')), [], '119.137.62.142 logged in with no failure before');
});

test('Linux_2k.log: old PAM-only sshd failures give brute-force alerts only for sources with ten or more of them', async (t) => {
  const path = sharedPath(t, 'loghub', 'Linux', 'Linux_2k.log');
  if (path === undefined) return;
  const { events, alerts } = await runPackOnFiles([path], 2005);
  const failures = new Map<string, number>();
  for (const e of events) {
    if (e.event.action === 'pam-auth-failure' && e.source?.ip !== undefined) failures.set(e.source.ip, (failures.get(e.source.ip) ?? 0) + (e.event.count ?? 1));
  }
  const found = sourcesOf(alerts, ruleOf('authentication/ssh_brute_force_pam.yml'));
  assert.ok(found.includes('150.183.249.110'), 'the source with the most failures (80)');
  assert.deepEqual(found.filter((ip) => (failures.get(ip) ?? 0) < 10), []);
});

test('prior-art SOC sample: alice brute-forced then logged in, 185.220.101.42 scanned ports, bob dumped credentials', async (t) => {
  const path = sharedPath(t, 'prior-art', 'ai-soc-triage-assistant', 'sample_logs.jsonl');
  if (path === undefined) return;
  const { events, alerts } = await runPackOnFiles([path], 2026);
  const success = alerts.filter((a) => a.rule.id === ruleOf('authentication/brute_force_then_success.yml'));
  assert.deepEqual(sourcesOf(success, success[0]?.rule.id ?? ''), ['198.51.100.10']);
  assert.ok(success.some((a) => a.entities.user.includes('alice')), 'the alert names alice');

  const scanRule = ruleOf('network/port_scan_vertical.yml');
  assert.deepEqual(sourcesOf(alerts, scanRule), ['185.220.101.42']);
  const denies = events.filter((e) => e.source?.ip === '185.220.101.42' && e.event.type?.includes('denied') === true).map((e) => e.id);
  assert.equal(denies.length, 9);
  const evidence = new Set(alerts.filter((a) => a.rule.id === scanRule).flatMap((a) => a.event_ids));
  assert.ok(denies.some((id) => evidence.has(id)), 'the denied probes are evidence of the scan');

  const dumping = alerts.filter((a) => a.rule.techniques.some((id) => id.startsWith('T1003')));
  assert.ok(dumping.some((a) => a.entities.user.includes('bob') && a.entities.host.includes('wkst-02')), 'credential dumping by bob on wkst-02');
});
