import { timePartModifier } from './time-part.ts';

/** `minute`: compare the minute of the field's time (UTC). */
export const minute = timePartModifier('minute');
