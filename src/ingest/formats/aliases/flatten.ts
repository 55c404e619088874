import { isObject } from '../../format.ts';

/** One leaf of a record: its dotted path, the forms used for matching, and its value. */
export interface Entry {
  path: string;
  /** The whole path lower-cased without `.`, `_`, `-` and spaces: `Source.IP`, `source_ip` → `sourceip`. */
  canon: string;
  /** Same, after leading wrapper objects (`data.`, `_source.` …) are removed; undefined when there were none. */
  inner?: string;
  value: unknown;
}

/** Objects that merely wrap the real fields (Wazuh `data`, Elasticsearch `_source`, `payload` …). */
const WRAPPERS = new Set([
  'data',
  'fields',
  'payload',
  'details',
  'detail',
  'attributes',
  'attrs',
  'properties',
  'props',
  'extra',
  'metadata',
  'meta',
  'body',
  'record',
  'eventdata',
  'context',
  'params',
  'json',
  'content',
  'parsed',
]);

const MAX_DEPTH = 8;
const MAX_ENTRIES = 2000;
const SEPARATORS = /[._\-\s]/g;

export function canon(key: string): string {
  return key.toLowerCase().replace(SEPARATORS, '');
}

/** The path without its leading wrapper segments, if it had any. */
function isWrapper(segment: string): boolean {
  // `_source` is compared as written: its canonical form would be the ECS `source` object.
  return segment === '_source' || WRAPPERS.has(canon(segment));
}

function innerCanon(segments: readonly string[]): string | undefined {
  let cut = 0;
  while (cut < segments.length - 1 && isWrapper(segments[cut] ?? '')) cut++;
  return cut === 0 ? undefined : canon(segments.slice(cut).join('.'));
}

/** Leaves of a (possibly nested) record, depth-first in key order; arrays are leaves. */
export function flatten(record: Record<string, unknown>): Entry[] {
  const out: Entry[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string[]): void => {
    for (const [key, value] of Object.entries(obj)) {
      if (out.length >= MAX_ENTRIES) return;
      const segments = [...prefix, key];
      if (isObject(value)) {
        if (segments.length < MAX_DEPTH) walk(value, segments);
        continue;
      }
      const path = segments.join('.');
      // Split again: flat keys may hold dots themselves (`data.srcip` as one CSV column).
      out.push({ path, canon: canon(path), inner: innerCanon(path.split('.')), value });
    }
  };
  walk(record, []);
  return out;
}
