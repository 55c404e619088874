import { parse } from 'yaml';

/**
 * A record built from a Sigma rule's own detection, for rules whose fields are a provider's record paths (cloud
 * audit products): every field of every selection the condition does not negate is set to a value its
 * modifiers accept, over a base record of the provider's shape. Rules this cannot satisfy say why (keywords,
 * regular expressions, modifiers other than contains/startswith/endswith/all).
 */

type Json = Record<string, unknown>;
export type Synthesized = { record: Json; id: string; title: string } | { skipped: string; id: string; title: string };

const NEGATED = /\bnot\s+(?:1 of |all of )?([\w*]+)/g;
const PLAIN_MODIFIERS = new Set(['contains', 'startswith', 'endswith', 'all']);

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(name);
}

function setPath(record: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = record;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Json;
  }
  node[keys[keys.length - 1]!] = value;
}

function literal(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/\\([*?\\])|([*?])/g, (_m, escaped: string | undefined, wild: string | undefined) => escaped ?? (wild === '?' ? 'x' : ''));
}

function valueFor(raw: unknown, modifiers: readonly string[]): unknown {
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) return undefined;
  if (values[0] === null) return null;
  const texts = (modifiers.includes('all') ? values : values.slice(0, 1)).map((v) => String(literal(v)));
  if (modifiers.includes('contains')) return ` ${texts.join(' ')} `;
  if (modifiers.includes('startswith')) return `${texts[0]!}x`;
  if (modifiers.includes('endswith')) return `x${texts[0]!}`;
  return literal(values[0]);
}

export function synthesize(ruleText: string, base: () => Json): Synthesized {
  const rule = parse(ruleText) as Json;
  const id = String(rule.id);
  const title = String(rule.title);
  const detection = (rule.detection ?? {}) as Json;
  const condition = [detection.condition].flat().map(String).join(' ');
  const negated = [...condition.matchAll(NEGATED)].map((m) => m[1]!);
  const record = base();
  let fields = 0;
  for (const [name, selection] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe' || negated.some((p) => globMatch(p, name))) continue;
    const map: unknown = Array.isArray(selection) ? (selection as unknown[])[0] : selection;
    if (typeof map !== 'object' || map === null) return { skipped: 'keywords', id, title };
    for (const [key, raw] of Object.entries(map as Json)) {
      const [field, ...modifiers] = key.split('|');
      if (field === undefined || field === '' || modifiers.some((m) => !PLAIN_MODIFIERS.has(m))) return { skipped: `modifiers ${modifiers.join('|')}`, id, title };
      setPath(record, field, valueFor(raw, modifiers));
      fields++;
    }
  }
  return fields === 0 ? { skipped: 'no fields', id, title } : { record, id, title };
}
