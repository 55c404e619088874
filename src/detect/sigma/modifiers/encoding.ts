import type { RuleValue, StringPart } from '../values.ts';
import { asString, eachValue, invalid, isFailure, type Modifier } from './types.ts';

/** Text → bytes held one per character (0–255); wildcards kept in place. Shared by the UTF-16 modifiers. */
export function encodingModifier(id: string, encode: (text: string) => Buffer, bom: string): Modifier {
  return {
    apply: (values) =>
      eachValue(values, (value): RuleValue | ReturnType<typeof invalid> => {
        const str = asString(value, id);
        if (isFailure(str)) return str;
        if (str.bytes) return invalid(`${id}: the value is already encoded`);
        const parts: StringPart[] = str.parts.map((p) => (typeof p === 'string' ? encode(p).toString('latin1') : p));
        if (bom !== '') parts.unshift(bom);
        return { kind: 'string', parts, cased: str.cased, bytes: true };
      }),
  };
}

export function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return le.swap16();
}

/** The bytes a base64 modifier encodes: UTF-8 text, or the bytes an encoding modifier produced. */
export function bytesOf(text: string, isBytes: boolean): Buffer {
  return Buffer.from(text, isBytes ? 'latin1' : 'utf8');
}
