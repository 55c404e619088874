import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { locate, readParserResults } from './crowdsec-assert.ts';
import { percent, sharedPath } from './shared-data.ts';

/** How one asserted CrowdSec field is read from our event. */
export type Read = (e: VigilEvent) => unknown;

/**
 * One CrowdSec hub parser test compared field by field: the test's log is read (one format, no record error), and
 * for every successful result of the named parser, each asserted field that `fields` reads must equal ours
 * (numbers as text; the hub's `-` placeholder is "absent"). Returns undefined when the shared data is absent.
 */
export async function compareParserFields(t: TestContext, test: string, parser: string, format: string, fields: Readonly<Record<string, Read>>, recordErrors = 0): Promise<{ results: number; compared: number } | undefined> {
  const dir = sharedPath(t, 'crowdsec-hub', '.tests', test);
  if (dir === undefined) return undefined;
  // The test's own config names its log (usually `<test>.log`).
  const configured = /^log_file:\s*(\S+)/m.exec(readFileSync(join(dir, 'config.yaml'), 'utf8'))?.[1];
  const log = join(dir, configured ?? `${test}.log`);
  const { events, errors, formats } = await collectEvents([log], { tz: 'UTC' });
  assert.deepEqual([errors.length, formats], [recordErrors, [format]], JSON.stringify(errors));
  const byLine = new Map(events.map((e) => [e.log.line, e]));
  const hits = locate(readParserResults(join(dir, 'parser.assert'), parser), readFileSync(log, 'utf8').split('\n')).filter((h) => h.result.success === true);
  let compared = 0;
  const failures: string[] = [];
  for (const hit of hits) {
    const event = byLine.get(hit.line);
    for (const [key, expected] of hit.result.fields) {
      const read = fields[key];
      if (read === undefined) continue;
      const value = event === undefined ? undefined : read(event);
      const got = typeof value === 'number' ? String(value) : value;
      compared++;
      if (got !== (expected === '-' ? undefined : expected)) failures.push(`line ${String(hit.line)} ${key}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
    }
  }
  t.diagnostic(`${String(hits.length)} results, ${String(compared - failures.length)} of ${String(compared)} fields agree (${percent(compared - failures.length, compared).toFixed(1)} %)`);
  for (const failure of failures.slice(0, 20)) t.diagnostic(`  ${failure}`);
  assert.deepEqual(failures, []);
  return { results: hits.length, compared };
}
