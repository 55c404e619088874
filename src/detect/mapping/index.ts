import type { VigilEvent } from '../../schema/event.ts';
import type { FieldGetter, FieldResolver, FieldValue } from '../types.ts';

/**
 * PLACEHOLDER, to be replaced by the field/logsource mapping (src/detect/mapping/). It accepts every
 * logsource; dotted names (`source.ip`, `@timestamp`) are read through the event object; the Windows System
 * fields EventID, Channel, Provider_Name and Computer come from `winlog`; any other name is read from
 * `winlog.event_data[name]`.
 */

const SYSTEM_FIELDS: Record<string, string> = {
  EventID: 'winlog.event_id',
  Channel: 'winlog.channel',
  Provider_Name: 'winlog.provider_name',
  Computer: 'winlog.computer_name',
};

function pathGetter(path: string): FieldGetter {
  const keys = path.split('.');
  return (event) => {
    let current: unknown = event;
    for (const key of keys) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return fieldValue(current);
  };
}

function fieldValue(value: unknown): FieldValue {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.filter((v): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  return undefined;
}

export const defaultResolver: FieldResolver = {
  field(name) {
    const system = SYSTEM_FIELDS[name];
    if (system !== undefined) return pathGetter(system);
    if (name.includes('.') || name.startsWith('@')) return pathGetter(name);
    return (event: VigilEvent) => event.winlog?.event_data?.[name];
  },
  keywords: (event) => event.event.original,
  selects: () => () => true,
};
