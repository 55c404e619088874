import { asString, eachValue, invalid, isFailure, type Modifier } from './types.ts';

/** `cased`: compare case-sensitively. */
export const cased: Modifier = {
  apply: (values) =>
    eachValue(values, (value) => {
      if (value.kind === 'fieldref') return { ...value, cased: true };
      if (value.kind === 'regex') return invalid('cased does not apply to regular expressions (they are case-sensitive unless |i)');
      const str = asString(value, 'cased');
      return isFailure(str) ? str : { ...str, cased: true };
    }),
};
