import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultResolver } from '../../../src/detect/mapping/index.ts';
import type { FieldValue, LogSource } from '../../../src/detect/types.ts';
import { collectEvents } from '../../../src/pipeline/events.ts';
import type { VigilEvent } from '../../../src/schema/event.ts';

/** Events our own reader makes of an inline log (written to a temporary file, read with collectEvents). */
export async function eventsOf(fileName: string, text: string): Promise<VigilEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-mapping-'));
  try {
    const file = join(dir, fileName);
    writeFileSync(file, text);
    const { events, errors } = await collectEvents([file], { tz: 'UTC', year: 2024 });
    assert.deepEqual(errors, []);
    return events;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The single event of an inline log. */
export async function eventOf(fileName: string, text: string): Promise<VigilEvent> {
  const events = await eventsOf(fileName, text);
  assert.equal(events.length, 1, `expected one event, got ${events.length}`);
  const [event] = events;
  assert.ok(event !== undefined);
  return event;
}

/** Reads a Sigma field the way the engine does; fails when the name does not resolve. */
export function read(event: VigilEvent, logsource: LogSource, name: string): FieldValue {
  const getter = defaultResolver.field(name, logsource);
  assert.ok(getter !== undefined, `${name} does not resolve under ${JSON.stringify(logsource)}`);
  return getter(event);
}

/** Whether the logsource selects the event; fails when the logsource is unsupported. */
export function selected(event: VigilEvent, logsource: LogSource): boolean {
  const selector = defaultResolver.selects(logsource);
  assert.ok(selector !== undefined, `${JSON.stringify(logsource)} is unsupported`);
  return selector(event);
}

/** One JSON line. */
export const line = (value: unknown): string => `${JSON.stringify(value)}\n`;
