import { asLiteral, eachValue, isFailure, mustBeFirst, type Modifier } from './types.ts';

/** `fieldref`: the field equals another field of the same event (the value names that field). */
export const fieldref: Modifier = {
  apply(values, ctx) {
    const order = mustBeFirst('fieldref', ctx);
    if (order !== undefined) return order;
    return eachValue(values, (value) => {
      const literal = asLiteral(value, 'fieldref');
      if (isFailure(literal)) return literal;
      return { kind: 'fieldref', field: literal.text, anchor: 'equals', cased: false };
    });
  },
};
