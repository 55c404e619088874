import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { EventSchema } from '../../src/schema/event.ts';
import { subsetMismatch } from '../helpers/subset.ts';

/** One suite over the registry: every format ships a fixture, is detected from it, and yields the expected events. */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };

function fixture(id: string): { input: string; expected: unknown[] } {
  const dir = join(FIXTURES, id);
  assert.ok(existsSync(dir), `format ${id} has no fixture folder test/fixtures/formats/${id}`);
  const input = readdirSync(dir).find((f) => f.startsWith('input.'));
  assert.ok(input !== undefined, `format ${id} has no input.* fixture`);
  const expected = readFileSync(join(dir, 'expected.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
  assert.ok(expected.length > 0, `format ${id} has an empty expected.jsonl`);
  return { input: join(dir, input), expected };
}

describe('format contract', () => {
  for (const format of FORMATS) {
    describe(format.id, () => {
      it('is detected from its fixture content and yields the expected events', async () => {
        const { input, expected } = fixture(format.id);
        const { events, formats } = await collectEvents([input], OPTIONS);
        assert.deepEqual(formats, [format.id], `sniffing picked ${formats.join(',')} for ${format.id}'s fixture`);
        assert.equal(events.length, expected.length, `event count for ${format.id}`);
        expected.forEach((want, i) => {
          const mismatch = subsetMismatch(want, events[i]);
          assert.equal(mismatch, undefined, `event ${i + 1} (line ${events[i]?.log.line}): ${mismatch}`);
        });
      });

      it('yields schema-valid events with stable ids', async () => {
        const { input } = fixture(format.id);
        const first = await collectEvents([input], OPTIONS);
        const second = await collectEvents([input], OPTIONS);
        for (const event of first.events) {
          const parsed = EventSchema.safeParse(event);
          assert.ok(parsed.success, `line ${event.log.line}: ${parsed.success ? '' : parsed.error.message}`);
        }
        assert.deepEqual(second.events.map((e) => e.id), first.events.map((e) => e.id));
        assert.equal(new Set(first.events.map((e) => e.id)).size, first.events.length, 'ids are unique');
      });
    });
  }
});
