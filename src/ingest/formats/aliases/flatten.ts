import { isObject } from '../../format.ts';

/** Objects that merely wrap the real fields (Wazuh `data`, Elasticsearch `_source`, MongoDB `attr`, `payload` …). */
const WRAPPERS = new Set([
  'data',
  'attr',
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

/** The whole path lower-cased without `.`, `_`, `-` and spaces: `Source.IP`, `source_ip` → `sourceip`. */
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

/** A record's leaves, depth-first in key order (arrays are leaves): dotted paths and their values. */
export interface Leaves {
  paths: string[];
  values: unknown[];
}

export function leaves(record: Record<string, unknown>): Leaves {
  const out: Leaves = { paths: [], values: [] };
  walk(record, '', 1, out);
  return out;
}

/** MongoDB's extended JSON wraps dates and 64-bit numbers (`{"$date": …}`, `{"$date": {"$numberLong": "…"}}`): their value. */
function extendedScalar(value: Record<string, unknown>): string | number | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const inner = keys[0] === '$date' || keys[0] === '$numberLong' ? value[keys[0]] : undefined;
  if (typeof inner === 'string' || typeof inner === 'number') return inner;
  return isObject(inner) && keys[0] === '$date' ? extendedScalar(inner) : undefined;
}

function walk(obj: Record<string, unknown>, prefix: string, depth: number, out: Leaves): void {
  for (const key of Object.keys(obj)) {
    if (out.paths.length >= MAX_ENTRIES) return;
    const value = obj[key];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const scalar = isObject(value) ? extendedScalar(value) : value;
    if (scalar === undefined && isObject(value)) {
      if (depth < MAX_DEPTH) walk(value, path, depth + 1, out);
      continue;
    }
    out.paths.push(path);
    out.values.push(scalar);
  }
}

/** Everything about a record that depends on its keys only, worked out once per shape of record. */
export interface Shape {
  /** Per leaf: the canonical path, and the canonical path without leading wrapper objects (if any). */
  canon: string[];
  inner: (string | undefined)[];
  /** Aliases some leaf may fill, in table order, each with its candidate leaves best first. */
  aliases: { alias: number; leaves: number[] }[];
  /** Leaves whose (string) values are type hints and source hints. */
  typeHints: number[];
  sourceHints: number[];
}

interface AliasTable {
  keyIndex: ReadonlyMap<string, readonly { alias: number; rank: number }[]>;
  typeHints: ReadonlySet<string>;
  sourceHints: ReadonlySet<string>;
}

/** Plans per alias table, by shape key; a log has a handful of shapes, so the bound is only a safeguard. */
const PLANS = new WeakMap<AliasTable, Map<string, Shape>>();
const MAX_PLANS = 512;

/** The shape's key: the leaf paths, each prefixed by its length so that no two lists of paths can collide. */
function shapeKey(paths: readonly string[]): string {
  let key = '';
  for (const path of paths) key += `${path.length}:${path}`;
  return key;
}

/** The shapes planned last, per table, most recent first: records of a log repeat a few shapes. */
const RECENT = new WeakMap<AliasTable, { paths: readonly string[]; shape: Shape }[]>();
const RECENT_SIZE = 8;

function samePaths(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The plan of a record's shape. The recent shapes are compared path by path first (cheaper than building
 * and hashing the shape key of every record); the others are looked up by their key.
 */
export function planShape(paths: readonly string[], table: AliasTable): Shape {
  let recent = RECENT.get(table);
  if (recent === undefined) {
    recent = [];
    RECENT.set(table, recent);
  }
  for (let i = 0; i < recent.length; i++) {
    const entry = recent[i]!;
    if (!samePaths(entry.paths, paths)) continue;
    if (i > 0) {
      recent.splice(i, 1);
      recent.unshift(entry);
    }
    return entry.shape;
  }
  const shape = plannedShape(paths, table);
  recent.unshift({ paths, shape });
  if (recent.length > RECENT_SIZE) recent.pop();
  return shape;
}

function plannedShape(paths: readonly string[], table: AliasTable): Shape {
  let plans = PLANS.get(table);
  if (plans === undefined) {
    plans = new Map<string, Shape>();
    PLANS.set(table, plans);
  }
  const key = shapeKey(paths);
  let shape = plans.get(key);
  if (shape === undefined) {
    if (plans.size >= MAX_PLANS) plans.clear();
    shape = plan(paths, table);
    plans.set(key, shape);
  }
  return shape;
}

interface Candidate {
  leaf: number;
  /** Key rank × 2, +1 when only the path under wrapper objects matched; lower wins. */
  score: number;
}

function plan(paths: readonly string[], table: AliasTable): Shape {
  const canonical = paths.map(canon);
  // Split again: flat keys may hold dots themselves (`data.srcip` as one CSV column).
  const inner = paths.map((path) => innerCanon(path.split('.')));
  const byAlias = new Map<number, Candidate[]>();
  const add = (key: string | undefined, leaf: number, tier: number): void => {
    if (key === undefined) return;
    for (const ref of table.keyIndex.get(key) ?? []) {
      const list = byAlias.get(ref.alias) ?? [];
      list.push({ leaf, score: ref.rank * 2 + tier });
      byAlias.set(ref.alias, list);
    }
  };
  canonical.forEach((key, leaf) => {
    add(key, leaf, 0);
    add(inner[leaf], leaf, 1);
  });
  const aliases = [...byAlias.keys()].sort((x, y) => x - y).map((alias) => ({
    alias,
    leaves: byAlias.get(alias)!.sort((x, y) => x.score - y.score || x.leaf - y.leaf).map((c) => c.leaf),
  }));
  const hinted = (keys: ReadonlySet<string>) =>
    canonical.flatMap((key, leaf) => (keys.has(key) || (inner[leaf] !== undefined && keys.has(inner[leaf])) ? [leaf] : []));
  return { canon: canonical, inner, aliases, typeHints: hinted(table.typeHints), sourceHints: hinted(table.sourceHints) };
}
