import type { FieldResolver } from '../types.ts';

/** PLACEHOLDER until the mapping lands: dotted names through the event, other names through winlog.event_data. */
export const defaultResolver: FieldResolver = {
  field: (name) => {
    const parts = name.split('.');
    return (event) => {
      if (parts.length === 1) return event.winlog?.event_data?.[name];
      let current: unknown = event;
      for (const part of parts) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
      return typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean' ? current : undefined;
    };
  },
  keywords: (event) => event.event.original,
  selects: () => () => true,
};
