import { eachValue, invalid, mustBeFirst, type Modifier } from './types.ts';

/** `exists: true|false`: whether the field is present in the event (whatever its value, even empty or null). */
export const exists: Modifier = {
  apply(values, ctx) {
    if (ctx.field === undefined) return invalid('exists needs a field name');
    const order = mustBeFirst('exists', ctx);
    if (order !== undefined) return order;
    if (values.length !== 1) return invalid('exists takes exactly one value, true or false');
    return eachValue(values, (value) => {
      if (value.kind === 'boolean') return { kind: 'exists', value: value.value };
      if (value.kind === 'string' && (value.raw === 'true' || value.raw === 'false')) return { kind: 'exists', value: value.raw === 'true' };
      return invalid('exists takes true or false');
    });
  },
};
