import { eachValue, invalid, type Modifier } from './types.ts';

/** Shared by the `re` sub-modifiers i (ignore case), m (multi-line), s (dot matches newline). */
export function regexFlagModifier(id: string, flag: 'i' | 'm' | 's'): Modifier {
  return {
    apply: (values) =>
      eachValue(values, (value) => {
        if (value.kind !== 'regex') return invalid(`${id} applies to a regular expression: write |re|${id}`);
        return value.flags.includes(flag) ? value : { ...value, flags: value.flags + flag };
      }),
  };
}
