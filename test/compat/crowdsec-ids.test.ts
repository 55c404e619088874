import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { locate, parsersIn, readParserResults } from './crowdsec-assert.ts';
import { dotted, percent, sharedPath } from './shared-data.ts';

/**
 * The CrowdSec hub's Suricata parser tests (fast.log lines, EVE JSON): for every successful result of their
 * suricata-fastlogs and suricata-evelogs parsers, the alert's endpoints, protocol, signature, sid, classification
 * and severity agree with our event of the same line; and its ModSecurity tests (Apache and nginx error logs): the
 * client, rule id and message, URI and method.
 */

const PARSERS = ['crowdsecurity/suricata-fastlogs', 'crowdsecurity/suricata-evelogs'];
const OPTIONS = { tz: 'UTC', year: 2024 };

/** `none`: the value the hub's parser gives for a field the line does not have (Apache's `[remote ip:0]`). */
type Fields = Readonly<Record<string, { path: string; lower?: boolean; none?: string }>>;

const FIELDS: Fields = {
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

const WAF_FIELDS: Fields = {
  'Meta.source_ip': { path: 'source.ip' },
  'Parsed.source_port': { path: 'source.port', none: '0' },
  'Parsed.ruleid': { path: 'rule.id' },
  'Meta.rule_id': { path: 'rule.id' },
  'Parsed.rulemessage': { path: 'rule.name' },
  'Meta.modsec_message': { path: 'rule.name' },
  'Parsed.targeturi': { path: 'url.path' },
  'Parsed.verb': { path: 'http.request.method' },
};

/** Every successful result of `parsers` in the hub's tests, compared field by field with our event of the same line. */
async function compareResults(t: TestContext, parsers: readonly string[], fields: Fields, minimum: number): Promise<void> {
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
    const used = parsers.filter((p) => parsersIn(assertFile).has(p));
    if (used.length === 0) continue;
    tests.push(name);
    const log = /log_file:\s*(\S+)/.exec(readFileSync(join(root, name, 'config.yaml'), 'utf8'))?.[1];
    assert.ok(log !== undefined, name);
    const path = join(root, name, log);
    const lines = readFileSync(path, 'utf8').split('\n');
    const { events, errors } = await collectEvents([path], OPTIONS);
    assert.deepEqual(errors, [], name);
    const byLine = new Map<number, VigilEvent>(events.map((e) => [e.log.line ?? 0, e]));
    for (const parser of used) {
      for (const hit of locate(readParserResults(assertFile, parser), lines).filter((h) => h.result.success === true)) {
        results++;
        const event = byLine.get(hit.line);
        for (const [key, expected] of hit.result.fields) {
          const rule = fields[key];
          if (rule === undefined || expected === rule.none) continue;
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
  assert.ok(compared >= minimum, `${String(compared)} fields compared`);
  assert.deepEqual(failures, []);
}

test('CrowdSec hub Suricata tests: alert fields agree (fast.log and EVE)', (t) => compareResults(t, PARSERS, FIELDS, 50));

test('CrowdSec hub ModSecurity tests: web application firewall alerts in Apache and nginx error logs agree', (t) => compareResults(t, ['crowdsecurity/modsecurity'], WAF_FIELDS, 50));
