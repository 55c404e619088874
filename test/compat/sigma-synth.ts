import { parse } from 'yaml';

/**
 * A record built from a Sigma rule's own detection, for rules whose fields are a provider's record paths (cloud
 * audit products): every field of every selection the condition does not negate is set to a value its
 * modifiers accept, over a base record of the provider's shape. A product can place a field where its real
 * records hold it (`place`). Rules this cannot satisfy say why (keywords, regular expressions, modifiers other
 * than contains/startswith/endswith/all).
 */

type Json = Record<string, unknown>;
export type Synthesized = { record: Json; id: string; title: string } | { skipped: string; id: string; title: string };
/** Sets a rule's field in a record the way the provider's records hold it; false to set it at its own path. */
export type Place = (record: Json, field: string, value: unknown) => boolean;

const NEGATED = /\bnot\s+(?:1 of |all of )?([\w*]+)/g;
const PLAIN_MODIFIERS = new Set(['contains', 'startswith', 'endswith', 'all']);

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

/** The key of `node` that is `key` in any case, else `key` itself. */
function keyIn(node: Json, key: string): string {
  if (Object.hasOwn(node, key)) return key;
  return Object.keys(node).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
}

export function setPath(record: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = record;
  for (const key of keys.slice(0, -1)) {
    const name = keyIn(node, key);
    const next = node[name];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[name] = {};
    node = node[name] as Json;
  }
  node[keyIn(node, keys[keys.length - 1]!)] = value;
}

function literal(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/\\([*?\\])|([*?])/g, (_m, escaped: string | undefined, wild: string | undefined) => escaped ?? (wild === '?' ? 'x' : ''));
}

/** What one field must look like: an exact value, or a text with a start, middle parts and an end. */
interface Shape {
  exact?: unknown;
  start: string;
  middle: string[];
  end: string;
}

function addTo(shape: Shape, raw: unknown, modifiers: readonly string[]): void {
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) return;
  const texts = (modifiers.includes('all') ? values : values.slice(0, 1)).map((v) => String(literal(v)));
  if (modifiers.includes('contains')) shape.middle.push(...texts);
  else if (modifiers.includes('startswith')) shape.start = texts[0]!;
  else if (modifiers.includes('endswith')) shape.end = texts[0]!;
  else shape.exact = values[0] === null ? null : literal(values[0]);
}

function valueOf(shape: Shape): unknown {
  if (shape.exact !== undefined) return shape.exact;
  return `${shape.start}${shape.middle.map((m) => `x${m}x`).join('')}${shape.end}`;
}

export function synthesize(ruleText: string, base: () => Json, place: Place = () => false): Synthesized {
  const rule = parse(ruleText) as Json;
  const id = String(rule.id);
  const title = String(rule.title);
  const detection = (rule.detection ?? {}) as Json;
  const condition = [detection.condition].flat().map(String).join(' ');
  const negated = [...condition.matchAll(NEGATED)].map((m) => m[1]!);
  const shapes = new Map<string, Shape>();
  for (const [name, selection] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe' || negated.some((p) => globMatch(p, name))) continue;
    const map: unknown = Array.isArray(selection) ? (selection as unknown[])[0] : selection;
    if (typeof map !== 'object' || map === null) return { skipped: 'keywords', id, title };
    for (const [key, raw] of Object.entries(map as Json)) {
      const [field, ...modifiers] = key.split('|');
      if (field === undefined || field === '' || modifiers.some((m) => !PLAIN_MODIFIERS.has(m))) return { skipped: `modifiers ${modifiers.join('|')}`, id, title };
      const shape = shapes.get(field) ?? { start: '', middle: [], end: '' };
      addTo(shape, raw, modifiers);
      shapes.set(field, shape);
    }
  }
  if (shapes.size === 0) return { skipped: 'no fields', id, title };
  const record = base();
  for (const [field, shape] of shapes) {
    const value = valueOf(shape);
    if (!place(record, field, value)) setPath(record, field, value);
  }
  return { record, id, title };
}
