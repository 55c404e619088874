import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { locate, parsersIn, readParserResults } from './crowdsec-assert.ts';
import { dotted, percent, sharedPath } from './shared-data.ts';

/**
 * The CrowdSec hub's Suricata parser tests (fast.log lines, EVE JSON): for every successful result of their
 * suricata-fastlogs and suricata-evelogs parsers, the alert's endpoints, protocol, signature, sid, classification
 * and severity agree with our event of the same line.
 */

const PARSERS = ['crowdsecurity/suricata-fastlogs', 'crowdsecurity/suricata-evelogs'];
const OPTIONS = { tz: 'UTC', year: 2024 };

const FIELDS: Readonly<Record<string, { path: string; lower?: boolean }>> = {
  'Parsed.source_ip': { path: 'source.ip' },
  'Meta.source_ip': { path: 'source.ip' },
  'Parsed.dest_ip': { path: 'destination.ip' },
  'Parsed.source_port': { path: 'source.port' },
  'Parsed.dest_port': { path: 'destination.port' },
  'Parsed.proto': { path: 'network.transport', lower: true },
  'Parsed.rule_id': { path: 'rule.id' },
  'Meta.suricata_alert_signature_id': { path: 'rule.id' },
  'Parsed.suricata_alert_signature': { path: 'rule.name' },
  'Parsed.suricata_classification': { path: 'rule.category' },
  'Parsed.suricata_priority': { path: 'event.severity' },
  'Meta.suricata_rule_severity': { path: 'event.severity' },
};

test('CrowdSec hub Suricata tests: alert fields agree (fast.log and EVE)', async (t) => {
  const root = sharedPath(t, 'crowdsec-hub', '.tests');
  if (root === undefined) return;
  let compared = 0;
  let passed = 0;
  let results = 0;
  const failures: string[] = [];
  const tests: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const assertFile = join(root, name, 'parser.assert');
    if (!existsSync(assertFile)) continue;
    const parsers = PARSERS.filter((p) => parsersIn(assertFile).has(p));
    if (parsers.length === 0) continue;
    tests.push(name);
    const log = /log_file:\s*(\S+)/.exec(readFileSync(join(root, name, 'config.yaml'), 'utf8'))?.[1];
    assert.ok(log !== undefined, name);
    const path = join(root, name, log);
    const lines = readFileSync(path, 'utf8').split('\n');
    const { events, errors } = await collectEvents([path], OPTIONS);
    assert.deepEqual(errors, [], name);
    const byLine = new Map<number, VigilEvent>(events.map((e) => [e.log.line ?? 0, e]));
    for (const parser of parsers) {
      for (const hit of locate(readParserResults(assertFile, parser), lines).filter((h) => h.result.success === true)) {
        results++;
        const event = byLine.get(hit.line);
        for (const [key, expected] of hit.result.fields) {
          const rule = FIELDS[key];
          if (rule === undefined) continue;
          const value = event === undefined ? undefined : dotted(event, rule.path);
          const got = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
          const want = rule.lower === true ? expected.toLowerCase() : expected;
          compared++;
          if (got === want) passed++;
          else failures.push(`${name}:${String(hit.line)} ${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        }
      }
    }
  }
  t.diagnostic(`${tests.join(', ')}: ${String(results)} successful results, ${String(passed)} of ${String(compared)} fields agree (${percent(passed, compared).toFixed(1)} %)`);
  for (const failure of failures.slice(0, 20)) t.diagnostic(`  ${failure}`);
  assert.ok(compared >= 50, `${String(compared)} fields compared`);
  assert.deepEqual(failures, []);
});
