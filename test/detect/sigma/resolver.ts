import type { VigilEvent } from '../../../src/schema/event.ts';
import type { FieldGetter, FieldResolver, FieldValue, LogSource } from '../../../src/detect/types.ts';

/**
 * A small FieldResolver for engine tests (the real mapping lives in src/detect/mapping/). Test events carry
 * their Sigma fields, by name, in a side table, so values of every type (numbers, arrays, null) can be set.
 */

interface TestData {
  fields: Record<string, FieldValue>;
  logsource: LogSource;
}

const DATA = new WeakMap<VigilEvent, TestData>();

let counter = 0;

export function testEvent(fields: Record<string, FieldValue>, options: { logsource?: LogSource; original?: string; time?: string } = {}): VigilEvent {
  counter++;
  const event: VigilEvent = {
    id: `test-${counter}`,
    ...(options.time === undefined ? {} : { '@timestamp': options.time }),
    event: { kind: 'event', dataset: 'test', original: options.original ?? JSON.stringify(fields) },
    log: { file: { path: 'test.log' }, line: counter },
    vigil: { format: 'test', time: { source: options.time === undefined ? 'none' : 'record' }, indicators: [] },
  };
  DATA.set(event, { fields, logsource: options.logsource ?? { product: 'windows' } });
  return event;
}

export interface TestResolverOptions {
  /** Field names the resolver cannot map. */
  unmapped?: readonly string[];
  /** Logsources the resolver has no data for (by product). */
  unknownProducts?: readonly string[];
}

export function testResolver(options: TestResolverOptions = {}): FieldResolver {
  const unmapped = new Set(options.unmapped ?? []);
  const unknown = new Set(options.unknownProducts ?? []);
  return {
    field(name: string): FieldGetter | undefined {
      if (unmapped.has(name)) return undefined;
      return (event) => DATA.get(event)?.fields[name];
    },
    keywords: (event) => event.event.original,
    selects(logsource: LogSource) {
      if (logsource.product !== undefined && unknown.has(logsource.product)) return undefined;
      return (event: VigilEvent) => {
        const own = DATA.get(event)?.logsource ?? {};
        return (['product', 'category', 'service'] as const).every((k) => logsource[k] === undefined || own[k] === undefined || own[k] === logsource[k]);
      };
    },
  };
}

/** Accepts every logsource and maps every field (to nothing): measures what the engine supports, not the mapping. */
export const acceptAllResolver: FieldResolver = {
  field: () => () => undefined,
  keywords: (event) => event.event.original,
  selects: () => () => true,
};
