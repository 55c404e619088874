import { compareModifier } from './compare.ts';

/** `gt`: the field is greater than the value. */
export const gt = compareModifier('gt');
