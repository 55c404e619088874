import type { ValueAtom } from '../prefilter/need.ts';
import { ONE, STAR, type StringPart, type StringValue } from '../values.ts';

/**
 * A Sigma string compiled into the cheapest test that decides it: equality, startsWith / endsWith /
 * includes, an ordered indexOf scan for `*`-only patterns, and a regex (built here, at load) only when `?`
 * occurs, behind an includes() check of its longest literal. Case-insensitive patterns are lower-cased here;
 * the event text is lower-cased by the caller, once per field value.
 */

export interface TextTest {
  /** Whether `test` reads the lower-cased text (case-insensitive) rather than the text as it is. */
  readonly lower: boolean;
  readonly test: (text: string) => boolean;
  /** A literal the text must hold for `test` to pass (undefined: every text may pass). */
  readonly need: ValueAtom | undefined;
}

export function compilePattern(value: StringValue): TextTest {
  const lower = !value.cased;
  const parts = value.parts.map((p) => (typeof p === 'string' && lower ? p.toLowerCase() : p));
  return { lower, test: compileParts(parts), need: literalNeed(parts, lower) };
}

/** The longest literal of the pattern, anchored where the pattern anchors it (what compileParts checks first). */
function literalNeed(parts: readonly StringPart[], lower: boolean): ValueAtom | undefined {
  let at = -1;
  let longest = '';
  parts.forEach((p, i) => {
    if (typeof p === 'string' && (at < 0 || p.length > longest.length)) {
      at = i;
      longest = p;
    }
  });
  if (at < 0) return parts.length === 0 ? { kind: 'text', lower, anchor: 'equals', literal: '' } : undefined;
  if (parts.includes(ONE)) return { kind: 'text', lower, anchor: 'contains', literal: longest };
  const first = at === 0;
  const last = at === parts.length - 1;
  const anchor = first && last ? 'equals' : first ? 'startswith' : last ? 'endswith' : 'contains';
  return { kind: 'text', lower, anchor, literal: longest };
}

function compileParts(parts: readonly StringPart[]): (text: string) => boolean {
  if (parts.includes(ONE)) return questionMarkTest(parts);
  const literals = parts.filter((p): p is string => typeof p === 'string');
  const leading = parts[0] === STAR;
  const trailing = parts.length > 0 && parts[parts.length - 1] === STAR;
  if (literals.length === 0) return parts.length === 0 ? (text) => text === '' : () => true;
  if (literals.length === 1) {
    const s = literals[0]!;
    if (leading && trailing) return (text) => text.includes(s);
    if (leading) return (text) => text.endsWith(s);
    if (trailing) return (text) => text.startsWith(s);
    return (text) => text === s;
  }
  return segmentTest(leading ? '' : literals[0]!, trailing ? '' : literals[literals.length - 1]!, literals.slice(leading ? 0 : 1, trailing ? undefined : -1));
}

/** `pre*mid1*mid2*suf`: prefix, suffix, then the middle pieces in order (leftmost match is always right). */
function segmentTest(prefix: string, suffix: string, middle: readonly string[]): (text: string) => boolean {
  const fixed = prefix.length + suffix.length;
  return (text) => {
    if (text.length < fixed || !text.startsWith(prefix) || !text.endsWith(suffix)) return false;
    let pos = prefix.length;
    const end = text.length - suffix.length;
    for (const piece of middle) {
      const at = text.indexOf(piece, pos);
      if (at < 0 || at + piece.length > end) return false;
      pos = at + piece.length;
    }
    return true;
  };
}

function questionMarkTest(parts: readonly StringPart[]): (text: string) => boolean {
  const source = parts.map((p) => (p === STAR ? '[\\s\\S]*' : p === ONE ? '[\\s\\S]' : escapeRegex(p))).join('');
  const regex = new RegExp(`^${source}$`, 'u');
  const longest = parts.reduce<string>((best, p) => (typeof p === 'string' && p.length > best.length ? p : best), '');
  if (longest === '') return (text) => regex.test(text);
  return (text) => text.includes(longest) && regex.test(text);
}

export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
