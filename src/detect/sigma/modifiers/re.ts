import { eachValue, invalid, mustBeFirst, type Modifier } from './types.ts';

/** `re`: the value is a regular expression (PCRE subset), case-sensitive unless `|i`; it matches anywhere. */
export const re: Modifier = {
  apply(values, ctx) {
    const order = mustBeFirst('re', ctx);
    if (order !== undefined) return order;
    return eachValue(values, (value) => {
      if (value.kind === 'string' && value.raw !== undefined) return { kind: 'regex', source: value.raw, flags: '' };
      if (value.kind === 'number') return { kind: 'regex', source: value.text, flags: '' };
      return invalid('re needs a string');
    });
  },
};
