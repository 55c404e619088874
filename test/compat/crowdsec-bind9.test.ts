import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { compareParserFields, type Read } from './crowdsec-fields.ts';
import { dotted } from './shared-data.ts';

/** The CrowdSec hub's BIND parser test: the client address and port its mstilkerich/bind9 parser asserts agree with our events. */

const path = (p: string): Read => (e: VigilEvent) => dotted(e, p);

test('CrowdSec hub BIND parser test: asserted client fields agree', async (t) => {
  const done = await compareParserFields(t, 'bind9-logs', 'mstilkerich/bind9', 'bind9', {
    'Parsed.remote_addr': path('source.ip'), 'Meta.source_ip': path('source.ip'), 'Parsed.remote_port': path('source.port'),
  });
  if (done === undefined) return;
  assert.equal(done.results, 13);
  assert.ok(done.compared >= 39, `${String(done.compared)} fields compared`);
});
