import { timePartModifier } from './time-part.ts';

/** `year`: compare the year of the field's time (UTC). */
export const year = timePartModifier('year');
