import type { RuleRef } from '../../schema/alert.ts';
import { ruleRefOf } from '../rule-ref.ts';
import type { FieldGetter, FieldResolver, RuleProblem, SourcePos } from '../types.ts';
import { contentHash } from '../../util/hash.ts';
import { anyOf, compileCondition, polarities, unresolved, type ConditionOrder, type Folded } from './condition/compile.ts';
import { isConditionError, parseCondition, type Condition } from './condition/parse.ts';
import { newLowerMemo, type LowerMemo } from './match/field.ts';
import { compileIdentifier, type CompileEnv, type CompileOut, type Unmapped } from './detection/compile.ts';
import { parseDetection, type DetectionSection, type Issue } from './detection/parse.ts';
import { readLogsource } from './logsource.ts';
import { logsourceKey, SigmaRule } from './rule.ts';
import type { RuleDocument } from './yaml/documents.ts';
import { entryOf, type YMap } from './yaml/nodes.ts';

export interface RuleContext {
  /** Path shown in problems (file:line). */
  path: string;
  /** Path relative to the rule directory, as alerts carry it. */
  file: string;
  origin: RuleRef['origin'];
  placeholders: ReadonlyMap<string, readonly string[]>;
  /** Lower-case memos by field name, shared by every rule of the load. */
  memos: Map<string, LowerMemo>;
  order: ConditionOrder;
}

/** The rule reference; a document without id or name after the first in its file gets its own fallback id. */
export function refOf(plain: Record<string, unknown>, doc: RuleDocument, ctx: RuleContext): RuleRef {
  const ref = ruleRefOf(plain, ctx.origin, ctx.file);
  const named = (typeof plain.id === 'string' && plain.id !== '') || (typeof plain.name === 'string' && plain.name !== '');
  return named || doc.index === 0 ? ref : { ...ref, id: `file-${contentHash([ctx.file, String(doc.index)], 16)}` };
}

/** Compiles one detection rule document, or says why it cannot (every reason found, the first one's line). */
export function compileDetectionRule(doc: RuleDocument, plain: Record<string, unknown>, resolver: FieldResolver, ctx: RuleContext): SigmaRule | RuleProblem {
  const ref = refOf(plain, doc, ctx);
  const issues: Issue[] = [];
  const source = readLogsource(doc.map, issues);
  const section = readDetection(doc.map, issues);
  const conditions = section === undefined ? [] : parseConditions(section, issues);
  if (issues.some((i) => i.status === 'invalid') || section === undefined || source === undefined) return problemOf(issues, ref, ctx.path);
  const selects = resolver.selects(source.logsource);
  // No format of ours produces this logsource: the rule is still compiled (its fields read as absent), so
  // that it is checked, and reported idle rather than unsupported when nothing else is wrong with it.
  const idle = selects === undefined;
  const resolve = (name: string): FieldGetter | undefined => (idle ? (resolver.field(name, source.logsource) ?? ABSENT) : resolver.field(name, source.logsource));
  const fields = new Map<string, FieldGetter | undefined>();
  const env: CompileEnv = {
    resolver,
    placeholders: ctx.placeholders,
    field: (name) => (fields.has(name) ? fields.get(name) : fields.set(name, resolve(name)).get(name)),
    memo: (name) => memoOf(ctx.memos, name),
    order: ctx.order,
  };
  const out: CompileOut = { issues, unmapped: [] };
  const identifiers = new Map<string, Folded>();
  for (const [name, identifier] of section.identifiers) identifiers.set(name, compileIdentifier(identifier, env, out));
  if (issues.length > 0) return problemOf(issues, ref, ctx.path);
  const names = [...section.identifiers.keys()];
  const folded = conditions.map((c) => compileCondition(c, identifiers, names, ctx.order));
  const condition = anyOf(folded);
  const verdict = judgeUnmapped(out.unmapped, conditions, names, condition, section.conditionLine);
  if ('status' in verdict) return problemOf([verdict], ref, ctx.path);
  if (selects === undefined) {
    const reason = `no Vigil format produces logsource ${logsourceKey(source.logsource)}: the rule compiled and waits for such data`;
    const name = typeof plain.name === 'string' && plain.name !== '' ? { name: plain.name } : {};
    return { pos: { file: ctx.path, line: source.line }, status: 'idle', reason, id: ref.id, ...name, title: ref.title };
  }
  const pos: SourcePos = { file: ctx.path, line: doc.line };
  const name = typeof plain.name === 'string' && plain.name !== '' ? plain.name : undefined;
  const test = typeof condition === 'boolean' ? () => condition : condition.test;
  const need = typeof condition === 'boolean' ? (condition ? undefined : []) : condition.need;
  return new SigmaRule(ref, pos, source.logsource, selects, test, name, verdict.notes, need);
}

