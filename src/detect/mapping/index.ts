import type { VigilEvent } from '../../schema/event.ts';
import type { FieldGetter, FieldResolver, FieldValue } from '../types.ts';

/**
 * PLACEHOLDER, written so the rule-pack harness compiles before the mapping work lands (that work replaces
 * this file). It knows no logsource (every logsource selects every event) and no taxonomy table: dotted
 * names are read through the event object, `EventID`/`Channel`/`Provider_Name` from `winlog`, and any other
 * name from `winlog.event_data`.
 */

const WINLOG_SYSTEM: Readonly<Record<string, FieldGetter>> = {
  EventID: (event) => event.winlog?.event_id,
  Channel: (event) => event.winlog?.channel,
  Provider_Name: (event) => event.winlog?.provider_name,
};

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function fieldValue(value: unknown): FieldValue {
  if (value === null || isScalar(value)) return value;
  if (Array.isArray(value)) return value.filter(isScalar);
  return undefined;
}

function dottedGetter(name: string): FieldGetter {
  const parts = name.split('.');
  return (event) => {
    let current: unknown = event;
    for (const part of parts) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return fieldValue(current);
  };
}

function eventDataGetter(name: string): FieldGetter {
  return (event: VigilEvent) => event.winlog?.event_data?.[name];
}

export const defaultResolver: FieldResolver = {
  field: (name) => WINLOG_SYSTEM[name] ?? (name.includes('.') ? dottedGetter(name) : eventDataGetter(name)),
  keywords: (event) => event.event.original,
  selects: () => () => true,
};
