import { parseSigmaString, plainString, type RuleValue, type StringValue } from '../values.ts';

/** The parts of a value's time a time modifier extracts (UTC). */
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** What modifiers set for the whole entry rather than for each value. */
export interface EntryFlags {
  /** Values linked with AND instead of OR. */
  all: boolean;
  /** The entry holds when the field differs from the values. */
  neq: boolean;
  /** Compare this part of the field's time instead of the field. */
  timePart: TimePart | undefined;
}

export interface ModifierContext {
  /** The field name; undefined for a keyword (field-less) entry. */
  readonly field: string | undefined;
  /** Modifier ids applied before this one, in order. */
  readonly before: readonly string[];
  /** Values for `expand` placeholders (`%name%` → Sigma strings). */
  readonly placeholders: ReadonlyMap<string, readonly string[]>;
  readonly flags: EntryFlags;
}

export interface ModifierFailure {
  status: 'invalid' | 'unsupported';
  reason: string;
}

export type ModifierResult = RuleValue[] | ModifierFailure;

/** One Sigma value modifier: transforms the entry's values (or its flags). */
export interface Modifier {
  apply(values: readonly RuleValue[], ctx: ModifierContext): ModifierResult;
}

export function isFailure(result: unknown): result is ModifierFailure {
  return typeof result === 'object' && result !== null && 'status' in result && 'reason' in result;
}

export function invalid(reason: string): ModifierFailure {
  return { status: 'invalid', reason };
}

/** Applies `fn` to every value, inside expansions too; the first failure wins. */
export function eachValue(values: readonly RuleValue[], fn: (value: RuleValue) => RuleValue | ModifierFailure): ModifierResult {
  const out: RuleValue[] = [];
  for (const value of values) {
    if (value.kind === 'expansion') {
      const inner = eachValue(value.values, fn);
      if (isFailure(inner)) return inner;
      out.push({ kind: 'expansion', values: inner.flatMap((v) => (v.kind === 'expansion' ? v.values : [v])) });
      continue;
    }
    const result = fn(value);
    if (isFailure(result)) return result;
    out.push(result);
  }
  return out;
}

/** A value as a Sigma string: numbers and booleans as written; other kinds are an error for `modifier`. */
export function asString(value: RuleValue, modifier: string): StringValue | ModifierFailure {
  if (value.kind === 'string') return value;
  if (value.kind === 'number') return parseSigmaString(value.text);
  if (value.kind === 'boolean') return plainString(String(value.value));
  return invalid(`${modifier} applies to strings, not to ${value.kind === 'null' ? 'null' : `a ${value.kind} value`}`);
}

/** A string without wildcards, as its literal text (encodings and field references need one). */
export function asLiteral(value: RuleValue, modifier: string): { text: string; source: StringValue } | ModifierFailure {
  const str = asString(value, modifier);
  if (isFailure(str)) return str;
  if (str.parts.some((p) => typeof p !== 'string')) return invalid(`${modifier} cannot be applied to a value with wildcards`);
  return { text: str.parts.join(''), source: str };
}

/** A value as a number (numeric strings accepted), for comparisons and time parts. */
export function asNumber(value: RuleValue, modifier: string): number | ModifierFailure {
  if (value.kind === 'number') return value.value;
  if (value.kind === 'string' && value.raw !== undefined && value.raw.trim() !== '') {
    const n = Number(value.raw);
    if (Number.isFinite(n)) return n;
  }
  return invalid(`${modifier} needs a number`);
}

/** Modifiers that must come first (they give the value its type). */
export function mustBeFirst(id: string, ctx: ModifierContext): ModifierFailure | undefined {
  const before = ctx.before.filter((m) => m !== 'all' && m !== 'neq');
  return before.length === 0 ? undefined : invalid(`${id} must be the first modifier (found after ${before.join('|')})`);
}
