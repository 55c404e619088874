import { loadRuleText, type LoadOptions } from '../../../src/detect/index.ts';
import type { CompiledRule, FieldResolver, FieldValue, LogSource, RuleSetLoad } from '../../../src/detect/types.ts';
import { testEvent, testResolver } from './resolver.ts';

export const RULE_PATH = 'rules/test.yml';

export function loadYaml(text: string, resolver: FieldResolver = testResolver(), options: LoadOptions = {}): RuleSetLoad {
  return loadRuleText(text, { path: RULE_PATH, file: 'test.yml', origin: 'extra' }, resolver, options);
}

/** A whole rule document around a `detection:` body (given without indentation). */
export function ruleText(detection: string, logsource = 'product: windows', id = 'test-rule'): string {
  const body = detection.trim().split('\n').map((l) => `    ${l}`).join('\n');
  const source = logsource.split('\n').map((l) => `    ${l}`).join('\n');
  return `title: Test rule\nid: ${id}\nlevel: high\nlogsource:\n${source}\ndetection:\n${body}\n`;
}

/** The single compiled rule of a detection body; throws with the problems if it did not load. */
export function compile(detection: string, resolver: FieldResolver = testResolver(), options: LoadOptions = {}): CompiledRule {
  const load = loadYaml(ruleText(detection), resolver, options);
  const rule = load.rules[0];
  if (rule === undefined || load.rules.length !== 1) throw new Error(`rule did not load: ${JSON.stringify(load.problems)}`);
  return rule;
}

/** A predicate over event fields for a detection body. */
export function matcher(detection: string, options: LoadOptions = {}): (fields: Record<string, FieldValue>, extra?: { original?: string; time?: string; logsource?: LogSource }) => boolean {
  const rule = compile(detection, testResolver(), options);
  return (fields, extra = {}) => rule.matches(testEvent(fields, extra));
}

/** The single problem of a text that must not load. */
export function problemOf(text: string, resolver: FieldResolver = testResolver(), options: LoadOptions = {}): RuleSetLoad['problems'][number] {
  const load = loadYaml(text, resolver, options);
  const problem = load.problems[0];
  if (problem === undefined || load.rules.length !== 0) throw new Error(`expected one problem, got ${load.rules.length} rules and ${JSON.stringify(load.problems)}`);
  return problem;
}
