import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { buildAlert } from '../../src/detect/alert.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { Alert, RuleRef } from '../../src/schema/alert.ts';
import type { Incident } from '../../src/schema/incident.ts';
import { triage } from '../../src/triage/index.ts';

/**
 * The demo data (examples/) with one alert per event of each planted scenario (the detection engine is not
 * needed for this: the truth file says which events belong to which attack). Triage must give each scenario
 * its own incident(s) and never mix two.
 */

interface Scenario {
  id: number;
  slug: string;
  name: string;
  techniques: string[];
  source_ips: string[];
  users: string[];
  hosts: string[];
  first_seen: string;
  last_seen: string;
}

const ROOT = join(import.meta.dirname, '..', '..');
const truth = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'examples-truth.json'), 'utf8')) as { scenarios: Scenario[] };

describe('triage of the planted attacks in examples/', () => {
  const owner = new Map<string, number>();
  let incidents: Incident[] = [];
  const alerts: Alert[] = [];

  before(async () => {
    const { events } = await collectEvents([join(ROOT, 'examples')], { tz: 'UTC' });
    for (const s of truth.scenarios) {
      const rule: RuleRef = { id: s.slug, title: s.name, level: 'high', tags: s.techniques.map((t) => `attack.${t.toLowerCase()}`), techniques: s.techniques, origin: 'builtin', file: `${s.slug}.yml` };
      const hosts = s.hosts.map((h) => h.toLowerCase());
      for (const e of events) {
        const time = e['@timestamp'];
        if (time === undefined || time < s.first_seen || time > s.last_seen) continue;
        const host = hosts.includes((e.host?.name ?? '').toLowerCase().split('.')[0] ?? '');
        const user = s.users.includes(e.user?.name ?? '') || s.users.includes(e.user?.target?.name ?? '');
        const quiet = e.source?.ip === undefined && e.user?.name === undefined;
        if (!(s.source_ips.includes(e.source?.ip ?? '') || (user && host) || (host && quiet))) continue;
        const alert = buildAlert(rule, 'match', [e]);
        alerts.push(alert);
        owner.set(alert.id, s.id);
      }
    }
    incidents = triage(alerts);
  });

  const scenariosOf = (incident: Incident) => [...new Set(incident.alerts.flatMap((l) => l.alert_ids).map((id) => owner.get(id)))];

  it('never mixes two attacks in one incident', () => {
    assert.ok(alerts.length > 500, `${alerts.length} alerts`);
    for (const incident of incidents) assert.equal(scenariosOf(incident).length, 1, incident.title);
  });

  it('gives each attack one incident, except the one done on two unrelated hosts', () => {
    const count = new Map<number, number>();
    for (const incident of incidents) for (const id of scenariosOf(incident)) count.set(id!, (count.get(id!) ?? 0) + 1);
    for (const s of truth.scenarios) {
      // new-admin-user: bastion-01 (k.ivanova from 192.0.2.66) and WS-HR-04 (b.ward) share no source, user or host.
      assert.equal(count.get(s.id), s.slug === 'new-admin-user' ? 2 : 1, s.slug);
    }
  });

  it('keeps the times, attackers and ATT&CK techniques of each attack', () => {
    for (const s of truth.scenarios.filter((x) => x.source_ips.length > 0 && x.slug !== 'new-admin-user')) {
      const incident = incidents.find((i) => scenariosOf(i)[0] === s.id)!;
      assert.ok(incident.entities.source_ip.includes(s.source_ips[0]!), s.slug);
      assert.ok(incident.first_seen! >= s.first_seen && incident.last_seen! <= s.last_seen, s.slug);
      assert.deepEqual(incident.techniques.map((t) => t.id).sort(), [...s.techniques].sort(), s.slug);
      assert.ok(incident.techniques.every((t) => t.known), s.slug);
    }
  });

  it('sees the success after the brute force only where there was one', () => {
    const of = (slug: string) => incidents.find((i) => scenariosOf(i)[0] === truth.scenarios.find((s) => s.slug === slug)!.id)!;
    assert.ok(of('ssh-brute-force-success').severity_factors.some((f) => f.factor === 'success_after_failures'));
    assert.ok(!of('ssh-brute-force').severity_factors.some((f) => f.factor === 'success_after_failures'));
    assert.match(of('ssh-brute-force').recommendations.containment[0] ?? '', /^Block 203\.0\.113\.45 at the perimeter firewall/);
  });

  it('is identical when run again', () => {
    assert.equal(JSON.stringify(triage([...alerts].reverse())), JSON.stringify(incidents));
  });
});
