import type { VigilEvent } from '../../../schema/event.ts';
import type { FieldGetter, FieldValue } from '../../types.ts';
import { perEvent } from '../read.ts';

/**
 * Fields of cloud audit records (CloudTrail, Kubernetes, Okta, GCP, GitHub, Azure, M365, Bitbucket) as Sigma rules
 * for those products name them: a dotted path into the original JSON record (`requestParameters.attribute`,
 * `userIdentity.sessionContext.sessionIssuer.type`). Each key matches as written, else in any case (rules say
 * `eventtype`, Okta writes `eventType`). Arrays are looked through (`target.displayName` is every target's name); a
 * path ending on an object gives its JSON text, which rules search with `contains`. A path found nowhere at the top
 * is looked up under the objects that wrap a provider's fields: EventBridge's `detail`, Azure's `properties`,
 * exporters' `data`; a path that starts with one of those on a record without it, at the top (`properties.appId` on
 * a Graph sign-in). The record is parsed once per event, whatever the number of rules.
 */

type Scalar = string | number | boolean;
const WRAPPERS = ['detail', 'properties', 'data'] as const;

const recordOf = perEvent((event: VigilEvent): unknown => {
  const original = event.event.original;
  if (!original.startsWith('{')) return undefined;
  try {
    return JSON.parse(original) as unknown;
  } catch {
    return undefined;
  }
});

function isBag(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}

/** The own property `key` of an object, else the first whose name is the same in any case. */
export function child(node: Readonly<Record<string, unknown>>, key: string): unknown {
  if (Object.hasOwn(node, key)) return node[key];
  const lower = key.toLowerCase();
  for (const name of Object.keys(node)) if (name.toLowerCase() === lower) return node[name];
  return undefined;
}

function collect(node: unknown, keys: readonly string[], i: number, out: Scalar[], nulls: { seen: boolean }): void {
  if (node === undefined) return;
  if (Array.isArray(node)) {
    if (i === keys.length && node.every((item) => !isBag(item))) {
      // An empty list reads as the text `[]`, as table exports write it (`NetworkLocationDetails: '[]'`).
      if (node.length === 0) out.push('[]');
      for (const item of node as unknown[]) if (item !== null && item !== undefined) out.push(item as Scalar);
      return;
    }
    for (const item of node as unknown[]) collect(item, keys, i, out, nulls);
    return;
  }
  if (i === keys.length) {
    if (node === null) nulls.seen = true;
    else if (isBag(node) && typeof node.value === 'string' && Object.hasOwn(node, 'localizedValue')) out.push(node.value);
    else out.push(isBag(node) ? JSON.stringify(node) : (node as Scalar));
    return;
  }
  if (!isBag(node)) return;
  collect(child(node, keys[i]!), keys, i + 1, out, nulls);
  // A key that itself holds dots (`authorization.k8s.io/decision`): the rest of the path as one key.
  if (out.length === 0 && i < keys.length - 1) {
    const rest = keys.slice(i).join('.');
    if (Object.hasOwn(node, rest)) collect(node[rest], keys, keys.length, out, nulls);
  }
}

function valueAt(record: unknown, keys: readonly string[]): FieldValue {
  const out: Scalar[] = [];
  const nulls = { seen: false };
  collect(record, keys, 0, out, nulls);
  if (out.length === 0 && isBag(record)) {
    for (const wrapper of WRAPPERS) {
      const inner = Object.hasOwn(record, wrapper) ? (record as Record<string, unknown>)[wrapper] : undefined;
      if (isBag(inner) && !Array.isArray(inner) && keys[0]?.toLowerCase() !== wrapper) collect(inner, keys, 0, out, nulls);
      if (out.length > 0) break;
    }
    // A rule written for the wrapped shape (`properties.appId`) read on a record that holds it at the top (Graph's
    // objects, table rows).
    const head = keys[0]?.toLowerCase();
    if (out.length === 0 && keys.length > 1 && WRAPPERS.some((wrapper) => wrapper === head) && !Object.keys(record).some((key) => key.toLowerCase() === head)) {
      collect(record, keys.slice(1), 0, out, nulls);
    }
  }
  if (out.length === 0) return nulls.seen ? null : undefined;
  return out.length === 1 ? out[0] : out;
}

/** The objects at a path, arrays looked through. */
function objectsAt(node: unknown, keys: readonly string[], i: number, out: Readonly<Record<string, unknown>>[]): void {
  if (Array.isArray(node)) {
    for (const item of node as unknown[]) objectsAt(item, keys, i, out);
    return;
  }
  if (!isBag(node)) return;
  if (i === keys.length) out.push(node);
  else objectsAt(child(node, keys[i]!), keys, i + 1, out);
}

const PARAMETER_VALUES = ['value', 'multiValue', 'boolValue', 'intValue', 'multiIntValue'] as const;

/** The value of the `{name, value}` entries of name/value lists (Workspace event parameters) whose name is `name`. */
function parameterValue(record: unknown, lists: readonly (readonly string[])[], name: string): FieldValue {
  const wanted = name.toLowerCase();
  const out: Scalar[] = [];
  for (const list of lists) {
    const entries: Readonly<Record<string, unknown>>[] = [];
    objectsAt(record, list, 0, entries);
    for (const entry of entries) {
      if (typeof entry.name !== 'string' || entry.name.toLowerCase() !== wanted) continue;
      for (const key of PARAMETER_VALUES) collect(entry[key], [], 0, out, { seen: false });
    }
  }
  if (out.length === 0) return undefined;
  return out.length === 1 ? out[0] : out;
}

/**
 * The getter of a Sigma field name read from the original JSON record; else from the paths given for the name;
 * else from the product's name/value lists. A name the product works out from the record (`derive`) is only that.
 */
export function recordField(name: string, aliases: readonly string[] = [], parameterLists: readonly string[] = [], derive?: (record: unknown) => FieldValue): FieldGetter {
  const keys = name.split('.');
  if (derive !== undefined) return (event) => derive(recordOf(event));
  if (aliases.length === 0 && parameterLists.length === 0) return (event) => valueAt(recordOf(event), keys);
  const paths = [keys, ...aliases.map((alias) => alias.split('.'))];
  const lists = parameterLists.map((list) => list.split('.'));
  return (event) => {
    const record = recordOf(event);
    for (const path of paths) {
      const value = valueAt(record, path);
      if (value !== undefined) return value;
    }
    return lists.length === 0 ? undefined : parameterValue(record, lists, name);
  };
}
