import { encodingModifier, utf16be as encode } from './encoding.ts';

/** `utf16be`: the value as UTF-16 big-endian bytes (`cmd` → `00 63 00 6d 00 64`). */
export const utf16be = encodingModifier('utf16be', encode, '');
