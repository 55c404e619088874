import type { CompareOp } from '../values.ts';
import { asNumber, eachValue, isFailure, type Modifier } from './types.ts';

/** Shared by lt / lte / gt / gte: a numeric comparison (numeric event strings are compared as numbers). */
export function compareModifier(op: CompareOp): Modifier {
  return {
    apply: (values) =>
      eachValue(values, (value) => {
        const n = asNumber(value, op);
        return isFailure(n) ? n : { kind: 'compare', op, value: n };
      }),
  };
}
