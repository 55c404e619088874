import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Alert } from '../../src/schema/alert.ts';
import type { Incident, SeverityFactor, TriageOptionsInput } from '../../src/schema/incident.ts';
import { triage } from '../../src/triage/index.ts';
import { severityOf } from '../../src/triage/score/severity.ts';
import { at, makeAlert, type AlertSpec } from '../helpers/alerts.ts';

function one(specs: AlertSpec[], options: TriageOptionsInput = {}): Incident {
  const incidents = triage(specs.map((s, n) => makeAlert({ n, ...s })), options);
  assert.equal(incidents.length, 1, 'one incident expected');
  return incidents[0]!;
}

function factor(incident: Incident, id: SeverityFactor['factor']): SeverityFactor | undefined {
  return incident.severity_factors.find((f) => f.factor === id);
}

const FAIL: AlertSpec = { rule: 'ssh-fail', title: 'SSH failed password', level: 'low', tags: ['attack.t1110.001'], ip: ['10.0.0.9'], user: ['oracle'] };
const OK: AlertSpec = { rule: 'ssh-ok', title: 'SSH accepted password', level: 'medium', tags: ['attack.t1078'], ip: ['10.0.0.9'], user: ['oracle'] };

describe('severity', () => {
  it('adds up listed factors into the score and its band', () => {
    const incident = one([{ level: 'high', ip: ['8.8.8.8'], at: at(0) }]);
    assert.deepEqual(
      incident.severity_factors.map((f) => [f.factor, f.points]),
      [['rule_level_max', 30], ['external_source', 10]],
    );
    assert.equal(incident.score, 40);
    assert.equal(incident.severity, 'medium');
    assert.match(factor(incident, 'external_source')!.detail, /8\.8\.8\.8/);
  });

  it('maps scores to bands', () => {
    assert.deepEqual([0, 4, 5, 19, 20, 44, 45, 69, 70, 200].map(severityOf), ['none', 'none', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
    assert.equal(one([{ level: 'informational', ip: ['10.0.0.1'], at: at(0) }]).severity, 'none');
  });

  it('adds a saturating third of each further rule level', () => {
    const two = one([{ rule: 'a', level: 'high', ip: ['10.0.0.1'], at: at(0) }, { rule: 'b', level: 'high', ip: ['10.0.0.1'], at: at(1) }]);
    assert.equal(factor(two, 'rule_level_sum')?.points, 10);
    const many = one(['a', 'b', 'c', 'd', 'e'].map((rule, i) => ({ rule, level: 'critical' as const, ip: ['10.0.0.1'], at: at(i) })));
    assert.equal(factor(many, 'rule_level_sum')?.points, 15);
    assert.match(factor(many, 'rule_level_sum')!.detail, /4 more rules \(4 critical\), capped/);
    // The same rule folded many times is still one rule.
    assert.equal(factor(one([0, 1, 2].map((m) => ({ rule: 'a', level: 'high' as const, ip: ['10.0.0.1'], at: at(m) }))), 'rule_level_sum'), undefined);
  });

  it('counts tactic breadth by each technique\'s first tactic', () => {
    assert.equal(factor(one([{ tags: ['attack.t1078'], ip: ['10.0.0.1'], at: at(0) }]), 'tactic_breadth'), undefined, 'T1078 alone is one step');
    const chain = one([
      { rule: 'a', tags: ['attack.t1059.001'], host: ['ws-1'], at: at(0) },
      { rule: 'b', tags: ['attack.t1003.001'], host: ['ws-1'], at: at(1) },
      { rule: 'c', tags: ['attack.t1021.002'], host: ['ws-1'], at: at(2) },
      { rule: 'd', tags: ['attack.t1070.001'], host: ['ws-1'], at: at(3) },
      { rule: 'e', tags: ['attack.discovery'], host: ['ws-1'], at: at(4) },
    ]);
    assert.equal(factor(chain, 'tactic_breadth')?.points, 15);
    assert.match(factor(chain, 'tactic_breadth')!.detail, /^5 tactics: Execution, Defense Evasion, Credential Access, Discovery, Lateral Movement$/);
  });

  it('sees a success after failures of the same source or user', () => {
    const success = one([{ ...FAIL, at: at(0) }, { ...FAIL, at: at(1) }, { ...OK, at: at(2) }]);
    assert.equal(factor(success, 'success_after_failures')?.points, 20);
    assert.match(success.summary, /A success followed 2 failed attempts/);
    // A success before the failures is not one after them.
    assert.equal(factor(one([{ ...OK, at: at(0) }, { ...FAIL, at: at(1) }]), 'success_after_failures'), undefined);
    assert.match(one([{ ...FAIL, at: at(0) }, { ...FAIL, at: at(1) }]).summary, /2 failed attempts; no success was observed/);
  });

  it('takes an ordered correlation or a brute-force-success rule as a success after failures', () => {
    const ordered = one([{ type: 'temporal_ordered', title: 'Failures then success', ip: ['10.0.0.9'], at: at(0) }]);
    assert.match(factor(ordered, 'success_after_failures')!.detail, /ordered correlation "Failures then success"/);
    const tagged = one([{ title: 'SSH login', tags: ['attack.t1110.001', 'attack.t1078'], ip: ['10.0.0.9'], at: at(0) }]);
    assert.match(factor(tagged, 'success_after_failures')!.detail, /reports a success after failures/);
    const titled = one([{ title: 'Successful logon after brute force', ip: ['10.0.0.9'], at: at(0) }]);
    assert.ok(factor(titled, 'success_after_failures'));
  });

  it('scores public (and documentation-range) sources, not private ones', () => {
    assert.equal(factor(one([{ ip: ['10.1.2.3'], at: at(0) }]), 'external_source'), undefined);
    assert.match(factor(one([{ ip: ['203.0.113.5'], at: at(0) }]), 'external_source')!.detail, /documentation range/);
    assert.ok(factor(one([{ ip: ['2a00:1450::1'], at: at(0) }]), 'external_source'));
  });

  it('scores privileged accounts, configured ones and special privileges, not machine accounts', () => {
    for (const user of ['root', 'Administrator', 'CORP\\admin', 'adm.kpatel', 'svc-admin']) {
      assert.ok(factor(one([{ user: [user], at: at(0) }]), 'privileged_account'), user);
    }
    for (const user of ['WS-07$', 'oracle', 'admiral']) assert.equal(factor(one([{ user: [user], at: at(0) }]), 'privileged_account'), undefined, user);
    assert.ok(factor(one([{ user: ['oracle'], at: at(0) }], { privilegedUsers: ['ora*'] }), 'privileged_account'));
    assert.match(factor(one([{ title: 'Special privileges assigned to new logon', user: ['jdoe'], at: at(0) }]), 'privileged_account')!.detail, /special privileges/);
  });

  it('scores the most critical configured asset', () => {
    const options = { assets: [{ pattern: 'dc-*', criticality: 'critical' as const }, { pattern: '10.0.*', criticality: 'medium' as const }] };
    const dc = one([{ host: ['DC-01'], ip: ['10.0.0.1'], at: at(0) }], options);
    assert.deepEqual(factor(dc, 'asset_criticality'), { factor: 'asset_criticality', detail: 'DC-01 is critical (pattern dc-*)', points: 20 });
    assert.equal(factor(one([{ host: ['web-1'], ip: ['10.0.0.1'], at: at(0) }], options), 'asset_criticality')?.points, 6);
    assert.equal(factor(one([{ host: ['web-1'], at: at(0) }], options), 'asset_criticality'), undefined);
  });

  it('scores alert volume by occurrences', () => {
    assert.equal(factor(one([{ ip: ['10.0.0.1'], at: at(0), count: 9 }]), 'alert_volume'), undefined);
    assert.equal(factor(one([{ ip: ['10.0.0.1'], at: at(0), count: 10 }]), 'alert_volume')?.points, 3);
    assert.equal(factor(one([{ ip: ['10.0.0.1'], at: at(0), count: 150 }]), 'alert_volume')?.points, 6);
    assert.equal(factor(one([{ ip: ['10.0.0.1'], at: at(0), count: 5000 }]), 'alert_volume')?.points, 10);
  });
});

describe('confidence', () => {
  it('is low for a single event of a single experimental rule', () => {
    const c = one([{ status: 'experimental', ip: ['10.0.0.1'], at: at(0) }]).confidence;
    assert.equal(c.level, 'low');
    assert.equal(c.score, 0.25);
    assert.deepEqual(c.reasons, ['-0.15 a single event matched a single rule', '-0.10 rules are experimental only']);
  });

  it('is high when independent rules, a correlation and much evidence agree', () => {
    const events = Array.from({ length: 12 }, (_, i) => `e${i}`);
    const c = one([
      { rule: 'a', type: 'event_count', ip: ['10.0.0.1'], at: at(0), events, status: 'stable' },
      { rule: 'b', ip: ['10.0.0.1'], at: at(1) },
    ]).confidence;
    assert.equal(c.level, 'high');
    assert.equal(c.score, 0.95);
    assert.equal(c.reasons.length, 4);
    assert.match(c.reasons.join('\n'), /2 independent rules agree[^]*correlation "Rule a" \(event_count\)[^]*13 evidence events[^]*is stable/);
  });

  it('distrusts deprecated rules and low-level-only incidents', () => {
    const c = one([{ level: 'low', status: 'deprecated', ip: ['10.0.0.1'], at: at(0), count: 3 }]).confidence;
    assert.deepEqual(c.reasons, ['-0.15 rule "Rule 1" is deprecated', '-0.10 only informational or low-level rules fired']);
    assert.equal(c.score, 0.25);
  });
});

describe('determinism', () => {
  it('gives identical incidents for the same alerts in any order', () => {
    const alerts: Alert[] = [
      { ...FAIL, at: at(0) },
      { ...FAIL, at: at(1) },
      { ...OK, at: at(2) },
      { rule: 'x', ip: ['8.8.8.8'], at: at(3) },
    ].map((s, n) => makeAlert({ ...s, n }));
    const first = JSON.stringify(triage(alerts));
    assert.equal(JSON.stringify(triage([...alerts].reverse())), first);
    assert.equal(JSON.stringify(triage(alerts)), first);
  });
});
