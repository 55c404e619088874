import type { VigilEvent } from '../../schema/event.ts';
import type { FieldGetter, FieldValue } from '../types.ts';

/**
 * Getter building blocks. Every getter is built once (at rule compile time) and only reads properties when
 * called: no parsing, no allocation on the common path.
 */

type Bag = Readonly<Record<string, unknown>>;

export const absent: FieldGetter = () => undefined;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

/** What a matcher can use: scalars and arrays of scalars; nested objects are not field values. */
function asValue(value: unknown): FieldValue {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return Array.isArray(value) ? (value as readonly (string | number | boolean)[]) : undefined;
}

/** A dotted path through the event's nested objects (`process.parent.executable`). */
export function path(dotted: string): FieldGetter {
  const keys = dotted.split('.');
  const [a, b, c] = keys;
  if (keys.length === 1 && a !== undefined) return (event) => asValue((event as Bag)[a]);
  if (keys.length === 2 && a !== undefined && b !== undefined) {
    return (event) => {
      const first = (event as Bag)[a];
      return isBag(first) ? asValue(first[b]) : undefined;
    };
  }
  if (keys.length === 3 && a !== undefined && b !== undefined && c !== undefined) {
    return (event) => {
      const first = (event as Bag)[a];
      const second = isBag(first) ? first[b] : undefined;
      return isBag(second) ? asValue(second[c]) : undefined;
    };
  }
  return (event) => {
    let current: unknown = event;
    for (const key of keys) {
      if (!isBag(current)) return undefined;
      current = current[key];
    }
    return asValue(current);
  };
}

/** One entry of `labels` (the fields a format kept under their source names). */
export function label(key: string): FieldGetter {
  return (event) => event.labels?.[key];
}

/** `name` lower-cased without spaces: how a Sigma name is compared with keys written another way. */
export function foldName(name: string): string {
  return name.toLowerCase().split(' ').join('');
}

function foldCode(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** Whether `key` equals a folded name, ignoring ASCII case and spaces, without allocating. */
function sameFolded(key: string, folded: string): boolean {
  let j = 0;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code === 32) continue;
    if (j >= folded.length || foldCode(code) !== folded.charCodeAt(j)) return false;
    j++;
  }
  return j === folded.length;
}

/** The value of the first key that matches a folded name (`Threat Name` for `ThreatName`, `image` for `Image`). */
function foldedLookup(record: Readonly<Record<string, string>>, folded: string): string | undefined {
  for (const key in record) if (sameFolded(key, folded)) return record[key];
  return undefined;
}

/**
 * A raw Windows EventData value: the exact name first, then the same name in any case and without spaces
 * (Defender writes `Threat Name`, Sigma rules say `ThreatName`).
 */
export function eventData(name: string): FieldGetter {
  const folded = foldName(name);
  return (event) => {
    const data = event.winlog?.event_data;
    if (data === undefined) return undefined;
    return data[name] ?? foldedLookup(data, folded);
  };
}

/** A label by its exact name, then in any case (Zeek and JSON sources keep their own spellings). */
export function labelAnyCase(name: string): FieldGetter {
  const folded = foldName(name);
  return (event) => {
    const labels = event.labels;
    if (labels === undefined) return undefined;
    return labels[name] ?? foldedLookup(labels, folded);
  };
}

/** The first getter that yields a value. */
export function first(...getters: FieldGetter[]): FieldGetter {
  const [a, b, c] = getters;
  if (getters.length === 1 && a !== undefined) return a;
  if (getters.length === 2 && a !== undefined && b !== undefined) return (event) => a(event) ?? b(event);
  if (getters.length === 3 && a !== undefined && b !== undefined && c !== undefined) {
    return (event) => a(event) ?? b(event) ?? c(event);
  }
  return (event) => {
    for (const getter of getters) {
      const value = getter(event);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

/** A constant for every event (used for derived flags). */
export function constant(value: FieldValue): FieldGetter {
  return () => value;
}

/**
 * Caches the last event's result. The detector asks every rule about one event before the next, so a
 * one-slot cache turns work done per rule into work done per event, without holding more than one event.
 */
export function memoLast<T>(compute: (event: VigilEvent) => T): (event: VigilEvent) => T {
  let lastEvent: VigilEvent | undefined;
  let lastValue!: T;
  return (event) => {
    if (event !== lastEvent) {
      lastValue = compute(event);
      lastEvent = event;
    }
    return lastValue;
  };
}

/** True when the event's `event.type` list holds `type`. */
export function hasType(event: VigilEvent, type: string): boolean {
  return event.event.type?.includes(type) === true;
}

/** True when the event's `event.category` list holds `category`. */
export function hasCategory(event: VigilEvent, category: string): boolean {
  return event.event.category?.includes(category) === true;
}
