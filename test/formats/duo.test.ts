import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { sharedPath } from '../compat/shared-data.ts';
import { read, selected } from '../detect/mapping/helpers.ts';
import { FORMAT_FIXTURES, fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Cisco Duo's authentication log: second-factor logins approved, denied, unanswered or reported as fraud. */

const dirs = tempDirs('duo');
const DUO = { product: 'cisco', service: 'duo' };

void describe('Cisco Duo', () => {
  void it('reads v2 and v1 records as second-factor logins: user, access device, application, result and reason', async () => {
    const events = await fixtureEvents('duo', 'input.json');
    assert.deepEqual(
      events.map((e) => [e.event.action, e.event.outcome, e.event.reason, e.user?.name, e.source?.ip, e.service?.name]),
      [
        ['mfa', 'success', 'user_approved', 'alice', '203.0.113.5', 'Microsoft RDP'],
        ['mfa', 'failure', 'no_response', 'bob', '198.51.100.200', 'Cisco AnyConnect'],
        ['mfa', 'failure', 'user_marked_fraud', 'bob', '198.51.100.200', 'Cisco AnyConnect'],
        ['mfa', 'success', 'bypass_user', 'carol', '203.0.113.99', 'Cisco AnyConnect'],
        ['mfa', 'failure', 'Invalid passcode', 'dave', '203.0.113.50', 'Web SSO'],
      ],
    );
    assert.deepEqual([events[0]?.['@timestamp'], events[4]?.['@timestamp']], ['2024-11-23T10:00:00.123Z', '2024-11-23T10:08:00.000Z']);
    assert.ok(events.every((e) => selected(e, DUO) && selected(e, { category: 'authentication' })));
    assert.deepEqual(['factor', 'auth_device.name', 'reason'].map((name) => read(events[2]!, DUO, name)), ['duo_push', 'iPhone (XXX-XXX-9876)', 'user_marked_fraud']);
  });

  void it("raises SigmaHQ's Duo bypass-code rule on its own record, and the pack's fraud alert", async (t) => {
    const events = await fixtureEvents('duo', 'input.json');
    const titles = await packAlertTitles(dirs.fresh(), [join(FORMAT_FIXTURES, 'duo', 'input.json')]);
    assert.ok(titles.includes('MFA prompt reported as fraud by its user'), titles.join(' | '));
    const rule = sharedPath(t, 'sigma', 'rules', 'identity', 'cisco_duo', 'cisco_duo_mfa_bypass_via_bypass_code.yml');
    if (rule === undefined) return;
    const set = loadRuleSet([{ path: rule, origin: 'extra' }], defaultResolver);
    assert.deepEqual(set.problems, []);
    const detector = createDetector(set, defaultResolver);
    const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
    assert.deepEqual(alerts.map((a) => events.find((e) => a.event_ids.includes(e.id))?.user?.name), ['carol']);
  });

  void it('leaves other JSON alone and survives hostile records', async () => {
    // Written as text: an object literal's `__proto__` would set a prototype, not a key.
    const text = [
      '{"event_type":"authentication","result":"success","factor":"duo_push","user":{"name":"<script>alert(1)</script>","__proto__":{"polluted":true}},"access_device":{"ip":"constructor"},"txid":"x","isotimestamp":"not a time"}',
      '{"event_type":"authentication","result":"maybe","factor":"duo_push","user":{"name":"x"}}',
    ].join('\n');
    const { events, errors } = await readAs('duo', text);
    assert.deepEqual(errors, []);
    assert.equal(events.length, 2);
    for (const event of events) assertSoundEvent(event);
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.dataset, e.user?.name, e.source?.ip]), [
      ['duo', 'duo.authentication', '<script>alert(1)</script>', undefined],
      // A result Duo does not write: not Duo's record, read as generic JSON.
      ['duo', 'json', 'x', undefined],
    ]);
    assertNoPollution();
  });
});
