import { regexFlagModifier } from './regex-flag.ts';

/** `re|m` (or `multiline`): `^` and `$` match at line breaks. */
export const reMultiline = regexFlagModifier('m', 'm');
