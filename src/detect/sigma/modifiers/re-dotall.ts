import { regexFlagModifier } from './regex-flag.ts';

/** `re|s` (or `dotall`): `.` matches newlines too. */
export const reDotAll = regexFlagModifier('s', 's');
