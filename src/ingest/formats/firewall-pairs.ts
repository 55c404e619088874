import { setOwn } from '../values.ts';

/**
 * The `key=value` (or `key:"value"`) pairs of a firewall's log line (FortiGate, SonicWall, Sophos, Check Point), by
 * a global pattern whose first group is the key and second the value as written; `unquote` turns that into the
 * value. The first occurrence of a key wins.
 */
export function pairsBy(text: string, pattern: RegExp, unquote: (raw: string) => string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const m of text.matchAll(pattern)) if (!Object.hasOwn(pairs, m[1]!)) setOwn(pairs, m[1]!, unquote(m[2]!));
  return pairs;
}

/** A pair's value trimmed; undefined when the pair is absent or holds one of the words the device writes for none. */
export function pairValue(pairs: Readonly<Record<string, string>>, key: string, none: ReadonlySet<string>): string | undefined {
  const found = Object.hasOwn(pairs, key) ? pairs[key]!.trim() : undefined;
  return found === undefined || none.has(found) ? undefined : found;
}

/** Every pair but those skipped, as a label under its own name with the value `pairValue` reads (none-words left out). */
export function pairLabels(pairs: Readonly<Record<string, string>>, skip: ReadonlySet<string>, none: ReadonlySet<string>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of Object.keys(pairs)) {
    const value = skip.has(key) ? undefined : pairValue(pairs, key, none);
    if (value !== undefined) setOwn(labels, key, value);
  }
  return labels;
}

/** A value without the double (or single) quotes around it. */
export function unquoted(raw: string): string {
  return raw.length >= 2 && (raw.startsWith('"') || raw.startsWith("'")) ? raw.slice(1, -1) : raw;
}
