import { compareModifier } from './compare.ts';

/** `gte`: the field is greater than or equal to the value. */
export const gte = compareModifier('gte');
