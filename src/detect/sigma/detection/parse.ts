import type { YMap, YNode, YScalar } from '../yaml/nodes.ts';

/**
 * The `detection` section as search identifiers: a map is an AND of its entries, a list an OR of its items
 * (a list of plain values is one keyword entry), `field|mod1|mod2: value(s)` an entry. Structure only;
 * modifiers and fields are checked when compiling.
 */

export type DetectionItem =
  | { kind: 'and'; line: number; items: DetectionItem[] }
  | { kind: 'or'; line: number; items: DetectionItem[] }
  | EntryItem;

export interface EntryItem {
  kind: 'entry';
  line: number;
  /** Undefined for a keyword (field-less) entry. */
  field: string | undefined;
  modifiers: string[];
  values: YScalar[];
}

export interface Identifier {
  name: string;
  line: number;
  item: DetectionItem;
}

export interface Issue {
  line: number;
  status: 'invalid' | 'unsupported';
  reason: string;
}

export interface DetectionSection {
  identifiers: Map<string, Identifier>;
  conditions: { text: string; line: number }[];
  conditionLine: number;
}

export function parseDetection(detection: YMap, issues: Issue[]): DetectionSection {
  const identifiers = new Map<string, Identifier>();
  const conditions: { text: string; line: number }[] = [];
  let conditionLine = detection.line;
  let hasCondition = false;
  for (const entry of detection.entries) {
    if (entry.key === 'condition') {
      conditionLine = entry.line;
      hasCondition = true;
      readConditions(entry.value, issues, conditions);
    } else if (entry.key === 'timeframe') {
      continue;
    } else {
      const item = parseIdentifier(entry.key, entry.value, issues);
      if (item !== undefined) identifiers.set(entry.key, { name: entry.key, line: entry.line, item });
    }
  }
  if (!hasCondition) issues.push({ line: detection.line, status: 'invalid', reason: 'detection has no condition' });
  return { identifiers, conditions, conditionLine };
}

function readConditions(node: YNode, issues: Issue[], out: { text: string; line: number }[]): void {
  const items = node.kind === 'seq' ? node.items : [node];
  for (const item of items) {
    if (item.kind === 'scalar' && typeof item.value === 'string' && item.value.trim() !== '') out.push({ text: item.value, line: item.line });
    else issues.push({ line: item.line, status: 'invalid', reason: 'a condition must be a non-empty string (or a list of them)' });
  }
}

function parseIdentifier(name: string, node: YNode, issues: Issue[]): DetectionItem | undefined {
  const fail = (line: number, reason: string): undefined => {
    issues.push({ line, status: 'invalid', reason: `search identifier '${name}': ${reason}` });
    return undefined;
  };
  if (node.kind === 'map') return node.entries.length === 0 ? fail(node.line, 'empty mapping') : parseMap(node, fail);
  if (node.kind === 'scalar') return node.value === null ? fail(node.line, 'no value') : keywordEntry([node]);
  if (node.items.length === 0) return fail(node.line, 'empty list');
  if (node.items.every((i) => i.kind === 'scalar')) return keywordEntry(node.items.filter((i): i is YScalar => i.kind === 'scalar'));
  const items: DetectionItem[] = [];
  for (const item of node.items) {
    if (item.kind === 'seq') return fail(item.line, 'a list inside a list');
    const parsed = item.kind === 'map' ? parseMap(item, fail) : keywordEntry([item]);
    if (parsed === undefined) return undefined;
    items.push(parsed);
  }
  return { kind: 'or', line: node.line, items };
}

function parseMap(map: YMap, fail: (line: number, reason: string) => undefined): DetectionItem | undefined {
  if (map.entries.length === 0) return fail(map.line, 'empty mapping');
  const items: EntryItem[] = [];
  for (const entry of map.entries) {
    const [field = '', ...modifiers] = entry.key.split('|');
    const values = entry.value.kind === 'scalar' ? [entry.value] : entry.value.kind === 'seq' ? entry.value.items : undefined;
    if (values === undefined) return fail(entry.line, `the value of ${entry.key} is a mapping (a value or a list of values is expected)`);
    if (values.length === 0) return fail(entry.line, `${entry.key} has an empty list of values`);
    const scalars = values.filter((v): v is YScalar => v.kind === 'scalar');
    if (scalars.length !== values.length) return fail(entry.line, `${entry.key}: list values must be plain values`);
    items.push({ kind: 'entry', line: entry.line, field: field === '' ? undefined : field, modifiers: modifiers.map((m) => m.toLowerCase()), values: scalars });
  }
  return items.length === 1 ? items[0] : { kind: 'and', line: map.line, items };
}

function keywordEntry(values: YScalar[]): EntryItem {
  return { kind: 'entry', line: values[0]?.line ?? 0, field: undefined, modifiers: [], values };
}
