import { regexFlagModifier } from './regex-flag.ts';

/** `re|i` (or `ignorecase`): the regular expression ignores case. */
export const reIgnoreCase = regexFlagModifier('i', 'i');
