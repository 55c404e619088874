import type { ValueAtom } from './need.ts';

/**
 * A literal that every match of a regular expression contains, read from the compiled (JavaScript) source:
 * in each top-level alternative, the longest run of plain characters that no quantifier touches, outside
 * groups and classes. Anything not understood only ends a run, so the answer is never wrong, at worst
 * undefined (no need known). Under `i`, a run counts only if it is ASCII: then the text lower-cased holds it
 * lower-cased (without `u`, case-insensitive matching never pairs a non-ASCII character with an ASCII one).
 */
export function regexNeed(regex: RegExp): ValueAtom[] | undefined {
  if (regex.unicode || regex.flags.includes('v')) return undefined;
  const ignoreCase = regex.ignoreCase;
  const atoms: ValueAtom[] = [];
  for (const alternative of topLevelAlternatives(regex.source)) {
    const runs = literalRuns(alternative).filter((run) => !ignoreCase || isAscii(run));
    const longest = runs.reduce((best, run) => (run.length > best.length ? run : best), '');
    if (longest === '') return undefined;
    atoms.push({ kind: 'text', lower: ignoreCase, anchor: 'contains', literal: ignoreCase ? longest.toLowerCase() : longest });
  }
  return atoms;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** The end (exclusive) of the class opening at `at` (in JavaScript the first `]` closes it, even right after `[`). */
function skipClass(source: string, at: number): number {
  for (let i = at + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === ']') return i + 1;
  }
  return source.length;
}

/** The end (exclusive) of the group or class opening at `at`, escapes and classes inside respected. */
function skipNested(source: string, at: number): number {
  if (source[at] === '[') return skipClass(source, at);
  let depth = 0;
  for (let i = at; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = skipClass(source, i) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return source.length;
}

function topLevelAlternatives(source: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '[') i = skipNested(source, i) - 1;
    else if (c === '|') {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/** Escapes of these stand for themselves; every other escape (\d, \b, \1, \x41, \n…) ends a run. */
const PLAIN_ESCAPES = '\\/^$.*+?()[]{}|-:;,!"\'#%&<>=@`~ ';
/** One escape, whole: `\\x41`, `\\u0041`, `\\cJ`, `\\k<name>`, `\\12` are several characters of the source. */
const ESCAPE = /^\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|c[A-Za-z]|k<[^>]*>|\d+|[\s\S])/;
/** A bounded repetition `{2}`, `{1,3}`, `{2,}` (a `{` not starting one is a plain character, read as a break). */
const BRACES = /^\{\d+(?:,\d*)?\}/;

function quantified(source: string, at: number): boolean {
  const c = source[at];
  return c === '*' || c === '+' || c === '?' || (c === '{' && BRACES.test(source.slice(at)));
}

/** The runs of plain characters of one alternative; a character followed by a quantifier is not in any. */
function literalRuns(source: string): string[] {
  const runs: string[] = [];
  let run = '';
  const end = (): void => {
    if (run !== '') runs.push(run);
    run = '';
  };
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === '(' || c === '[') {
      end();
      i = skipNested(source, i);
      continue;
    }
    const braces = c === '{' ? BRACES.exec(source.slice(i)) : null;
    if (braces !== null) {
      end();
      i += braces[0].length;
      continue;
    }
    const escape = c === '\\' ? (ESCAPE.exec(source.slice(i))?.[0] ?? c) : undefined;
    const plain = escape !== undefined && escape.length === 2 && PLAIN_ESCAPES.includes(escape[1]!);
    const literal = escape !== undefined ? (plain ? escape[1] : undefined) : '.^$|)]{}*+?'.includes(c) ? undefined : c;
    i += escape?.length ?? 1;
    if (literal === undefined || quantified(source, i)) end();
    else run += literal;
  }
  end();
  return runs;
}
