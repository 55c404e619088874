import { timePartModifier } from './time-part.ts';

/** `month`: compare the month of the field's time (UTC). */
export const month = timePartModifier('month');
