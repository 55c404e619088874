import { asNumber, eachValue, invalid, isFailure, type Modifier, type TimePart } from './types.ts';

/**
 * Shared by minute / hour / day / week / month / year: the entry compares that part (UTC) of the field's
 * time, or of the event's own time for a keyword entry (`'|hour': 3`). Values are whole numbers; lt/gt may follow.
 */
export function timePartModifier(part: TimePart): Modifier {
  return {
    apply(values, ctx) {
      if (ctx.flags.timePart !== undefined) return invalid(`${part}: the entry already compares the ${ctx.flags.timePart}`);
      ctx.flags.timePart = part;
      return eachValue(values, (value) => {
        if (value.kind === 'compare') return value;
        const n = asNumber(value, part);
        if (isFailure(n)) return n;
        return Number.isInteger(n) ? { kind: 'number', value: n, text: String(n) } : invalid(`${part} needs a whole number`);
      });
    },
  };
}
