import { anchorModifier } from './anchor.ts';

/** `startswith`: the value at the beginning of the field (`value*`). */
export const startswith = anchorModifier('startswith');
