import { timePartModifier } from './time-part.ts';

/** `hour`: compare the hour of the field's time (UTC). */
export const hour = timePartModifier('hour');