const ABSENT: FieldGetter = () => undefined;

function memoOf(memos: Map<string, LowerMemo>, name: string): LowerMemo {
  let memo = memos.get(name);
  if (memo === undefined) {
    memo = newLowerMemo();
    memos.set(name, memo);
  }
  return memo;
}

function readDetection(map: YMap, issues: Issue[]): DetectionSection | undefined {
  const entry = entryOf(map, 'detection');
  if (entry === undefined) {
    issues.push({ line: map.line, status: 'invalid', reason: 'the rule has no detection' });
    return undefined;
  }
  if (entry.value.kind !== 'map') {
    issues.push({ line: entry.line, status: 'invalid', reason: 'detection must be a mapping of search identifiers and a condition' });
    return undefined;
  }
  return parseDetection(entry.value, issues);
}

function parseConditions(section: DetectionSection, issues: Issue[]): Condition[] {
  const out: Condition[] = [];
  const names = [...section.identifiers.keys()];
  for (const { text, line } of section.conditions) {
    const parsed = parseCondition(text);
    if (isConditionError(parsed)) {
      issues.push({ line, ...parsed });
      continue;
    }
    for (const reason of unresolved(parsed, names)) issues.push({ line, status: 'invalid', reason: `condition: ${reason}` });
    out.push(parsed);
  }
  return out;
}

/**
 * The unmapped-field policy. An entry on a field the resolver cannot map is never true (we cannot confirm
 * it). Where it sits decides the effect: under `not` (a filter) the filter can no longer exclude, so the rule
 * may over-match; elsewhere the branch can no longer match, so some detections are missed. The rule loads,
 * with a note saying so, as long as its condition can still both match and not match; if the unmapped fields
 * leave a constant (the rule could never fire, or would fire on every event), the rule is unsupported.
 */
function judgeUnmapped(unmapped: readonly Unmapped[], conditions: readonly Condition[], names: readonly string[], condition: Folded, conditionLine: number): { notes: string[] } | Issue {
  const signs = new Map<string, Set<boolean>>();
  for (const c of conditions) polarities(c, names, false, signs);
  const relevant = unmapped.filter((u) => signs.has(u.identifier));
  if (typeof condition === 'boolean') {
    if (relevant.length === 0) return condition ? { notes: [] } : { line: conditionLine, status: 'invalid', reason: 'the condition can never be true' };
    const fields = [...new Set(relevant.map((u) => `${u.field} (line ${u.line})`))].join(', ');
    const effect = condition ? 'would match every event of its logsource' : 'could never match';
    return { line: relevant[0]!.line, status: 'unsupported', reason: `unmapped field(s) ${fields}: without them the rule ${effect}` };
  }
  const notes = relevant.map((u) => {
    const negatedOnly = signs.get(u.identifier)?.has(false) === false;
    const effect = negatedOnly ? 'this filter can no longer exclude events (more alerts)' : 'detections relying on it are missed';
    return `unmapped field ${u.field} (line ${u.line}) in '${u.identifier}' never matches: ${effect}`;
  });
  return { notes: [...new Set(notes)] };
}

/** One problem for all the issues of a rule: invalid wins over unsupported; the first issue gives the line. */
export function problemOf(issues: readonly Issue[], ref: RuleRef, path: string): RuleProblem {
  const invalid = issues.filter((i) => i.status === 'invalid');
  const chosen = invalid.length > 0 ? invalid : issues;
  const first = chosen[0];
  const reason = chosen.map((i, n) => (n === 0 ? i.reason : `${i.reason} (line ${i.line})`)).join('; ');
  return { pos: { file: path, line: first?.line ?? 1 }, status: first?.status ?? 'invalid', reason: reason === '' ? 'the rule cannot be compiled' : reason, id: ref.id, title: ref.title };
}
