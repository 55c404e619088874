import type { VigilEvent } from '../../../schema/event.ts';
import type { FieldGetter, FieldValue } from '../../types.ts';
import type { TimePart } from '../modifiers/index.ts';
import { needAll, needAny, type Matcher, type Need, type ValueNeed } from '../prefilter/need.ts';
import { epochMs, timePart } from './time.ts';
import type { Scalar, ValueTest } from './value.ts';

/** A compiled test over one event. */
export type Test = (event: VigilEvent) => boolean;

/**
 * The last text lower-cased for one field name, shared by every rule of a load: the many entries that read
 * the same field of the same event (CommandLine, Image…) lower-case it once instead of once each. Likewise
 * the last list of values (keyword texts), recognised by identity: getters that build a list once per event
 * return the same array to every rule, and events never change after normalisation.
 */
export interface LowerMemo {
  raw: string;
  lower: string;
  list: readonly Scalar[] | undefined;
  lowered: readonly string[];
}

export function newLowerMemo(): LowerMemo {
  return { raw: '', lower: '', list: undefined, lowered: [] };
}

export function lowerOf(text: string, memo: LowerMemo): string {
  if (memo.raw === text) return memo.lower;
  const lower = text.toLowerCase();
  memo.raw = text;
  memo.lower = lower;
  return lower;
}

/** Each value as text, lower-cased (what lowerOf gives for each). */
export function lowerAll(values: readonly Scalar[], memo: LowerMemo): readonly string[] {
  if (memo.list === values) return memo.lowered;
  const lowered = values.map((v) => (typeof v === 'string' ? v : String(v)).toLowerCase());
  memo.list = values;
  memo.lowered = lowered;
  return lowered;
}

export interface EntrySpec {
  getter: FieldGetter;
  memo: LowerMemo;
  tests: readonly ValueTest[];
  /** Values linked with AND (`all`) rather than OR. */
  all: boolean;
  /** The field must be present and not match (`neq`). */
  neq: boolean;
}

/**
 * One `field|modifiers: values` entry. The field is read once; its text is lower-cased once (only if a
 * case-insensitive test needs it); an array matches when its elements do (each value may be met by a
 * different element); absent or null takes the precomputed absent result.
 */
export function entryTest(spec: EntrySpec): Matcher {
  // The value tests kept by the check drop their needs: thousands of rules, memory held for nothing.
  const checks = spec.tests.map(({ lower, text, onAbsent, test }) => ({ lower, text, onAbsent, test }));
  return { test: entryCheck(spec, checks), need: entryNeed(spec) };
}

type ValueCheck = Omit<ValueTest, 'need'>;

/** The value tests of an entry on one value (`only`: one of them), OR-linked or AND-linked (`all`). */
function check(tests: readonly ValueCheck[], all: boolean, raw: Scalar, text: string, lower: string, event: VigilEvent, only?: ValueCheck): boolean {
  if (only !== undefined) return only.test(raw, text, lower, event);
  if (all) {
    for (const t of tests) if (!t.test(raw, text, lower, event)) return false;
    return true;
  }
  for (const t of tests) if (t.test(raw, text, lower, event)) return true;
  return false;
}

/** An entry holds only on a present value meeting one of its values' needs (all of them under `all`). */
function entryNeed({ getter, memo, tests, all, neq }: EntrySpec): Need {
  const absent = neq ? false : all ? tests.every((t) => t.onAbsent) : tests.some((t) => t.onAbsent);
  if (neq || absent) return undefined;
  const needs: ValueNeed[] = tests.map((t) => t.need);
  const need = all ? needAll(needs) : needAny(needs);
  const source = { getter, memo };
  return need?.map((value) => ({ source, value }));
}

function entryCheck(spec: EntrySpec, tests: readonly ValueCheck[]): Test {
  const { getter, all, neq, memo } = spec;
  const needLower = tests.some((t) => t.lower);
  const needText = needLower || tests.some((t) => t.text);
  const absent = neq ? false : all ? tests.every((t) => t.onAbsent) : tests.some((t) => t.onAbsent);
  const scalar = (raw: Scalar, event: VigilEvent, only?: ValueCheck): boolean => {
    const text = !needText ? '' : typeof raw === 'string' ? raw : String(raw);
    return check(tests, all, raw, text, needLower ? lowerOf(text, memo) : text, event, only);
  };
  const someElement = (values: readonly Scalar[], event: VigilEvent, only?: ValueCheck): boolean => {
    if (!needLower) {
      for (const v of values) if (scalar(v, event, only)) return true;
      return false;
    }
    const lowered = lowerAll(values, memo);
    for (let i = 0; i < values.length; i++) {
      const raw = values[i]!;
      if (check(tests, all, raw, typeof raw === 'string' ? raw : String(raw), lowered[i]!, event, only)) return true;
    }
    return false;
  };
  const array = (values: readonly Scalar[], event: VigilEvent): boolean => {
    if (!all) return someElement(values, event);
    for (const t of tests) if (!someElement(values, event, t)) return false;
    return true;
  };
  return (event) => {
    const value: FieldValue = getter(event);
    if (value === undefined || value === null) return absent;
    if (typeof value === 'object') {
      if (value.length === 0) return absent;
      return neq ? !array(value, event) : array(value, event);
    }
    return neq ? !scalar(value, event) : scalar(value, event);
  };
}

/** `field|exists: true|false`: present (even empty or null) or not. */
export function existsTest(getter: FieldGetter, want: boolean): Matcher {
  return { test: (event) => (getter(event) !== undefined) === want, need: undefined };
}

/** The getter of a time modifier: the part of the field's time, or undefined when the value is not a time. */
export function timePartGetter(getter: FieldGetter, part: TimePart): FieldGetter {
  const one = (value: Scalar): number | undefined => {
    const ms = epochMs(value);
    return ms === undefined ? undefined : timePart(ms, part);
  };
  return (event) => {
    const value = getter(event);
    if (value === undefined || value === null) return value;
    if (typeof value !== 'object') return one(value);
    const parts = value.map(one).filter((n): n is number => n !== undefined);
    return parts;
  };
}
