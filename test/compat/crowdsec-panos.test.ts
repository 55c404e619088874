import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { compareParserFields, type Read } from './crowdsec-fields.ts';
import { dotted } from './shared-data.ts';

/**
 * The CrowdSec hub's PAN-OS threat log test: for every successful result of its palo-alto-threat-log parser, the
 * fields it asserts that have a place in our event (endpoints, protocol, threat, rule, zones, interfaces,
 * application, action, session, repeat count, host) agree with our event of the same line.
 */

const label = (key: string) => (e: VigilEvent) => e.labels?.[key];
const path = (p: string) => (e: VigilEvent) => dotted(e, p);
const FIELDS: Readonly<Record<string, Read>> = {
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
  const done = await compareParserFields(t, 'palo-alto-threat', 'crowdsecurity/palo-alto-threat-log', 'panos', FIELDS);
  if (done === undefined) return;
  assert.ok(done.compared >= 40, `${String(done.compared)} fields compared`);
});
