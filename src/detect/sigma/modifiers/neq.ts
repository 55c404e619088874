import type { Modifier } from './types.ts';

/**
 * `neq`: the field is present and differs from the values. A list under `neq` means "none of these"
 * (the OR-linked reading, "differs from a or from b", would hold for every value). An absent field does not
 * match: there is nothing to differ.
 */
export const neq: Modifier = {
  apply(values, ctx) {
    ctx.flags.neq = true;
    return [...values];
  },
};
