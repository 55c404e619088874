/**
 * Sigma `re` values are PCRE; JavaScript's RegExp agrees on the subset the specification allows. This
 * translates the common PCRE spellings (leading `(?i)`-style flags, `(?P<name>`, `\A`, `\z`, a `]` first in a
 * class) and refuses what JavaScript would silently read differently (`\h`, possessive quantifiers, atomic
 * groups…), so a rule never runs with a regex that means something else. Runs at load only.
 */

export type RegexResult = { regex: RegExp } | { reason: string };

const ESCAPES_OUTSIDE = new Set('dDwWsSbBnrtfv0123456789cxuk');
const ESCAPES_INSIDE = new Set('dDwWsSbnrtfv0123456789cxu');
const TRANSLATED: Record<string, string> = { A: '^', z: '$', Z: '$', e: '\\x1b', a: '\\x07', h: '[ \\t]' };

export function compileRegex(pattern: string, flags: string): RegexResult {
  const lead = /^\(\?([imsx]+)\)/.exec(pattern);
  let allFlags = flags;
  let body = pattern;
  if (lead !== null) {
    if (lead[1]!.includes('x')) return { reason: 'regular expression: extended mode (?x) is not supported' };
    for (const f of lead[1]!) if (!allFlags.includes(f)) allFlags += f;
    body = pattern.slice(lead[0].length);
  }
  const translated = translate(body);
  if ('reason' in translated) return { reason: `regular expression: ${translated.reason}` };
  try {
    return { regex: new RegExp(translated.source, allFlags) };
  } catch (error) {
    return { reason: `regular expression: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function translate(pattern: string): { source: string } | { reason: string } {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const next = pattern[i + 1];
    if (c === '\\') {
      if (next === undefined) return { reason: 'a trailing backslash' };
      if (next === 'x' && pattern[i + 2] === '{') return { reason: 'the escape \\x{…} is not supported' };
      const escape = translateEscape(next, inClass);
      if (typeof escape !== 'string') return escape;
      out += escape;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      const negated = next === '^';
      out += negated ? '[^' : '[';
      if (negated) i++;
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (c === '(' && next === '?') {
      const group = translateGroup(pattern, i);
      if ('reason' in group) return group;
      out += group.text;
      i += group.consumed - 1;
    } else if ((c === '*' || c === '+' || c === '?' || c === '}') && next === '+') {
      return { reason: 'possessive quantifiers are not supported' };
    } else out += c;
  }
  return { source: out };
}

function translateEscape(letter: string, inClass: boolean): string | { reason: string } {
  if (!/[A-Za-z0-9]/.test(letter)) return `\\${letter}`;
  if ((inClass ? ESCAPES_INSIDE : ESCAPES_OUTSIDE).has(letter)) return `\\${letter}`;
  const translated = TRANSLATED[letter];
  if (translated !== undefined && (!inClass || letter === 'e' || letter === 'a')) return translated;
  if (inClass && letter === 'h') return ' \\t';
  return { reason: `the escape \\${letter} is not supported` };
}

function translateGroup(pattern: string, at: number): { text: string; consumed: number } | { reason: string } {
  const rest = pattern.slice(at, at + 4);
  if (rest.startsWith('(?:') || rest.startsWith('(?=') || rest.startsWith('(?!') || rest.startsWith('(?<=') || rest.startsWith('(?<!')) return { text: '(?', consumed: 2 };
  if (rest.startsWith('(?<')) return { text: '(?<', consumed: 3 };
  if (rest.startsWith('(?P<')) return { text: '(?<', consumed: 4 };
  const backref = /^\(\?P=(\w+)\)/.exec(pattern.slice(at));
  if (backref !== null) return { text: `\\k<${backref[1]!}>`, consumed: backref[0].length };
  if (rest.startsWith('(?>')) return { reason: 'atomic groups (?>…) are not supported' };
  return { reason: `the group syntax ${JSON.stringify(pattern.slice(at, at + 5))} is not supported` };
}
