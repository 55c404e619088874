import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/**
 * Rule YAML as a small tree that keeps the 1-based line of every key and value, so that every problem can
 * name the line of the offending key. Built once per document from the `yaml` package's nodes.
 */

export type YNode = YMap | YSeq | YScalar;

export interface YMap {
  kind: 'map';
  line: number;
  entries: YEntry[];
}

export interface YEntry {
  key: string;
  line: number;
  value: YNode;
}

export interface YSeq {
  kind: 'seq';
  line: number;
  items: YNode[];
}

export type ScalarValue = string | number | boolean | null;

export interface YScalar {
  kind: 'scalar';
  line: number;
  value: ScalarValue;
  /** The scalar as written (`0x17`, `4625`), when the parser kept it. */
  source?: string;
}

interface Ctx {
  doc: Document;
  lines: LineCounter;
  depth: number;
}

const MAX_DEPTH = 64;

export function lineOf(lines: LineCounter, node: { range?: readonly number[] | null } | null | undefined, fallback: number): number {
  const start = node?.range?.[0];
  return start === undefined ? fallback : lines.linePos(start).line;
}

/** Converts a parsed YAML node; aliases are resolved, anything deeper than MAX_DEPTH reads as null. */
export function toYNode(node: unknown, doc: Document, lines: LineCounter, fallbackLine: number): YNode {
  return convert(node, { doc, lines, depth: 0 }, fallbackLine);
}

function convert(raw: unknown, ctx: Ctx, fallback: number): YNode {
  const node = isAlias(raw) ? raw.resolve(ctx.doc) : raw;
  const line = lineOf(ctx.lines, node as Node | undefined, fallback);
  if (ctx.depth > MAX_DEPTH) return { kind: 'scalar', line, value: null };
  const inner = { ...ctx, depth: ctx.depth + 1 };
  if (isMap(node)) {
    const entries: YEntry[] = [];
    for (const pair of node.items) {
      const keyLine = lineOf(ctx.lines, pair.key as Node | null, line);
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      entries.push({ key, line: keyLine, value: convert(pair.value, inner, keyLine) });
    }
    return { kind: 'map', line, entries };
  }
  if (isSeq(node)) return { kind: 'seq', line, items: node.items.map((item) => convert(item, inner, line)) };
  if (isScalar(node)) return scalar(node.value, line, node.source);
  return { kind: 'scalar', line, value: null };
}

function scalar(value: unknown, line: number, source: string | undefined): YScalar {
  if (value === null || value === undefined) return { kind: 'scalar', line, value: null };
  if (typeof value === 'string' || typeof value === 'boolean') return { kind: 'scalar', line, value };
  if (typeof value === 'number') return { kind: 'scalar', line, value, ...(source === undefined ? {} : { source }) };
  if (typeof value === 'bigint') return { kind: 'scalar', line, value: Number(value), source: value.toString() };
  return { kind: 'scalar', line, value: JSON.stringify(value) ?? null };
}

/** The entry of a map with the given key. */
export function entryOf(map: YMap, key: string): YEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/** Plain JavaScript data, as `yaml`'s toJS would give (for the rule reference and correlations). */
export function toPlain(node: YNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const entry of node.entries) out[entry.key] = toPlain(entry.value);
  return out;
}

/** Deep merge of two maps (legacy `action: global` / `repeat`): the overlay wins, nested maps merge. */
export function mergeMaps(base: YMap, overlay: YMap): YMap {
  const entries = [...base.entries];
  for (const entry of overlay.entries) {
    const at = entries.findIndex((e) => e.key === entry.key);
    const previous = at < 0 ? undefined : entries[at];
    const merged = previous !== undefined && previous.value.kind === 'map' && entry.value.kind === 'map' ? { ...entry, value: mergeMaps(previous.value, entry.value) } : entry;
    if (at < 0) entries.push(merged);
    else entries[at] = merged;
  }
  return { kind: 'map', line: overlay.line, entries };
}
