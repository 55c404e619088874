import { timePartModifier } from './time-part.ts';

/** `week`: compare the week of the field's time (UTC). */
export const week = timePartModifier('week');
