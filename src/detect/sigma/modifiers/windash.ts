import { normaliseParts, type StringPart, type StringValue } from '../values.ts';
import { asString, eachValue, invalid, isFailure, type Modifier } from './types.ts';

/** The characters Windows accepts as a command-line flag prefix. */
const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
/** A dash after a non-word character (or the start) and before a word character, as pySigma finds them. */
const FLAG_DASH = /(?<![A-Za-z0-9_])[-/\u2013\u2014\u2015](?=[A-Za-z0-9_])/g;
const MAX_VARIANTS = 5 ** 5;

/** `windash`: every flag dash in every spelling: `-`, `/`, en dash, em dash, horizontal bar. */
export const windash: Modifier = {
  apply: (values) =>
    eachValue(values, (value) => {
      const str = asString(value, 'windash');
      if (isFailure(str)) return str;
      const variants = expand(str);
      if (variants.length > MAX_VARIANTS) return invalid(`windash would produce more than ${MAX_VARIANTS} variants`);
      return variants.length === 1 ? variants[0]! : { kind: 'expansion', values: variants };
    }),
};

function expand(str: StringValue): StringValue[] {
  let variants: StringPart[][] = [[]];
  for (const part of str.parts) {
    if (typeof part !== 'string') {
      variants = variants.map((v) => [...v, part]);
      continue;
    }
    for (const piece of splitDashes(part)) {
      const options = piece === null ? DASHES : [piece];
      variants = variants.flatMap((v) => options.map((o) => [...v, o]));
      if (variants.length > MAX_VARIANTS) return variants.map((parts) => ({ ...str, parts }));
    }
  }
  return variants.map((parts) => ({ kind: 'string', parts: normaliseParts(parts), cased: str.cased, bytes: str.bytes }));
}

/** Text pieces with `null` where a flag dash stands. */
function splitDashes(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  let last = 0;
  for (const m of text.matchAll(FLAG_DASH)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(null);
    last = m.index + 1;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
