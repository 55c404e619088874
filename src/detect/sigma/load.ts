import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { RuleRef } from '../../schema/alert.ts';
import { compileCorrelation, createCorrelator } from '../correlate/index.ts';
import type { CompiledCorrelation, CompiledRule, FieldResolver, RuleProblem, RuleSetLoad } from '../types.ts';
import type { ConditionOrder } from './condition/compile.ts';
import type { LowerMemo } from './match/field.ts';
import { compileDetectionRule, problemOf, refOf, type RuleContext } from './compile-rule.ts';
import { parseRuleFile } from './yaml/documents.ts';
import { entryOf, toPlain } from './yaml/nodes.ts';

export interface LoadOptions {
  /** Values of `expand` placeholders: `{ Workstations: ['ws-*', 'lab-*'] }` (names without the `%`). */
  placeholders?: Readonly<Record<string, readonly string[]>>;
  /** How ANDs evaluate their parts (default `selective`); `written` only serves to test that it changes nothing. */
  conditionOrder?: ConditionOrder;
}

export interface RuleSource {
  /** Path shown in problems. */
  path: string;
  /** Path relative to its rule directory. */
  file: string;
  origin: RuleRef['origin'];
}

/** One load in progress: what it collected, and what its rules share (placeholder values, lower-case memos). */
export interface LoadSession {
  load: RuleSetLoad;
  resolver: FieldResolver;
  placeholders: ReadonlyMap<string, readonly string[]>;
  memos: Map<string, LowerMemo>;
  order: ConditionOrder;
}

export function startLoad(resolver: FieldResolver, options: LoadOptions): LoadSession {
  const placeholders = new Map(Object.entries(options.placeholders ?? {}));
  return { load: { rules: [], correlations: [], problems: [], total: 0 }, resolver, placeholders, memos: new Map(), order: options.conditionOrder ?? 'selective' };
}

/** Loads every rule document of one file's text (collect-all: problems never stop the load). */
export function loadRuleText(text: string, source: RuleSource, session: LoadSession): void {
  const { load: into, resolver } = session;
  const parsed = parseRuleFile(text);
  const ctx: RuleContext = { ...source, placeholders: session.placeholders, memos: session.memos, order: session.order };
  for (const p of parsed.problems) into.problems.push({ pos: { file: source.path, line: p.line }, status: p.status, reason: p.reason });
  into.total += parsed.problems.length + parsed.documents.length;
  for (const doc of parsed.documents) {
    const plain = toPlain(doc.map) as Record<string, unknown>;
    const pos = { file: source.path, line: doc.line };
    if (entryOf(doc.map, 'correlation') !== undefined) {
      const result = compileCorrelation(plain, { pos, origin: source.origin, file: source.file });
      if ('status' in result) into.problems.push({ id: refOf(plain, doc, ctx).id, title: refOf(plain, doc, ctx).title, ...result });
      else into.correlations.push(result);
    } else if (entryOf(doc.map, 'detection') === undefined && entryOf(doc.map, 'filter') !== undefined) {
      into.problems.push(problemOf([{ line: doc.line, status: 'unsupported', reason: 'Sigma filter documents (meta filters) are not supported' }], refOf(plain, doc, ctx), source.path));
    } else {
      const result = compileDetectionRule(doc, plain, resolver, ctx);
      if ('status' in result) into.problems.push(result);
      else into.rules.push(result);
    }
  }
}

/** Reads a file into the load; an unreadable file is one invalid problem. */
export function loadRuleFile(source: RuleSource, session: LoadSession): void {
  const into = session.load;
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8');
  } catch (error) {
    into.total += 1;
    into.problems.push({ pos: { file: source.path, line: 1 }, status: 'invalid', reason: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    return;
  }
  loadRuleText(text, source, session);
}

/** Every `*.yml` / `*.yaml` under a path (recursive, sorted by code unit, `*.cases.yml` excluded); a file path is itself. */
export function ruleFiles(path: string): { path: string; file: string }[] {
  const stat = statSync(path);
  if (!stat.isDirectory()) return [{ path, file: basename(path) }];
  const out: string[] = [];
  walk(path, new Set([realpathSync(path)]), out);
  return out.map((p) => ({ path: p, file: relative(path, p) }));
}

function walk(dir: string, seen: Set<string>, out: string[]): void {
  const names = readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      const real = realpathSync(path);
      if (seen.has(real)) continue;
      seen.add(real);
      walk(path, seen, out);
    } else if (isRuleFile(name)) out.push(path);
  }
}

export function isRuleFile(name: string): boolean {
  const lower = name.toLowerCase();
  return (lower.endsWith('.yml') || lower.endsWith('.yaml')) && !lower.endsWith('.cases.yml') && !lower.endsWith('.cases.yaml');
}

/**
 * Whole-set checks once every file is in: a rule id used twice makes the later document invalid (alert ids
 * and correlation references would be ambiguous); correlation references are resolved by the correlator,
 * whose problems replace the correlations they concern.
 */
export function finishLoad(session: LoadSession): RuleSetLoad {
  const { load, resolver } = session;
  const first = new Map<string, string>();
  const unique = <T extends CompiledRule | CompiledCorrelation>(items: T[]): T[] =>
    items.filter((item) => {
      const where = first.get(item.ref.id);
      if (where === undefined) {
        first.set(item.ref.id, `${item.pos.file}:${item.pos.line}`);
        return true;
      }
      load.problems.push({ pos: item.pos, status: 'invalid', reason: `duplicate rule id ${item.ref.id} (first at ${where})`, id: item.ref.id, title: item.ref.title });
      return false;
    });
  const rules = unique(load.rules);
  const [correlations, idle] = splitIdle(unique(load.correlations), load.problems);
  const { problems } = createCorrelator(correlations, rules, resolver);
  const failed = new Set(problems.map((p) => `${p.pos.file}:${p.pos.line}`));
  return {
    rules,
    correlations: correlations.filter((c) => !failed.has(`${c.pos.file}:${c.pos.line}`)),
    problems: [...load.problems, ...idle, ...problems],
    total: load.total,
  };
}

/**
 * Correlations whose every reference names an idle rule (or an idle correlation) are idle themselves: they
 * compiled, and wait for data of a logsource no Vigil format produces.
 */
function splitIdle(correlations: readonly CompiledCorrelation[], problems: readonly RuleProblem[]): [CompiledCorrelation[], RuleProblem[]] {
  const idleKeys = new Set<string>();
  for (const p of problems) {
    if (p.status !== 'idle') continue;
    if (p.id !== undefined) idleKeys.add(p.id);
    if (p.name !== undefined) idleKeys.add(p.name);
  }
  const active: CompiledCorrelation[] = [];
  const idle: RuleProblem[] = [];
  let changed = true;
  let pending = [...correlations];
  while (changed) {
    changed = false;
    const next: CompiledCorrelation[] = [];
    for (const c of pending) {
      if (c.ruleRefs.length > 0 && c.ruleRefs.every((key) => idleKeys.has(key))) {
        idle.push({ pos: c.pos, status: 'idle', reason: 'every rule it correlates is idle (no Vigil format produces their logsource)', id: c.ref.id, ...(c.name === undefined ? {} : { name: c.name }), title: c.ref.title });
        idleKeys.add(c.ref.id);
        if (c.name !== undefined) idleKeys.add(c.name);
        changed = true;
      } else next.push(c);
    }
    pending = next;
  }
  active.push(...pending);
  return [active, idle];
}
