import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import type { LogSource } from '../../src/detect/types.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { percent, SHARED_DATA, sharedPath } from './shared-data.ts';
import { readSigmaRules, yamlFiles, type SigmaRuleDoc } from './sigma-rules.ts';

/**
 * The mapping against SigmaHQ: (1) every regression test's rule must have its logsource select the test's
 * events and every field it uses resolve; (2) over all SigmaHQ rules, the share of (logsource, field) pairs
 * that resolve, by logsource (a report, not a goal: many logsources are clouds we have no data for).
 */

const RULE_DIRS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-compliance', 'rules-placeholder'];

function ruleDirs(): string[] {
  return RULE_DIRS.map((d) => join(SHARED_DATA, 'sigma', d)).filter((d) => existsSync(d));
}

function describe(logsource: LogSource): string {
  return [logsource.product, logsource.category, logsource.service].map((p) => p ?? '-').join('/');
}

interface RegressionCase {
  dir: string;
  ruleId: string;
  jsonFiles: string[];
}

function regressionCases(root: string): RegressionCase[] {
  const cases: RegressionCase[] = [];
  for (const info of yamlFiles(root).filter((f) => f.endsWith('info.yml'))) {
    const meta: unknown = parse(readFileSync(info, 'utf8'));
    const ruleId = (meta as { rule_metadata?: { id?: string }[] }).rule_metadata?.[0]?.id;
    const dir = dirname(info);
    const jsonFiles = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
    if (ruleId !== undefined && jsonFiles.length > 0) cases.push({ dir, ruleId, jsonFiles });
  }
  return cases;
}

interface CaseResult {
  problem?: string;
  events: number;
  selected: number;
  /** Rule fields, and those with a value on at least one selected event (filters may name absent ones). */
  fields: number;
  valued: string[];
}

async function checkCase(c: RegressionCase, rule: SigmaRuleDoc | undefined): Promise<CaseResult> {
  const empty = { events: 0, selected: 0, fields: 0, valued: [] };
  if (rule === undefined) return { ...empty, problem: `rule ${c.ruleId} not found` };
  const selector = defaultResolver.selects(rule.logsource);
  if (selector === undefined) return { ...empty, problem: `logsource ${describe(rule.logsource)} unsupported` };
  const unresolved = rule.fields.filter((name) => defaultResolver.field(name, rule.logsource) === undefined);
  if (unresolved.length > 0) return { ...empty, problem: `fields not resolved under ${describe(rule.logsource)}: ${unresolved.join(', ')}` };
  const { events } = await collectEvents(c.jsonFiles, { tz: 'UTC' });
  const selected = events.filter(selector);
  const valued = rule.fields.filter((name) => selected.some((e) => defaultResolver.field(name, rule.logsource)?.(e) !== undefined));
  const result = { events: events.length, selected: selected.length, fields: rule.fields.length, valued };
  if (selected.length === 0) return { ...result, problem: `none of ${events.length} events selected by ${describe(rule.logsource)}` };
  return result;
}

test('SigmaHQ regression tests: the rule logsource selects the events and every rule field resolves', async (t) => {
  const root = sharedPath(t, 'sigma', 'regression_data');
  if (root === undefined) return;
  const rules = new Map(readSigmaRules(ruleDirs()).filter((r) => r.id !== undefined).map((r) => [r.id, r]));
  const cases = regressionCases(root);
  const failures: string[] = [];
  const totals = { events: 0, selected: 0, fields: 0, valued: 0 };
  for (const c of cases) {
    const result = await checkCase(c, rules.get(c.ruleId));
    if (result.problem !== undefined) failures.push(`${c.dir.slice(root.length + 1)}: ${result.problem}`);
    totals.events += result.events;
    totals.selected += result.selected;
    totals.fields += result.fields;
    totals.valued += result.valued.length;
    const rule = rules.get(c.ruleId);
    const unvalued = result.problem === undefined ? (rule?.fields ?? []).filter((f) => !result.valued.includes(f)) : [];
    if (unvalued.length > 0) t.diagnostic(`no value on the test's events (filter fields?): ${c.dir.slice(root.length + 1)}: ${unvalued.join(', ')}`);
  }
  const share = percent(cases.length - failures.length, cases.length);
  t.diagnostic(`${cases.length - failures.length}/${cases.length} regression tests mapped (${share.toFixed(1)} %)`);
  t.diagnostic(`events selected by their rule's logsource: ${totals.selected}/${totals.events}; rule fields with a value on a selected event: ${totals.valued}/${totals.fields}`);
  for (const failure of failures) t.diagnostic(`not mapped: ${failure}`);
  assert.ok(cases.length >= 200, `${cases.length} regression tests`);
  assert.ok(share >= 95, `${share.toFixed(1)} % mapped`);
});

interface Coverage {
  rules: number;
  supported: boolean;
  pairs: number;
  resolved: number;
  missing: Map<string, number>;
}

test('SigmaHQ rules: share of (logsource, field) pairs that resolve, by logsource', (t) => {
  const dirs = ruleDirs();
  if (dirs.length === 0 || sharedPath(t, 'sigma') === undefined) return;
  const rules = readSigmaRules(dirs);
  const byLogsource = new Map<string, Coverage>();
  for (const rule of rules) {
    const key = describe(rule.logsource);
    const supported = defaultResolver.selects(rule.logsource) !== undefined;
    const entry = byLogsource.get(key) ?? { rules: 0, supported, pairs: 0, resolved: 0, missing: new Map<string, number>() };
    entry.rules++;
    for (const name of rule.fields) {
      entry.pairs++;
      if (defaultResolver.field(name, rule.logsource) !== undefined) entry.resolved++;
      else entry.missing.set(name, (entry.missing.get(name) ?? 0) + 1);
    }
    byLogsource.set(key, entry);
  }
  let pairs = 0;
  let resolved = 0;
  let supportedRules = 0;
  const rows = [...byLogsource.entries()].sort((a, b) => b[1].rules - a[1].rules);
  for (const [key, e] of rows) {
    pairs += e.pairs;
    resolved += e.resolved;
    if (e.supported) supportedRules += e.rules;
    const missing = [...e.missing.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, c]) => `${n}×${c}`).join(' ');
    t.diagnostic(`${key}: ${e.rules} rules, ${e.supported ? 'selectable' : 'UNSUPPORTED'}, fields ${e.resolved}/${e.pairs} (${percent(e.resolved, e.pairs).toFixed(0)} %)${missing === '' ? '' : ` missing: ${missing}`}`);
  }
  const selectable = rows.filter(([, e]) => e.supported).map(([, e]) => e);
  const selectableResolved = selectable.reduce((sum, e) => sum + e.resolved, 0);
  const selectablePairs = selectable.reduce((sum, e) => sum + e.pairs, 0);
  t.diagnostic(
    `${rules.length} rules; ${supportedRules} with a selectable logsource; (logsource, field) pairs resolved: ` +
      `all ${resolved}/${pairs} (${percent(resolved, pairs).toFixed(1)} %), ` +
      `selectable logsources ${selectableResolved}/${selectablePairs} (${percent(selectableResolved, selectablePairs).toFixed(1)} %)`,
  );
  assert.ok(rules.length >= 3000, `${rules.length} rules read`);
  assert.ok(supportedRules > rules.length / 2, `${supportedRules} rules with a selectable logsource`);
});
