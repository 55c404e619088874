import type { FieldGetter, FieldResolver } from '../../types.ts';
import { allOf, anyOf, type ConditionOrder, type Folded } from '../condition/compile.ts';
import { entryTest, existsTest, timePartGetter, type LowerMemo } from '../match/field.ts';
import { compileValue, type ValueTest } from '../match/value.ts';
import { MODIFIERS, type EntryFlags } from '../modifiers/index.ts';
import { isFailure } from '../modifiers/types.ts';
import { parseSigmaString, type RuleValue } from '../values.ts';
import type { YScalar } from '../yaml/nodes.ts';
import type { DetectionItem, EntryItem, Identifier, Issue } from './parse.ts';

/** What compiling the identifiers needs: field getters (looked up once per name) and placeholder values. */
export interface CompileEnv {
  resolver: FieldResolver;
  placeholders: ReadonlyMap<string, readonly string[]>;
  field(name: string): FieldGetter | undefined;
  /** The lower-case memo of a field name (keywords: ''), shared by the whole load. */
  memo(name: string): LowerMemo;
  order: ConditionOrder;
}

/** A field the resolver could not map, where it occurs. */
export interface Unmapped {
  field: string;
  line: number;
  identifier: string;
}

export interface CompileOut {
  issues: Issue[];
  unmapped: Unmapped[];
}

/** Modifiers that decide how a keyword value is matched; without one a keyword matches anywhere (`contains`). */
const KEYWORD_MATCH_TYPES = new Set(['contains', 'startswith', 'endswith', 're', 'cidr', 'lt', 'lte', 'gt', 'gte', 'exists', 'fieldref', 'minute', 'hour', 'day', 'week', 'month', 'year']);

const eventTime: FieldGetter = (event) => event['@timestamp'];

export function compileIdentifier(identifier: Identifier, env: CompileEnv, out: CompileOut): Folded {
  return compileItem(identifier.item, identifier.name, env, out);
}

function compileItem(item: DetectionItem, identifier: string, env: CompileEnv, out: CompileOut): Folded {
  if (item.kind === 'entry') return compileEntry(item, identifier, env, out);
  const parts = item.items.map((i) => compileItem(i, identifier, env, out));
  return item.kind === 'and' ? allOf(parts, env.order) : anyOf(parts);
}

/**
 * One entry. An entry on a field the resolver cannot map compiles to `false` (it cannot be confirmed) and is
 * recorded; the rule compiler decides from where it sits whether the rule can still run.
 */
function compileEntry(entry: EntryItem, identifier: string, env: CompileEnv, out: CompileOut): Folded {
  const issue = (status: Issue['status'], reason: string): false => {
    out.issues.push({ line: entry.line, status, reason: `${entry.field ?? 'keywords'}: ${reason}` });
    return false;
  };
  const flags: EntryFlags = { all: false, neq: false, timePart: undefined };
  const modifiers = [...entry.modifiers];
  if (entry.field === undefined && !modifiers.some((m) => KEYWORD_MATCH_TYPES.has(m))) modifiers.push('contains');
  let values: RuleValue[] = entry.values.map(initialValue);
  for (let i = 0; i < modifiers.length; i++) {
    const id = modifiers[i]!;
    const modifier = MODIFIERS.get(id);
    if (modifier === undefined) return issue('unsupported', `unknown modifier '${id}'`);
    const result = modifier.apply(values, { field: entry.field, before: modifiers.slice(0, i), placeholders: env.placeholders, flags });
    if (isFailure(result)) return issue(result.status, result.reason);
    values = result;
  }
  const getter = getterOf(entry, flags, env);
  if (getter === undefined) {
    out.unmapped.push({ field: entry.field ?? '', line: entry.line, identifier });
    return false;
  }
  const first = values[0];
  if (first?.kind === 'exists') return existsTest(getter, first.value);
  const tests: ValueTest[] = [];
  for (const value of values) {
    const compiled = compileValue(value, (name) => env.field(name));
    if ('unmapped' in compiled) {
      out.unmapped.push({ field: compiled.unmapped, line: entry.line, identifier });
      return false;
    }
    if (!('test' in compiled)) return issue(compiled.status, compiled.reason);
    tests.push(compiled);
  }
  return entryTest({ getter, tests, all: flags.all, neq: flags.neq, memo: env.memo(flags.timePart === undefined ? (entry.field ?? '') : `${entry.field ?? ''}|${flags.timePart}`) });
}

function getterOf(entry: EntryItem, flags: EntryFlags, env: CompileEnv): FieldGetter | undefined {
  const base = entry.field !== undefined ? env.field(entry.field) : flags.timePart !== undefined ? eventTime : env.resolver.keywords;
  if (base === undefined || flags.timePart === undefined) return base;
  return timePartGetter(base, flags.timePart);
}

function initialValue(scalar: YScalar): RuleValue {
  const value = scalar.value;
  if (value === null) return { kind: 'null' };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'number') return { kind: 'number', value, text: scalar.source ?? String(value) };
  return parseSigmaString(value);
}
