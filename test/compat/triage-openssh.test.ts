import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAlert } from '../../src/detect/alert.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { Alert, RuleRef } from '../../src/schema/alert.ts';
import { triage } from '../../src/triage/index.ts';
import { sharedPath } from './shared-data.ts';

/**
 * loghub OpenSSH_2k.log (one internet-facing host, LabSZ; most attempts against root and dictionary names),
 * one alert per failed and per accepted password, as a simple rule pack would raise them. Every event shares
 * the host and many share root or common names: none of that may merge different attackers.
 */
const FAIL: RuleRef = { id: 'ssh-fail', title: 'SSH failed password', level: 'medium', tags: ['attack.credential-access', 'attack.t1110.001'], techniques: ['T1110.001'], origin: 'builtin', file: 'fail.yml' };
const ACCEPTED: RuleRef = { id: 'ssh-ok', title: 'SSH accepted password', level: 'low', tags: ['attack.t1078'], techniques: ['T1078'], origin: 'builtin', file: 'ok.yml' };

describe('triage of loghub OpenSSH_2k failed and accepted logins', () => {
  it('gives one address per incident, with the attempt counts of the data set', async (t) => {
    const path = sharedPath(t, 'loghub', 'OpenSSH', 'OpenSSH_2k.log');
    if (path === undefined) return;
    const { events } = await collectEvents([path], { tz: 'UTC', year: 2024 });
    const alerts: Alert[] = [];
    for (const e of events) {
      if (e.event.action !== 'ssh-login') continue;
      if (e.event.outcome === 'failure') alerts.push(buildAlert(FAIL, 'match', [e]));
      if (e.event.outcome === 'success') alerts.push(buildAlert(ACCEPTED, 'match', [e]));
    }
    const incidents = triage(alerts);
    const attempts = new Map<string, number>();
    for (const incident of incidents) {
      assert.equal(incident.entities.source_ip.length, 1, incident.title);
      assert.deepEqual(incident.entities.host, ['LabSZ']);
      const ip = incident.entities.source_ip[0]!;
      attempts.set(ip, (attempts.get(ip) ?? 0) + incident.alerts.filter((l) => l.rule_id === 'ssh-fail').reduce((n, l) => n + l.occurrences, 0));
    }
    // 23 attacking addresses plus the one accepted login (from an address with no failure).
    assert.equal(attempts.size, 24);
    assert.equal([...attempts.values()].reduce((a, b) => a + b, 0), 528);
    assert.deepEqual(
      [...attempts].filter(([, n]) => n >= 10).sort((a, b) => b[1] - a[1]),
      [['183.62.140.253', 286], ['187.141.143.180', 80], ['103.99.0.122', 46], ['112.95.230.3', 26], ['5.188.10.180', 18], ['185.190.58.151', 17]],
    );
    const accepted = incidents.filter((i) => i.alerts.some((l) => l.rule_id === 'ssh-ok'));
    assert.equal(accepted.length, 1);
    assert.deepEqual(accepted[0]!.entities.source_ip, ['119.137.62.142']);
    assert.ok(!accepted[0]!.severity_factors.some((f) => f.factor === 'success_after_failures'), 'no failure preceded it');
  });
});
