import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { unquoteGo } from './crowdsec-assert.ts';
import { dotted, percent, sharedPath } from './shared-data.ts';

/**
 * The CrowdSec hub's Windows tests (their agent forwards events as XML): every event of their logs is read as
 * a Windows event, and the fields their parser and scenario tests assert (channel, computer, event id,
 * provider, time; for IIS-Logging events the request; for failed logons who, from where and why) agree with
 * ours wherever our schema has the field.
 */

const OPTIONS = { tz: 'UTC', year: 2024 };

/** CrowdSec key → our path, and how its value is written on our side. */
const FIELDS: Readonly<Record<string, { path: string; ours?: (value: string) => string }>> = {
  Channel: { path: 'winlog.channel' },
  Computer: { path: 'host.name' },
  EventID: { path: 'event.code' },
  Source: { path: 'event.provider' },
  timestamp: { path: '@timestamp', ours: millis },
  MarshaledTime: { path: '@timestamp', ours: millis },
  source_ip: { path: 'source.ip' },
  http_status: { path: 'http.response.status_code' },
  http_verb: { path: 'http.request.method' },
  verb: { path: 'http.request.method' },
  http_path: { path: 'url.path' },
  http_args: { path: 'url.query' },
  // IIS writes spaces in user agents as '+'; we store the user agent the client sent.
  http_user_agent: { path: 'user_agent.original', ours: (v) => v.replaceAll('+', ' ') },
  username: { path: 'user.name' },
  logon_type: { path: 'winlog.logon.type' },
  status: { path: 'labels.status' },
  sub_status: { path: 'labels.sub_status' },
};

/** A time as we store it: UTC, to the millisecond. */
function millis(value: string): string {
  return new Date(value.replace(/(\.\d{3})\d+/, '$1')).toISOString();
}

const ASSERTED = /(?:Evt\.(?:Parsed|Meta|Enriched)\["([^"]+)"\]|Events\[(\d+)\]\.GetMeta\("([^"]+)"\)) == "((?:[^"\\]|\\.)*)"$/;

interface Case {
  name: string;
  log: string;
  asserts: string[];
}

function windowsCases(root: string): Case[] {
  const out: Case[] = [];
  for (const name of readdirSync(root).sort()) {
    const config = join(root, name, 'config.yaml');
    if (!existsSync(config)) continue;
    const text = readFileSync(config, 'utf8');
    if (!text.includes('wineventlog')) continue;
    const log = /log_file:\s*(\S+)/.exec(text)?.[1];
    if (log === undefined) continue;
    const asserts = ['parser.assert', 'scenario.assert'].map((f) => join(root, name, f)).filter(existsSync).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
    out.push({ name, log: join(root, name, log), asserts });
  }
  return out;
}

test('CrowdSec hub Windows tests: every event read as Windows XML, asserted fields agree', async (t) => {
  const root = sharedPath(t, 'crowdsec-hub', '.tests');
  if (root === undefined) return;
  const cases = windowsCases(root);
  assert.ok(cases.length >= 4, `Windows tests found: ${cases.map((c) => c.name).join(', ')}`);
  let compared = 0;
  let passed = 0;
  let events = 0;
  const failures: string[] = [];
  for (const testCase of cases) {
    const written = (readFileSync(testCase.log, 'utf8').match(/<Event[\s>]/g) ?? []).length;
    const read = await collectEvents([testCase.log], OPTIONS);
    assert.deepEqual(read.errors, [], testCase.name);
    assert.deepEqual(read.formats, ['windows-xml'], testCase.name);
    assert.equal(read.events.length, written, `${testCase.name}: one event per <Event>`);
    events += written;
    for (const line of testCase.asserts) {
      const m = ASSERTED.exec(line.trim());
      if (m === null) continue;
      const key = m[1] ?? m[3]!;
      const rule = FIELDS[key];
      if (rule === undefined) continue;
      // Parser asserts are about the test's one parsed event; scenario asserts name the event they are about.
      const event: VigilEvent | undefined = read.events[m[2] === undefined ? 0 : Number(m[2])];
      const want = (rule.ours ?? ((v: string) => v))(unquoteGo(m[4]!));
      const value = event === undefined ? undefined : dotted(event, rule.path);
      const got = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
      compared++;
      if (got === want) passed++;
      else failures.push(`${testCase.name} ${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  }
  t.diagnostic(`${String(cases.length)} tests, ${String(events)} events; ${String(passed)} of ${String(compared)} asserted fields agree (${percent(passed, compared).toFixed(1)} %)`);
  for (const failure of failures) t.diagnostic(`  ${failure}`);
  assert.ok(compared >= 60, `${String(compared)} fields compared`);
  assert.deepEqual(failures, []);
});
