import { STAR, normaliseParts, type Anchor, type RuleValue, type StringPart, type StringValue } from '../values.ts';
import { asString, eachValue, invalid, isFailure, type Modifier, type ModifierFailure } from './types.ts';

/** Shared by contains / startswith / endswith: wildcards around strings, anchors on regexes and field references. */
export function anchorModifier(id: Exclude<Anchor, 'equals'>): Modifier {
  const before = id !== 'startswith';
  const after = id !== 'endswith';
  return {
    apply: (values) =>
      eachValue(values, (value): RuleValue | ModifierFailure => {
        if (value.kind === 'regex') return anchorRegex(value.source, value.flags, id);
        if (value.kind === 'fieldref') return { ...value, anchor: value.anchor === 'equals' ? id : 'contains' };
        const str = asString(value, id);
        if (isFailure(str)) return str;
        return wrap(str, before, after);
      }),
  };
}

function wrap(str: StringValue, before: boolean, after: boolean): StringValue {
  const head: StringPart[] = before && str.parts[0] !== STAR ? [STAR] : [];
  const tail: StringPart[] = after && str.parts[str.parts.length - 1] !== STAR ? [STAR] : [];
  return { kind: 'string', parts: normaliseParts([...head, ...str.parts, ...tail]), cased: str.cased, bytes: str.bytes };
}

/** Regexes search anywhere already; startswith / endswith anchor them at that end. */
function anchorRegex(source: string, flags: string, id: Exclude<Anchor, 'equals'>): RuleValue | ModifierFailure {
  if (source === '') return invalid(`${id} on an empty regular expression`);
  if (id === 'contains') return { kind: 'regex', source, flags };
  return { kind: 'regex', source: id === 'startswith' ? `^(?:${source})` : `(?:${source})$`, flags };
}
