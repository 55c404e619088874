import { encodingModifier } from './encoding.ts';

/** `utf16`: a little-endian byte order mark, then UTF-16LE (`cmd` → `FF FE 63 00 6d 00 64 00`). */
export const utf16 = encodingModifier('utf16', (text) => Buffer.from(text, 'utf16le'), '\u00ff\u00fe');
