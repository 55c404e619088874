import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IncidentSchema } from '../../src/schema/incident.ts';
import { triage } from '../../src/triage/index.ts';
import { contentHash } from '../../src/util/hash.ts';
import { VigilError } from '../../src/util/errors.ts';
import { at, makeAlert } from '../helpers/alerts.ts';

describe('triage()', () => {
  it('returns schema-valid incidents whose id hashes their sorted alert ids', () => {
    const alerts = [makeAlert({ ip: ['203.0.113.5'], at: at(0), n: 1 }), makeAlert({ ip: ['203.0.113.5'], at: at(5), n: 2 })];
    const [incident] = triage(alerts);
    assert.ok(incident);
    IncidentSchema.parse(incident);
    assert.equal(incident.id, contentHash(['incident', ...alerts.map((a) => a.id).sort()]));
    assert.equal(triage([alerts[1]!, alerts[0]!])[0]!.id, incident.id);
    assert.notEqual(triage([alerts[0]!])[0]!.id, incident.id);
    assert.equal(incident.alert_total, 2);
  });

  it('makes two incidents of the same address on two days', () => {
    const incidents = triage([makeAlert({ ip: ['203.0.113.5'], at: at(0) }), makeAlert({ ip: ['203.0.113.5'], at: at(0, '2026-11-21T10:00:00.000Z') })]);
    assert.equal(incidents.length, 2);
    assert.deepEqual(incidents.map((i) => i.first_seen), ['2026-11-20T10:00:00.000Z', '2026-11-21T10:00:00.000Z']);
  });

  it('honours gapMinutes and rejects bad options with E_CONFIG', () => {
    const alerts = [makeAlert({ ip: ['10.0.0.1'], at: at(0) }), makeAlert({ ip: ['10.0.0.1'], at: at(90) })];
    assert.equal(triage(alerts).length, 2);
    assert.equal(triage(alerts, { gapMinutes: 120 }).length, 1);
    assert.throws(() => triage(alerts, { gapMinutes: -1 }), (e: unknown) => e instanceof VigilError && e.code === 'E_CONFIG');
    assert.throws(() => triage(alerts, { assets: [{ pattern: '', criticality: 'high' }] }), VigilError);
  });

  it('orders incidents by severity, then first seen, then id', () => {
    const incidents = triage([
      makeAlert({ rule: 'low-late', level: 'low', ip: ['10.0.0.1'], at: at(300) }),
      makeAlert({ rule: 'high', level: 'high', ip: ['10.0.0.2'], at: at(200) }),
      makeAlert({ rule: 'low-early', level: 'low', ip: ['10.0.0.3'], at: at(0) }),
      makeAlert({ rule: 'low-untimed', level: 'low', ip: ['10.0.0.4'] }),
    ]);
    assert.deepEqual(incidents.map((i) => i.alerts[0]!.rule_id), ['high', 'low-early', 'low-late', 'low-untimed']);
  });

  it('maps techniques and tactics from the ATT&CK table, and flags unknown ids', () => {
    const [incident] = triage([
      makeAlert({ rule: 'a', tags: ['attack.t1110.001', 'attack.credential_access'], ip: ['10.0.0.1'], at: at(0) }),
      makeAlert({ rule: 'b', tags: ['attack.t9999', 'attack.discovery'], ip: ['10.0.0.1'], at: at(1) }),
    ]);
    assert.deepEqual(incident!.techniques, [
      { id: 'T1110.001', name: 'Password Guessing', tactics: ['credential-access'], url: 'https://attack.mitre.org/techniques/T1110/001', known: true },
      { id: 'T9999', name: 'T9999', tactics: [], known: false },
    ]);
    assert.deepEqual(incident!.tactics.map((t) => [t.id, t.name]), [['TA0006', 'Credential Access'], ['TA0007', 'Discovery']]);
    assert.match(incident!.summary, /T9999 T9999 \(not in the ATT&CK table\)/);
  });

  it('merges entities and evidence, counting evidence beyond each alert\'s cap', () => {
    const a = makeAlert({ ip: ['10.0.0.1'], user: ['jdoe'], at: at(0), events: ['e1', 'e2'] });
    const b = makeAlert({ ip: ['10.0.0.1'], host: ['ws-1'], at: at(1), events: ['e2', 'e3'] });
    b.event_total = 10;
    const [incident] = triage([a, b]);
    assert.deepEqual(incident!.entities, { source_ip: ['10.0.0.1'], destination_ip: [], user: ['jdoe'], host: ['ws-1'] });
    assert.deepEqual(incident!.event_ids, ['e1', 'e2', 'e3']);
    assert.equal(incident!.event_total, 3 + 8);
    assert.equal(incident!.first_seen, at(0));
    assert.equal(incident!.last_seen, at(1));
  });

  it('writes a narrative with who, when, how much, which techniques and the first action', () => {
    const fail = { rule: 'f', title: 'SSH failed password', level: 'medium' as const, tags: ['attack.t1110.001'], ip: ['203.0.113.45'], user: ['root'], host: ['bastion-01'] };
    const [incident] = triage([0, 1, 2].map((m) => makeAlert({ ...fail, at: at(m), count: 4, n: m })));
    assert.equal(
      incident!.summary,
      'Medium severity (score 41, confidence medium 0.50). On 2026-11-20 from 10:00:00 to 10:02:00 UTC, involving source 203.0.113.45 (external), account root and host bastion-01. ' +
        '3 alerts of 1 rule over 12 occurrences: "SSH failed password" (medium, 12×). ATT&CK: T1110.001 Password Guessing. 12 failed attempts; no success was observed. ' +
        'First: Block 203.0.113.45 at the perimeter firewall (or rate-limit it at the edge) for the duration of the investigation.',
    );
    assert.equal(incident!.title, 'SSH failed password from 203.0.113.45 on bastion-01');
  });

  it("puts the incident's sources and hosts where the rule title says 'from one source' or 'on the same host'", () => {
    const rule = { rule: 'b', title: 'SSH brute force from one source', level: 'high' as const };
    const one = triage([makeAlert({ ...rule, ip: ['203.0.113.45'], host: ['bastion-01'], at: at(0) })]);
    assert.equal(one[0]!.title, 'SSH brute force from 203.0.113.45 on bastion-01');
    const many = triage([makeAlert({ ...rule, ip: ['203.0.113.45', '203.0.113.46'], at: at(0) })]);
    assert.equal(many[0]!.title, 'SSH brute force from 2 sources');
    const lateral = triage([makeAlert({ rule: 'l', title: 'Remote logon followed by remote execution on the same host', level: 'high', ip: ['10.0.0.5'], host: ['ws-1', 'ws-2'], at: at(0) })]);
    assert.equal(lateral[0]!.title, 'Remote logon followed by remote execution on 2 hosts from 10.0.0.5');
    const bare = triage([makeAlert({ ...rule, at: at(0) })]);
    assert.equal(bare[0]!.title, 'SSH brute force from one source');
  });

  it('copes with no alerts and with alerts that have no entities or time', () => {
    assert.deepEqual(triage([]), []);
    const [incident] = triage([makeAlert({ tags: [] })]);
    assert.match(incident!.summary, /At an unknown time, with no source, account or host recorded/);
    assert.ok(incident!.recommendations.investigation.length > 0);
  });
});
