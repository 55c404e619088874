import { timePartModifier } from './time-part.ts';

/** `day`: compare the day of the field's time (UTC). */
export const day = timePartModifier('day');
