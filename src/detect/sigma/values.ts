/**
 * The typed values of a detection entry while its modifiers are applied (pySigma's model, simplified).
 * A Sigma string is a list of literal text and wildcards; everything else says how the event value is
 * compared. Values are built at load time only.
 */

export const STAR: unique symbol = Symbol('*');
export const ONE: unique symbol = Symbol('?');
export type Wildcard = typeof STAR | typeof ONE;
export type StringPart = string | Wildcard;

export interface StringValue {
  kind: 'string';
  parts: StringPart[];
  /** `cased`: compare case-sensitively (Sigma's default is case-insensitive). */
  cased: boolean;
  /** Produced by an encoding modifier: each character is one byte (0–255). */
  bytes: boolean;
  /** The text as written in the rule, until a modifier transforms it (`re` reads it, not the parsed wildcards). */
  raw?: string;
}

export interface NumberValue {
  kind: 'number';
  value: number;
  /** The number as written in the rule (`0x17`, `4625`). */
  text: string;
}

export interface BooleanValue {
  kind: 'boolean';
  value: boolean;
}

export interface NullValue {
  kind: 'null';
}

export interface RegexValue {
  kind: 'regex';
  source: string;
  flags: string;
}

export interface CidrValue {
  kind: 'cidr';
  text: string;
}

export type CompareOp = 'lt' | 'lte' | 'gt' | 'gte';

export interface CompareValue {
  kind: 'compare';
  op: CompareOp;
  value: number;
}

export interface ExistsValue {
  kind: 'exists';
  value: boolean;
}

export type Anchor = 'equals' | 'startswith' | 'endswith' | 'contains';

export interface FieldRefValue {
  kind: 'fieldref';
  field: string;
  anchor: Anchor;
  cased: boolean;
}

/** Alternatives produced from one value (windash, base64offset, placeholders): always OR-linked, even under `all`. */
export interface ExpansionValue {
  kind: 'expansion';
  values: RuleValue[];
}

export type RuleValue =
  | StringValue
  | NumberValue
  | BooleanValue
  | NullValue
  | RegexValue
  | CidrValue
  | CompareValue
  | ExistsValue
  | FieldRefValue
  | ExpansionValue;

/** Parses Sigma wildcards: `*`, `?`; `\*`, `\?` and `\\` are escapes; any other backslash is literal. */
export function parseSigmaString(text: string): StringValue {
  const parts: StringPart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        literal += next;
        i++;
      } else literal += c;
    } else if (c === '*' || c === '?') {
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push(c === '*' ? STAR : ONE);
    } else literal += c;
  }
  if (literal !== '') parts.push(literal);
  return { kind: 'string', parts, cased: false, bytes: false, raw: text };
}

export function plainString(text: string, from?: StringValue): StringValue {
  return { kind: 'string', parts: text === '' ? [] : [text], cased: from?.cased ?? false, bytes: from?.bytes ?? false };
}

export function hasWildcards(value: StringValue): boolean {
  return value.parts.some((p) => typeof p !== 'string');
}

/** The literal text of a string without wildcards. */
export function literalText(value: StringValue): string {
  return value.parts.filter((p): p is string => typeof p === 'string').join('');
}

/** Adjacent literals merged, runs of `*` collapsed. */
export function normaliseParts(parts: readonly StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (typeof part === 'string') {
      if (part === '') continue;
      if (typeof last === 'string') out[out.length - 1] = last + part;
      else out.push(part);
    } else if (!(part === STAR && last === STAR)) out.push(part);
  }
  return out;
}

export function describeValue(value: RuleValue): string {
  switch (value.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'null':
      return 'null';
    case 'expansion':
      return 'an expanded value';
    default:
      return `a ${value.kind} value`;
  }
}
