import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Draft, FormatDefinition, ParseOutcome, Sample } from '../../src/ingest/format.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';

/** Helpers to unit-test a line format: one record through a fresh parser, its first draft, a sample. */
export function lineFormatHelpers(format: FormatDefinition) {
  const parse = (text: string): ParseOutcome => format.createParser({ fileName: 'x' }).parse({ text, line: 1, offset: 0 });
  const draft = (text: string): Draft => {
    const outcome = parse(text);
    assert.equal(outcome.kind, 'events', outcome.kind === 'error' ? `${outcome.reason}: ${text}` : `expected an event for: ${text}`);
    const first = outcome.kind === 'events' ? outcome.drafts[0] : undefined;
    assert.ok(first !== undefined);
    return first;
  };
  const sample = (lines: string[]): Sample => ({ fileName: 'x', lines, values: [] });
  return { parse, draft, sample };
}

/** Reads a log given as text from a file of that name in `dir`, through the real read path (UTC, year 2024). */
export async function readLogText(dir: string, name: string, text: string): Promise<Awaited<ReturnType<typeof collectEvents>>> {
  const file = join(dir, name);
  writeFileSync(file, text);
  return collectEvents([file], { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') });
}

/** The directory of the format contract's fixtures (`<format id>/input.*`). */
export const FORMAT_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');

/** The events of a format's fixture, read as the contract suite reads it; asserts it is sniffed as that format, without errors. */
export async function fixtureEvents(id: string, input: string): Promise<VigilEvent[]> {
  const { events, errors, formats } = await collectEvents([join(FORMAT_FIXTURES, id, input)], { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') });
  assert.deepEqual([errors, formats], [[], [id]]);
  return events;
}
