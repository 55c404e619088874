import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { locate, readParserResults } from './crowdsec-assert.ts';
import { dotted, percent, sharedPath } from './shared-data.ts';

/**
 * The CrowdSec hub's PAN-OS threat log test: for every successful result of its palo-alto-threat-log parser, the
 * fields it asserts that have a place in our event (endpoints, protocol, threat, rule, zones, interfaces,
 * application, action, session, repeat count, host) agree with our event of the same line.
 */

const label = (key: string) => (e: VigilEvent) => e.labels?.[key];
const path = (p: string) => (e: VigilEvent) => dotted(e, p);
const FIELDS: Readonly<Record<string, (e: VigilEvent) => unknown>> = {
  'Parsed.src_ip': path('source.ip'), 'Meta.source_ip': path('source.ip'), 'Parsed.dst_ip': path('destination.ip'),
  'Parsed.src_port': path('source.port'), 'Parsed.dst_port': path('destination.port'), 'Parsed.ip_proto': path('network.transport'),
  'Parsed.threat_id': path('message'), 'Parsed.rule': label('panos.rule'), 'Meta.rule_name': label('panos.rule'),
  'Parsed.src_zone': label('panos.from_zone'), 'Parsed.dst_zone': label('panos.to_zone'), 'Parsed.ingress_int': path('network.interface.in'),
  'Parsed.egress_int': path('network.interface.out'), 'Parsed.app': label('panos.application'), 'Meta.application': label('panos.application'),
  'Parsed.action': label('panos.action'), 'Parsed.session_id': label('panos.session_id'), 'Parsed.repeat_count': path('event.count'),
  'Parsed.syslog_hostname': path('host.name'), 'Parsed.vsys': label('panos.vsys'), 'Parsed.log_subtype': label('panos.subtype'),
  'Parsed.serial_number': label('panos.serial'), 'Parsed.nat_src_ip': label('panos.nat_source_ip'), 'Parsed.nat_dst_ip': label('panos.nat_destination_ip'),
};

test('CrowdSec hub PAN-OS threat test: asserted fields agree', async (t) => {
  const dir = sharedPath(t, 'crowdsec-hub', '.tests', 'palo-alto-threat');
  if (dir === undefined) return;
  const log = join(dir, 'palo-alto-threat.log');
  const { events, errors, formats } = await collectEvents([log], { tz: 'UTC' });
  assert.deepEqual(errors, []);
  assert.deepEqual(formats, ['panos']);
  const byLine = new Map(events.map((e) => [e.log.line, e]));
  let compared = 0;
  const failures: string[] = [];
  const hits = locate(readParserResults(join(dir, 'parser.assert'), 'crowdsecurity/palo-alto-threat-log'), readFileSync(log, 'utf8').split('\n')).filter((h) => h.result.success === true);
  for (const hit of hits) {
    const event = byLine.get(hit.line);
    for (const [key, expected] of hit.result.fields) {
      const read = FIELDS[key];
      if (read === undefined) continue;
      const value = event === undefined ? undefined : read(event);
      const got = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
      compared++;
      if (got !== expected) failures.push(`line ${String(hit.line)} ${key}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
    }
  }
  t.diagnostic(`${String(hits.length)} results, ${String(compared - failures.length)} of ${String(compared)} fields agree (${percent(compared - failures.length, compared).toFixed(1)} %)`);
  for (const failure of failures.slice(0, 20)) t.diagnostic(`  ${failure}`);
  assert.ok(compared >= 40, `${String(compared)} fields compared`);
  assert.deepEqual(failures, []);
});
