import { anchorModifier } from './anchor.ts';

/** `contains`: the value anywhere in the field (`*value*`). */
export const contains = anchorModifier('contains');
