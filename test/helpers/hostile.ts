import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { RecordError } from '../../src/ingest/read.ts';
import { sourceEvents } from '../../src/pipeline/events.ts';
import { EventSchema, type VigilEvent } from '../../src/schema/event.ts';

/**
 * Log keys and values named like Object.prototype members. A plain-object table indexed with one of them
 * returns a function (or Object.prototype), and `obj['__proto__'] = v` replaces a prototype.
 */
export const HOSTILE_WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'] as const;

const PROTOTYPE_KEYS = Reflect.ownKeys(Object.prototype).map(String).sort();

export interface HostileRead {
  events: VigilEvent[];
  errors: RecordError[];
}

/** Reads `text` as `formatId` through the real read path and the normaliser (what `vigil ingest` does). */
export async function readAs(formatId: string, text: string, mapping?: Record<string, string>): Promise<HostileRead> {
  const errors: RecordError[] = [];
  const source = { name: 'hostile.log', key: '/hostile.log', open: () => Readable.from([Buffer.from(text)]) };
  const options = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z'), format: formatId, mapping };
  const { batches } = await sourceEvents(source, options, (error) => errors.push(error));
  const events: VigilEvent[] = [];
  for await (const batch of batches) events.push(...batch);
  return { events, errors };
}

/** Object.prototype gained nothing (no `polluted`, no other new key). */
export function assertNoPollution(): void {
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.deepEqual(Reflect.ownKeys(Object.prototype).map(String).sort(), PROTOTYPE_KEYS);
}

/** Every nested object of the event still has a plain prototype (none was replaced through `__proto__`). */
function assertPlainPrototypes(value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null) return;
  const proto: unknown = Object.getPrototypeOf(value);
  assert.ok(proto === Object.prototype || proto === Array.prototype, `${path} has a replaced prototype`);
  for (const key of Object.keys(value)) assertPlainPrototypes((value as Record<string, unknown>)[key], `${path}.${key}`);
}

/** JSON copy without `__proto__` keys (zod's output leaves them out). */
function withoutProtoKeys(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, inner: unknown) => (key === '__proto__' ? undefined : inner));
}

/**
 * The event passes the schema and has no key the schema does not know (zod strips unknown keys, so its
 * output must equal the event), has only plain objects, and survives a JSON round trip unchanged.
 */
export function assertSoundEvent(event: VigilEvent): void {
  const parsed = EventSchema.safeParse(event);
  assert.ok(parsed.success, `line ${String(event.log.line)}: ${parsed.success ? '' : parsed.error.message}`);
  assert.deepEqual(withoutProtoKeys(parsed.data), withoutProtoKeys(event), 'keys unknown to the schema');
  assertPlainPrototypes(event, 'event');
  assert.deepEqual(JSON.parse(JSON.stringify(event)), event);
}

/**
 * Reads `text` as `formatId`: it must not throw, every event must be the format's own (not a plain-text
 * fallback) and sound, and nothing may be polluted. Returns the events for field checks.
 */
export async function hostileEvents(formatId: string, text: string, count: number, mapping?: Record<string, string>): Promise<VigilEvent[]> {
  const { events, errors } = await readAs(formatId, text, mapping);
  assert.deepEqual(errors, [], `record errors for ${JSON.stringify(text).slice(0, 200)}`);
  assert.equal(events.length, count, `event count for ${JSON.stringify(text).slice(0, 200)}`);
  for (const event of events) {
    assert.equal(event.vigil.format, formatId);
    assertSoundEvent(event);
  }
  assertNoPollution();
  return events;
}

/** `obj[key]` is an own data property (holding `value` when given), also after a JSON round trip. */
export function assertOwnField(obj: object | undefined, key: string, value?: string): void {
  assert.ok(obj !== undefined, `no object to hold ${key}`);
  for (const holder of [obj, JSON.parse(JSON.stringify(obj)) as object]) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, key);
    assert.ok(descriptor !== undefined && 'value' in descriptor, `${key} is not an own data property of ${JSON.stringify(holder)}`);
    if (value !== undefined) assert.equal(descriptor.value, value, `value of ${key}`);
  }
}
