import { compareModifier } from './compare.ts';

/** `lt`: the field is less than the value. */
export const lt = compareModifier('lt');
