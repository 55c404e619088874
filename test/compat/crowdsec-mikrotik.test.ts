import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { compareParserFields, type Read } from './crowdsec-fields.ts';
import { dotted } from './shared-data.ts';

/** The CrowdSec hub's MikroTik parser test: the fields its a1ad/mikrotik-logs parser asserts agree with our events of the same lines. */

const label = (key: string): Read => (e: VigilEvent) => e.labels?.[key];
const path = (p: string): Read => (e: VigilEvent) => dotted(e, p);
const upper = (p: string): Read => (e: VigilEvent) => (dotted(e, p) as string | undefined)?.toUpperCase();

test('CrowdSec hub MikroTik parser test: asserted fields agree', async (t) => {
  const done = await compareParserFields(t, 'mikrotik-logs', 'a1ad/mikrotik-logs', 'syslog', {
    'Parsed.source_ip': path('source.ip'), 'Meta.source_ip': path('source.ip'), 'Parsed.src_port': path('source.port'),
    'Parsed.dst_ip': path('destination.ip'), 'Parsed.dst_port': path('destination.port'), 'Meta.dst_port': path('destination.port'),
    'Parsed.proto': upper('network.transport'), 'Parsed.src_mac': path('source.mac'), 'Parsed.if_in': path('network.interface.in'),
    // RouterOS writes `(unknown 0)` for no interface; our event has none.
    'Parsed.if_out': (e) => e.network?.interface?.out ?? '(unknown 0)',
    'Parsed.chain': label('routeros.chain'), 'Parsed.tag': label('routeros.prefix'), 'Parsed.topics': label('routeros.topics'),
    'Parsed.connection_state': label('routeros.connection_state'), 'Parsed.length': label('routeros.len'),
    'Meta.user': path('user.name'), 'Parsed.invalid_user': path('user.name'),
  });
  if (done === undefined) return;
  assert.ok(done.results >= 6, `${String(done.results)} results`);
  assert.ok(done.compared >= 60, `${String(done.compared)} fields compared`);
});
