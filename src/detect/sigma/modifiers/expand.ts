import { normaliseParts, parseSigmaString, type RuleValue, type StringPart, type StringValue } from '../values.ts';
import { asString, eachValue, isFailure, type Modifier, type ModifierFailure } from './types.ts';

const MAX_EXPANSION = 10_000;

/**
 * `expand`: `%name%` placeholders take the values configured for them (each a Sigma string, OR-linked);
 * `\%` is a plain percent sign. A placeholder without values makes the rule unsupported: the specification
 * says a tool that cannot fill a placeholder must reject the rule.
 */
export const expand: Modifier = {
  apply: (values, ctx) =>
    eachValue(values, (value): RuleValue | ModifierFailure => {
      const str = asString(value, 'expand');
      if (isFailure(str)) return str;
      let variants: StringPart[][] = [[]];
      for (const part of str.parts) {
        const pieces: Piece[] = typeof part === 'string' ? splitPlaceholders(part) : [part];
        for (const piece of pieces) {
          const options = placeholderOptions(piece, ctx.placeholders);
          if (isFailure(options)) return options;
          variants = variants.flatMap((v) => options.map((o) => [...v, ...o]));
          if (variants.length > MAX_EXPANSION) return { status: 'unsupported', reason: `expand: more than ${MAX_EXPANSION} combinations` };
        }
      }
      const out: StringValue[] = variants.map((parts) => ({ kind: 'string', parts: normaliseParts(parts), cased: str.cased, bytes: str.bytes }));
      return out.length === 1 ? out[0]! : { kind: 'expansion', values: out };
    }),
};

type Piece = StringPart | { placeholder: string };

/** Literal text into text and `{ placeholder }` pieces; `\%` stays a plain `%`. */
function splitPlaceholders(text: string): Piece[] {
  const out: Piece[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '%') {
      literal += '%';
      i++;
      continue;
    }
    const end = c === '%' ? text.indexOf('%', i + 1) : -1;
    if (end > i + 1) {
      if (literal !== '') out.push(literal);
      literal = '';
      out.push({ placeholder: text.slice(i + 1, end) });
      i = end;
    } else literal += c;
  }
  if (literal !== '') out.push(literal);
  return out;
}

function placeholderOptions(piece: Piece, table: ReadonlyMap<string, readonly string[]>): StringPart[][] | ModifierFailure {
  if (typeof piece !== 'object') return [[piece]];
  const values = table.get(piece.placeholder);
  if (values === undefined || values.length === 0) {
    return { status: 'unsupported', reason: `placeholder %${piece.placeholder}% has no configured values` };
  }
  return values.map((v) => parseSigmaString(v).parts);
}
