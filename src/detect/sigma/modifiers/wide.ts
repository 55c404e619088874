import { encodingModifier } from './encoding.ts';

/** `wide`: an alias of utf16le. */
export const wide = encodingModifier('wide', (text) => Buffer.from(text, 'utf16le'), '');
