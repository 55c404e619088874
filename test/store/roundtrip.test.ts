import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { rowToEvent, storedEventColumns, type StoredRow } from '../../src/store/events.ts';
import { openStore } from '../../src/store/index.ts';

/**
 * The store keeps some fields in columns only (id, time, message, original, dataset, format, file path,
 * line) and the rest in `doc`: every event of every format fixture and example must come back unchanged.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'formats');

describe('store round trip', () => {
  it('gives back every fixture and example event exactly as written', async () => {
    const inputs = readdirSync(FIXTURES).flatMap((id) => readdirSync(join(FIXTURES, id)).filter((f) => f.startsWith('input.')).map((f) => join(FIXTURES, id, f)));
    const { events } = await collectEvents([...inputs, join(ROOT, 'examples')], { tz: 'UTC', year: 2024 });
    assert.ok(events.length > 3000, `${events.length} events`);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-roundtrip-'));
    const store = openStore(join(dir, 'v.db'));
    try {
      assert.equal(store.events.write(events, store.runs.start('test', {})), events.length);
      const rows = store.db.prepare(`SELECT ${storedEventColumns()} FROM events`).all() as StoredRow[];
      const stored = new Map(rows.map(rowToEvent).map((e) => [e.id, e]));
      assert.equal(stored.size, events.length);
      for (const event of events) assert.deepEqual(stored.get(event.id), event, `${event.log.file.path}:${event.log.line}`);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
