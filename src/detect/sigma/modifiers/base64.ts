import { plainString } from '../values.ts';
import { asLiteral, eachValue, isFailure, type Modifier } from './types.ts';
import { bytesOf } from './encoding.ts';

/** `base64`: the value Base64-encoded (no wildcards allowed). */
export const base64: Modifier = {
  apply: (values) =>
    eachValue(values, (value) => {
      const literal = asLiteral(value, 'base64');
      if (isFailure(literal)) return literal;
      return { ...plainString(bytesOf(literal.text, literal.source.bytes).toString('base64')), cased: literal.source.cased };
    }),
};
