import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { sharedPath } from './shared-data.ts';

/** SigmaHQ regression data: Windows events as nested `{"Event":{"System":…}}` JSON, some files concatenated. */

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFiles(path));
    else if (entry.name.endsWith('.json')) out.push(path);
  }
  return out.sort();
}

test('every SigmaHQ regression JSON file is read as windows-json without a rejected record', async (t) => {
  const dir = sharedPath(t, 'sigma', 'regression_data');
  if (dir === undefined) return;
  const files = jsonFiles(dir);
  const { events, errors, formats } = await collectEvents(files, { tz: 'UTC' });
  t.diagnostic(`${files.length} files, ${events.length} events, ${errors.length} record errors`);
  assert.ok(files.length >= 200, `${files.length} files`);
  assert.deepEqual([...new Set(formats)], ['windows-json']);
  assert.equal(errors.length, 0, JSON.stringify(errors.slice(0, 3)));
  assert.ok(events.every((e) => e.event.code !== undefined && e.host?.name !== undefined && e['@timestamp'] !== undefined));
});
