import type { VigilEvent } from '../../../schema/event.ts';
import { needAny, type ValueNeed } from '../prefilter/need.ts';
import { regexNeed } from '../prefilter/regex-need.ts';
import type { FieldGetter, FieldValue } from '../../types.ts';
import type { CompareValue, FieldRefValue, NumberValue, RuleValue } from '../values.ts';
import { inNetwork, parseCidr } from './ip.ts';
import { compileRegex } from './regex.ts';
import { compilePattern } from './text.ts';

/** One event value as the tests see it: the raw scalar, its text, and (when some test asked) the text lower-cased. */
export type Scalar = string | number | boolean;

export interface ValueTest {
  /** Whether `test` needs the lower-cased text. */
  readonly lower: boolean;
  /** Whether `test` needs the value as text (number tests read the raw value: no String() per event). */
  readonly text: boolean;
  /** The result when the field is absent or null (true only for a `null` value). */
  readonly onAbsent: boolean;
  readonly test: (raw: Scalar, text: string, lower: string, event: VigilEvent) => boolean;
  /** What a present value must be for `test` to pass (see prefilter/need.ts). */
  readonly need: ValueNeed;
}

export type ValueCompile = ValueTest | { reason: string; status: 'unsupported' | 'invalid' } | { unmapped: string };

/** Compiles one value; `field` looks up the getter of a referenced field (fieldref). */
export function compileValue(value: RuleValue, field: (name: string) => FieldGetter | undefined): ValueCompile {
  switch (value.kind) {
    case 'string': {
      const pattern = compilePattern(value);
      const test = pattern.test;
      const need = pattern.need === undefined ? undefined : [pattern.need];
      return pattern.lower
        ? { lower: true, text: true, onAbsent: false, test: (_r, _t, lower) => test(lower), need }
        : { lower: false, text: true, onAbsent: false, test: (_r, text) => test(text), need };
    }
    case 'number':
      return numberTest(value);
    case 'boolean': {
      const want = String(value.value);
      const need = [{ kind: 'text', lower: true, anchor: 'equals', literal: want }] as const;
      return { lower: true, text: true, onAbsent: false, test: (raw, _t, lower) => (typeof raw === 'boolean' ? raw === value.value : typeof raw === 'string' && lower === want), need };
    }
    case 'null':
      return { lower: false, text: false, onAbsent: true, test: () => false, need: [] };
    case 'regex': {
      const compiled = compileRegex(value.source, value.flags);
      if ('reason' in compiled) return { status: 'unsupported', reason: compiled.reason };
      const regex = compiled.regex;
      return { lower: false, text: true, onAbsent: false, test: (_r, text) => regex.test(text), need: regexNeed(regex) };
    }
    case 'cidr': {
      const network = parseCidr(value.text);
      if (network === undefined) return { status: 'invalid', reason: `cidr: ${value.text} is not a network` };
      return { lower: false, text: true, onAbsent: false, test: (raw, text) => typeof raw === 'string' && inNetwork(text, network), need: undefined };
    }
    case 'compare':
      return compareTest(value);
    case 'fieldref': {
      const other = field(value.field);
      return other === undefined ? { unmapped: value.field } : fieldRefTest(value, other);
    }
    case 'exists':
      return { status: 'invalid', reason: 'exists must be the only value of its entry' };
    case 'expansion':
      return expansionTest(value.values, field);
  }
}

/** A number in an event string: the whole string must be numeric (an empty string is not 0). */
export function toNumber(text: string): number {
  return text.length > 0 && text.charCodeAt(0) > 32 ? Number(text) : NaN;
}

/** Sigma `EventID: 4625` matches 4625 and "4625" (and "0x1211" matches 4625 written as 0x1211). */
function numberTest(value: NumberValue): ValueTest {
  const n = value.value;
  const text = value.text;
  const need = [{ kind: 'number', value: n, text }] as const;
  return { lower: false, text: false, onAbsent: false, test: (raw) => (typeof raw === 'number' ? raw === n : typeof raw === 'string' && (raw === text || toNumber(raw) === n)), need };
}

function compareTest(value: CompareValue): ValueTest {
  const limit = value.value;
  const holds =
    value.op === 'lt' ? (n: number) => n < limit : value.op === 'lte' ? (n: number) => n <= limit : value.op === 'gt' ? (n: number) => n > limit : (n: number) => n >= limit;
  return { lower: false, text: false, onAbsent: false, test: (raw) => (typeof raw === 'number' ? holds(raw) : typeof raw === 'string' && holds(toNumber(raw))), need: undefined };
}

function fieldRefTest(value: FieldRefValue, other: FieldGetter): ValueTest {
  const cased = value.cased;
  const anchor = value.anchor;
  const compare = (mine: string, theirs: string): boolean =>
    anchor === 'equals' ? mine === theirs : anchor === 'startswith' ? mine.startsWith(theirs) : anchor === 'endswith' ? mine.endsWith(theirs) : mine.includes(theirs);
  const one = (mine: string, theirs: Scalar): boolean => compare(mine, cased ? String(theirs) : String(theirs).toLowerCase());
  return {
    lower: !cased,
    text: true,
    onAbsent: false,
    need: undefined,
    test: (_raw, text, lower, event) => {
      const theirs: FieldValue = other(event);
      const mine = cased ? text : lower;
      if (theirs === undefined || theirs === null) return false;
      if (Array.isArray(theirs)) return theirs.some((t: Scalar) => one(mine, t));
      return one(mine, theirs as Scalar);
    },
  };
}

function expansionTest(values: readonly RuleValue[], field: (name: string) => FieldGetter | undefined): ValueCompile {
  const tests: ValueTest[] = [];
  for (const value of values) {
    const compiled = compileValue(value, field);
    if (!('test' in compiled)) return compiled;
    tests.push(compiled);
  }
  return {
    lower: tests.some((t) => t.lower),
    text: tests.some((t) => t.text),
    onAbsent: tests.some((t) => t.onAbsent),
    need: needAny(tests.map((t) => t.need)),
    test: (raw, text, lower, event) => {
      for (const t of tests) if (t.test(raw, text, lower, event)) return true;
      return false;
    },
  };
}
