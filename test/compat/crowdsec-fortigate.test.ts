import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { sharedPath } from './shared-data.ts';

/**
 * The CrowdSec hub's FortiGate VPN brute-force test: every line is a FortiGate VPN login failure from the source
 * its scenario names, and the events its scenario asserts (user, reason, action, message, tunnel) are ours.
 * Its times are the log's date and time read as UTC; ours follow `eventtime`, which is UTC (the log's tz is -0700).
 */

test('CrowdSec hub FortiGate VPN brute force: the failures and the fields its scenario asserts', async (t) => {
  const dir = sharedPath(t, 'crowdsec-hub', '.tests', 'fortinet-vpn-bf');
  if (dir === undefined) return;
  const { events, errors, formats } = await collectEvents([join(dir, 'fortinet-vpn-bf.log')], { tz: 'UTC' });
  assert.deepEqual(errors, []);
  assert.deepEqual(formats, ['fortigate']);
  assert.equal(events.length, 9);
  for (const e of events) assert.deepEqual([e.event.action, e.event.outcome, e.source?.ip, e.event.category], ['vpn-login-failed', 'failure', '192.168.0.1', ['authentication']]);
  const asserted = new Map<string, Map<string, string>>();
  for (const m of readFileSync(join(dir, 'scenario.assert'), 'utf8').matchAll(/Events\[(\d+)\]\.GetMeta\("(\w+)"\) == "([^"]*)"/g)) {
    const meta = asserted.get(m[1]!) ?? new Map<string, string>();
    meta.set(m[2]!, m[3]!);
    asserted.set(m[1]!, meta);
  }
  assert.ok(asserted.size >= 6);
  const unused = new Set(events);
  for (const [index, meta] of asserted) {
    const user = meta.get('target_user') === 'N/A' ? undefined : meta.get('target_user');
    const event = [...unused].find((e) => e.user?.name === user && e.labels?.reason === meta.get('reason'));
    assert.ok(event !== undefined, `scenario event ${index}: ${JSON.stringify([...meta])}`);
    unused.delete(event);
    // Their time is the log's date and time taken for UTC; the log's tz is -0700, and eventtime (ours) can be a second on.
    const theirs = Date.parse(meta.get('timestamp')!.replace('Z', '-07:00'));
    assert.ok(Math.abs(Date.parse(event['@timestamp']!) - theirs) < 2000, `${event['@timestamp']!} vs ${meta.get('timestamp')!}`);
    assert.equal(event.message, meta.get('msg'));
    assert.equal(event.labels?.action, meta.get('action'));
    assert.equal(event.labels?.reason, meta.get('reason'));
    assert.equal(event.labels?.tunneltype, meta.get('tunnel_type'));
    assert.equal(event.labels?.subtype, meta.get('sub_type'));
    assert.equal(event.source?.ip, meta.get('source_ip'));
  }
});
