import { setOwn } from '../../values.ts';

/**
 * `key=value` pairs anywhere in a line, as logfmt (Go's logrus, slog, Grafana), Keycloak's event listener
 * (`type=LOGIN_ERROR, ipAddress=…`), Asterisk's security log (`Key="Value",Key2="…"`) and many applications write
 * them. A key starts a line or follows a space or a comma; a value is bare (to the next space, a trailing comma
 * dropped) or double-quoted (`\"`, `\\`, `\n`, `\t` unescaped). The first occurrence of a key wins.
 */

export interface KvLine {
  values: Record<string, string>;
  /** Pairs read (repeated keys included). */
  count: number;
  /** Where the first pair starts: the text before it is the line's prefix (a time, a level, a logger). */
  first: number;
}

const MAX_KEY = 64;

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

function isKeyStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 64;
}

function isKeyPart(code: number): boolean {
  return isKeyStart(code) || (code >= 48 && code <= 57) || code === 46 || code === 45;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

/** A quoted value from its opening quote: the value and the index after its closing quote (the end when unclosed). */
function quoted(text: string, open: number): { value: string; end: number } {
  let value = '';
  let from = open + 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      const escaped = ESCAPES[text[i + 1] ?? ''];
      if (escaped !== undefined) {
        value += text.slice(from, i) + escaped;
        i++;
        from = i + 1;
      }
    } else if (c === '"') {
      return { value: value + text.slice(from, i), end: i + 1 };
    }
  }
  return { value: value + text.slice(from), end: text.length };
}

/** The key that starts at `at`, or undefined when the text there is not `key=`. */
function keyAt(text: string, at: number): string | undefined {
  if (!isKeyStart(text.charCodeAt(at))) return undefined;
  let i = at + 1;
  while (i < text.length && i - at <= MAX_KEY && isKeyPart(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 61 && i - at <= MAX_KEY ? text.slice(at, i) : undefined;
}

export function kvPairs(text: string): KvLine {
  const values: Record<string, string> = {};
  let count = 0;
  let first = -1;
  let i = 0;
  while (i < text.length) {
    const key = keyAt(text, i);
    if (key === undefined) {
      // Skip to the next place a key may start: after a space or a comma.
      while (i < text.length && !isSpace(text.charCodeAt(i)) && text[i] !== ',') i++;
      while (i < text.length && (isSpace(text.charCodeAt(i)) || text[i] === ',')) i++;
      continue;
    }
    if (first < 0) first = i;
    count++;
    const start = i + key.length + 1;
    let value: string;
    if (text[start] === '"') {
      const q = quoted(text, start);
      value = q.value;
      i = q.end;
    } else {
      let end = start;
      while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
      i = end;
      if (text[end - 1] === ',' && end > start) end--;
      value = text.slice(start, end);
    }
    if (!Object.hasOwn(values, key)) setOwn(values, key, value);
    while (i < text.length && (isSpace(text.charCodeAt(i)) || text[i] === ',')) i++;
  }
  return { values, count, first: first < 0 ? text.length : first };
}
