import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuleSet, type RuleDirectory } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { acceptAllResolver } from '../detect/sigma/resolver.ts';
import { percent, sharedPath, sigmaRuleDirs } from './shared-data.ts';

/**
 * Every SigmaHQ rule (rules*, 3,780 files) through the engine with a resolver that accepts every logsource
 * and field, so only the engine's own support is measured (mapping coverage is the mapping's test).
 */
test('at least 99 % of the SigmaHQ rules load; the others are reported with a reason', (t) => {
  const root = sharedPath(t, 'sigma');
  if (root === undefined) return;
  const dirs: RuleDirectory[] = sigmaRuleDirs(root);
  const started = performance.now();
  const load = loadRuleSet(dirs, acceptAllResolver);
  const ms = performance.now() - started;
  const unsupported = load.problems.filter((p) => p.status === 'unsupported');
  const invalid = load.problems.filter((p) => p.status === 'invalid');
  t.diagnostic(`${dirs.length} directories, ${load.total} rule documents: ${load.rules.length} loaded, ${unsupported.length} unsupported, ${invalid.length} invalid, ${load.correlations.length} correlations; ${ms.toFixed(0)} ms`);
  for (const [reason, count] of topReasons(load.problems.map((p) => `${p.status}: ${p.reason}`))) t.diagnostic(`${count} × ${reason}`);
  for (const p of invalid.slice(0, 10)) t.diagnostic(`invalid ${p.pos.file}:${p.pos.line} ${p.reason}`);
  assert.ok(load.total >= 3780, `${load.total} documents`);
  assert.equal(load.rules.length + load.correlations.length + load.problems.length, load.total);
  assert.ok(percent(load.rules.length, load.total) >= 99, `${percent(load.rules.length, load.total).toFixed(2)} % loaded`);
  assert.ok(load.problems.every((p) => p.reason !== '' && p.pos.line >= 1));
});

/** Reasons grouped by their general form (first reason only, field names, quoted values and numbers elided). */
function topReasons(reasons: readonly string[], top = 12): [string, number][] {
  const counts = new Map<string, number>();
  for (const reason of reasons) {
    const first = reason.split('; ')[0] ?? reason;
    const key = first.replace(/^(\w+: )[\w.-]+: /, '$1').replace(/'[^']*'|"[^"]*"|%[^%]+%|\d+/g, '…');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top);
}

/**
 * The same rules through Vigil's real field and logsource mapping, as `vigil rules check` reports them:
 * `loaded` rules run; `idle` rules compiled but target logsources no Vigil format produces (cloud, macOS…).
 */
test('with the real mapping, at least 99 % of the SigmaHQ rules compile (loaded or idle); the rest say why', (t) => {
  const root = sharedPath(t, 'sigma');
  if (root === undefined) return;
  const dirs: RuleDirectory[] = sigmaRuleDirs(root);
  const load = loadRuleSet(dirs, defaultResolver);
  const count = (status: string) => load.problems.filter((p) => p.status === status).length;
  const loaded = load.rules.length + load.correlations.length;
  t.diagnostic(`${load.total} documents: ${loaded} loaded, ${count('idle')} idle, ${count('unsupported')} unsupported, ${count('invalid')} invalid`);
  const idleBy = new Map<string, number>();
  for (const p of load.problems.filter((x) => x.status === 'idle')) {
    const key = /logsource ([^:]+):/.exec(p.reason)?.[1] ?? p.reason;
    idleBy.set(key, (idleBy.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...idleBy].sort((a, b) => b[1] - a[1]).slice(0, 12)) t.diagnostic(`idle: ${n} × ${key}`);
  for (const p of load.problems.filter((x) => x.status !== 'idle')) t.diagnostic(`${p.status} ${p.pos.file.slice(root.length + 1)}:${p.pos.line} ${p.reason}`);
  assert.ok(percent(loaded + count('idle'), load.total) >= 99, `${percent(loaded + count('idle'), load.total).toFixed(2)} % compiled`);
  assert.ok(percent(loaded, load.total) >= 85, `${percent(loaded, load.total).toFixed(2)} % loaded and active`);
  assert.equal(count('invalid'), 0);
});
