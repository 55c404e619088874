import type { Modifier } from './types.ts';

/** `all`: the entry's values are linked with AND instead of OR. */
export const all: Modifier = {
  apply(values, ctx) {
    ctx.flags.all = true;
    return [...values];
  },
};
