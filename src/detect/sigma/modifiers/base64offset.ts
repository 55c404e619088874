import { plainString, type StringValue } from '../values.ts';
import { asLiteral, eachValue, isFailure, type Modifier } from './types.ts';
import { bytesOf } from './encoding.ts';

const START = [0, 2, 3];
const END = [undefined, -3, -2];

/**
 * `base64offset`: the three Base64 forms of the value as it can appear inside a longer encoded text (shifted
 * by 0, 1 or 2 bytes), without the edge characters that depend on the neighbours. Usually with `contains`.
 */
export const base64offset: Modifier = {
  apply: (values) =>
    eachValue(values, (value) => {
      const literal = asLiteral(value, 'base64offset');
      if (isFailure(literal)) return literal;
      const bytes = bytesOf(literal.text, literal.source.bytes);
      const variants: StringValue[] = [0, 1, 2].map((shift) => {
        const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
        const end = END[(bytes.length + shift) % 3];
        return { ...plainString(encoded.slice(START[shift], end)), cased: literal.source.cased };
      });
      return { kind: 'expansion', values: variants };
    }),
};
