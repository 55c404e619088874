import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Readable } from 'node:stream';
import type { Draft } from '../../src/ingest/format.ts';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { readSource } from '../../src/ingest/read.ts';
import { prng, randomEdits } from '../helpers/random-text.ts';

/**
 * Normalisation completes each draft's fields into its event in place (buildEvent), so no object of a
 * draft's fields may be shared with another draft or appear twice in one (see `Draft.fields`). Formats that
 * compact in place (compactOwned) rely on their builders for this instead of on compact()'s copy.
 */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const PIECES = [' ', '"', '[', ']', '=', ':', '-', '0', 'x', ' from 1.2.3.4 port 22', ' user=root rhost=h.example.com', '\\'];

function fixtureLines(id: string): string[] {
  const dir = join(FIXTURES, id);
  const input = readdirSync(dir).find((f) => f.startsWith('input.'));
  return input === undefined ? [] : readFileSync(join(dir, input), 'utf8').split('\n').filter((l) => l !== '');
}

/** Every plain object of the tree, checked against those met before. */
function claim(value: unknown, seen: Set<object>, path: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  assert.ok(!seen.has(value), `object at ${path} is shared`);
  seen.add(value);
  for (const [key, inner] of Object.entries(value)) claim(inner, seen, `${path}.${key}`);
}

describe('draft fields own their objects', () => {
  for (const format of FORMATS) {
    it(`${format.id}: no object shared between or within drafts of fixture and mutated records`, async () => {
      const random = prng(format.id.length);
      const seeds = fixtureLines(format.id);
      // The fixture as it is, then its records mutated (after the first, which may be a header).
      const mutated = seeds.map((line, i) => (i === 0 ? line : randomEdits(line, random, PIECES)));
      const drafts: Draft[] = [];
      for (const text of [seeds.join('\n'), [...seeds, ...mutated.slice(1)].join('\n')]) {
        const reading = await readSource('ownership', Readable.from([Buffer.from(text)]), { format: format.id });
        for await (const items of reading.batches(() => undefined)) for (const item of items) drafts.push(item.draft);
      }
      assert.ok(drafts.length > 0, `${format.id} yields drafts`);
      const seen = new Set<object>();
      drafts.forEach((draft, i) => claim(draft.fields, seen, `draft ${i}`));
    });
  }
});
