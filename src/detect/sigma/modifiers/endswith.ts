import { anchorModifier } from './anchor.ts';

/** `endswith`: the value at the end of the field (`*value`). */
export const endswith = anchorModifier('endswith');
