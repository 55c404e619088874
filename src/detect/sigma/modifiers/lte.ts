import { compareModifier } from './compare.ts';

/** `lte`: the field is less than or equal to the value. */
export const lte = compareModifier('lte');
