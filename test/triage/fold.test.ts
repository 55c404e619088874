import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldAlerts } from '../../src/triage/fold.ts';
import { at, makeAlert } from '../helpers/alerts.ts';

describe('folding duplicate alerts', () => {
  it('folds the same rule with the same entities into one line with counts and the time span', () => {
    const alerts = [0, 5, 2].map((m, n) => makeAlert({ rule: 'ssh-fail', ip: ['203.0.113.5'], user: ['root'], at: at(m), count: n === 1 ? 5 : 1, n }));
    const lines = foldAlerts(alerts);
    assert.equal(lines.length, 1);
    const line = lines[0]!.line;
    assert.equal(line.count, 3);
    assert.equal(line.occurrences, 7);
    assert.deepEqual(line.alert_ids, alerts.map((a) => a.id));
    assert.equal(line.first_seen, at(0));
    assert.equal(line.last_seen, at(5));
    assert.deepEqual(line.entities.user, ['root']);
  });

  it('keeps different entities, rules or types apart', () => {
    const lines = foldAlerts([
      makeAlert({ rule: 'a', ip: ['203.0.113.5'], at: at(0) }),
      makeAlert({ rule: 'a', ip: ['203.0.113.6'], at: at(0) }),
      makeAlert({ rule: 'b', ip: ['203.0.113.5'], at: at(0) }),
      makeAlert({ rule: 'a', ip: ['203.0.113.5'], at: at(1), type: 'event_count' }),
    ]);
    assert.equal(lines.length, 4);
    assert.ok(lines.every((l) => l.line.count === 1));
  });

  it('orders lines by rule level, then first seen, then rule id', () => {
    const lines = foldAlerts([
      makeAlert({ rule: 'z-low', level: 'low', at: at(0) }),
      makeAlert({ rule: 'b-high-late', level: 'high', at: at(9) }),
      makeAlert({ rule: 'untimed-critical', level: 'critical' }),
      makeAlert({ rule: 'a-high-late', level: 'high', at: at(9) }),
      makeAlert({ rule: 'c-high-early', level: 'high', at: at(1) }),
    ]);
    assert.deepEqual(lines.map((l) => l.line.rule_id), ['untimed-critical', 'c-high-early', 'a-high-late', 'b-high-late', 'z-low']);
  });

  it('upper-cases and de-duplicates technique ids', () => {
    const alert = makeAlert({ tags: [] });
    alert.rule.techniques = ['t1110.001', 'T1110.001'];
    assert.deepEqual(foldAlerts([alert])[0]!.line.techniques, ['T1110.001']);
  });
});
