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

/**
 * An own text value of a record. Field names come from rule files and records from logs: a name such as
 * `constructor` must not reach `Object.prototype`.
 */
export function ownText(record: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** One entry of `labels` (the fields a format kept under their source names). */
export function label(key: string): FieldGetter {
  return (event) => ownText(event.labels, key);
}

/** `name` lower-cased without spaces: how a Sigma name is compared with keys written another way. */
export function foldName(name: string): string {
  const lower = name.toLowerCase();
  return lower.includes(' ') ? lower.split(' ').join('') : lower;
}

type TextRecord = Readonly<Record<string, string>>;

/**
 * The values of a record by folded key, built when a lookup first misses on a record and kept while the
 * record lives, so rules naming fields an event lacks cost one map lookup each, not a scan of the record.
 */
function foldedIndex(): (record: TextRecord) => ReadonlyMap<string, string> {
  const indexes = new WeakMap<TextRecord, Map<string, string>>();
  return (record) => {
    let index = indexes.get(record);
    if (index === undefined) {
      index = new Map();
      for (const key in record) {
        const folded = foldName(key);
        const value = record[key];
        if (typeof value === 'string' && !index.has(folded)) index.set(folded, value);
      }
      indexes.set(record, index);
    }
    return index;
  };
}

const eventDataIndex = foldedIndex();
const labelIndex = foldedIndex();

/**
 * A raw Windows EventData value: the exact name first, then the same name in any case and without spaces
 * (Defender writes `Threat Name`, Sigma rules say `ThreatName`).
 */
export function eventData(name: string): FieldGetter {
  const folded = foldName(name);
  return (event) => {
    const data = event.winlog?.event_data;
    if (data === undefined) return undefined;
    return ownText(data, name) ?? eventDataIndex(data).get(folded);
  };
}

/** A label by its exact name, then in any case (Zeek and JSON sources keep their own spellings). */
export function labelAnyCase(name: string): FieldGetter {
  const folded = foldName(name);
  return (event) => {
    const labels = event.labels;
    if (labels === undefined) return undefined;
    return ownText(labels, name) ?? labelIndex(labels).get(folded);
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
 * Work done once per event, whatever the number of rules asking (re-reading auditd records, joining keyword
 * texts). Kept with the event object and dropped with it; events are never changed after normalisation.
 */
export function perEvent<T>(compute: (event: VigilEvent) => T): (event: VigilEvent) => T {
  const results = new WeakMap<VigilEvent, { value: T }>();
  return (event) => {
    let slot = results.get(event);
    if (slot === undefined) {
      slot = { value: compute(event) };
      results.set(event, slot);
    }
    return slot.value;
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
