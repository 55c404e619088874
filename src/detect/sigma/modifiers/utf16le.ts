import { encodingModifier } from './encoding.ts';

/** `utf16le`: the value as UTF-16 little-endian bytes (`cmd` → `63 00 6d 00 64 00`). */
export const utf16le = encodingModifier('utf16le', (text) => Buffer.from(text, 'utf16le'), '');
