import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { assertCitationsResolve, assertEntitiesComplete, citedEvents } from './citations.ts';
import { FIXTURE, HOSTILE_USER, ask, factOf, fixtureStore } from './fixture.ts';

const dirs = tempDirs('assist-facts');
let store: Store;

before(async () => {
  store = await fixtureStore(dirs.fresh());
});
after(() => store.close());

async function answer(question: string, mode: 'basic' | 'advanced' | 'forensic' = 'basic') {
  const result = await ask(store, question, mode);
  assertCitationsResolve(store, result.facts);
  assertEntitiesComplete(result.facts);
  assert.deepEqual(result.facts.map((f) => f.id), result.facts.map((_, i) => `F${String(i + 1)}`));
  return result;
}

describe('facts over a small store built with the real pipeline', () => {
  it('suspicious IPs: every source with failed logins and its exact attempts, incident sources, the brute-force source flagged', async () => {
    const { plan, facts } = await answer('Show all suspicious IP addresses and their activities');
    assert.equal(plan.intent, 'suspicious-ips');
    const overview = factOf(facts, 'suspicious-ips.overview');
    assert.equal(overview.data.suspects, 5);
    assert.equal(overview.data.withFailures, 4);
    assert.equal(overview.data.attempts, FIXTURE.failedAttempts);
    assert.deepEqual(overview.data.bruteForceSources, ['203.0.113.50']);
    const perIp = facts.filter((f) => f.kind === 'suspicious-ips.ip');
    assert.deepEqual(perIp.map((f) => f.data.ip), ['203.0.113.50', '185.220.101.42', '198.51.100.7', '10.0.0.8', '192.0.2.99']);
    for (const fact of perIp) {
      const ip = fact.data.ip as string;
      assert.equal(fact.data.failedAttempts, FIXTURE.attemptsByIp[ip] ?? 0, ip);
      for (const event of citedEvents(store, fact)) {
        assert.equal(event.source?.ip, ip, `${ip} cites an event of ${String(event.source?.ip)}`);
        if (ip !== FIXTURE.scanner) assert.equal(event.event.action, 'ssh-login');
      }
    }
    const brute = perIp[0]!;
    assert.equal(brute.data.bruteForce, true);
    assert.ok(brute.citations.incidents.length === 1 && brute.citations.alerts.length > 0);
    assert.match(brute.text, /12 failed login attempts .* then logged in successfully as root at 2024-03-05T10:02:00Z after 12 failures/);
    assert.ok(citedEvents(store, brute).some((e) => e.event.outcome === 'success'), 'cites the success');
  });

  it('failed logins: totals (repeats counted), by source and account, accounts that do not exist, bursts, successes after failures', async () => {
    const { facts } = await answer('Analyze patterns of failed login attempts');
    const total = factOf(facts, 'failed-logins.total');
    assert.equal(total.data.attempts, FIXTURE.failedAttempts);
    assert.equal(total.data.records, FIXTURE.failedRecords);
    assert.equal(total.data.sourceIps, 4);
    assert.equal(total.data.unknownAccountAttempts, 5, 'admin 4 and the hostile name 1');
    assert.equal(total.data.successes, 2);
    const bySource = factOf(facts, 'failed-logins.by-source').data.sources as { ip: string; attempts: number }[];
    assert.deepEqual(Object.fromEntries(bySource.map((s) => [s.ip, s.attempts])), FIXTURE.attemptsByIp);
    const byUser = factOf(facts, 'failed-logins.by-user').data.accounts as { user: string; attempts: number; exists: boolean }[];
    assert.deepEqual(byUser.map((u) => [u.user, u.attempts, u.exists]), [['root', 12, true], ['admin', 4, false], ['alice', 2, true], [HOSTILE_USER, 1, false]]);
    const bursts = factOf(facts, 'failed-logins.bursts');
    assert.deepEqual((bursts.data.sources as { ip: string; peak: number }[]).map((b) => [b.ip, b.peak]), [['203.0.113.50', 12]]);
    for (const event of citedEvents(store, bursts)) assert.equal(event.source?.ip, '203.0.113.50');
    const after = factOf(facts, 'success-after-failures.by-source').data.rows as { ip: string; failuresBefore: number; user: string }[];
    assert.deepEqual(after.map((r) => [r.ip, r.user, r.failuresBefore]), [['203.0.113.50', 'root', 12], ['10.0.0.8', 'alice', 2]]);
    const hours = factOf(facts, 'time-pattern');
    assert.deepEqual((hours.data.buckets as { count: number }[]).map((b) => b.count), [12, 4, 2, 1]);
  });

  it('brute force: names the source with its T1110 technique and the success that followed', async () => {
    const { facts } = await answer('Are there any indicators of a brute-force attack?');
    const overview = factOf(facts, 'brute-force.overview');
    assert.deepEqual(overview.data.sources, [{ ip: '203.0.113.50', failedAttempts: 12 }]);
    assert.ok(overview.entities.some((e) => e.kind === 'technique' && e.value === 'T1110.001'));
    assert.match(overview.text, /^Yes: 1 incident .*T1110\.001 Password Guessing.*203\.0\.113\.50 \(12 failed attempts\).*logged in successfully: 203\.0\.113\.50 as root/);
    assert.equal(facts.filter((f) => f.kind === 'brute-force.incident').length, 1);
    assert.ok(!facts.some((f) => f.kind === 'brute-force.uncovered'), 'no other source reached 10 attempts in 10 minutes');
  });

  it('most critical: the brute force that succeeded, with evidence, techniques and recommended actions', async () => {
    const { facts } = await answer('What is the most critical threat detected?');
    const top = factOf(facts, 'most-critical.incident');
    assert.equal(top.data.severity, 'critical');
    assert.match(top.title, /Brute force followed by a successful login .* 203\.0\.113\.50/);
    const logins = factOf(facts, 'most-critical.logins');
    assert.deepEqual([logins.data.failedAttempts, logins.data.successes, logins.data.successUsers], [12, 1, ['root']]);
    assert.ok(citedEvents(store, factOf(facts, 'most-critical.evidence')).every((e) => e.source?.ip === '203.0.113.50'));
    assert.match(factOf(facts, 'most-critical.techniques').text, /T1110\.001 Password Guessing/);
    assert.match(factOf(facts, 'most-critical.actions').text, /Contain: .*Investigate: /);
    assert.match(factOf(facts, 'most-critical.next').text, /Port scan/);
  });

  it('timeline: detections and notable events in time order, each citing its alerts and events', async () => {
    const { facts } = await answer('Provide a timeline of security-related events');
    const entries = facts.filter((f) => f.kind.startsWith('timeline.') && f.kind !== 'timeline.overview');
    const times = entries.map((f) => Date.parse(f.data.at as string));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.ok(entries.some((f) => f.kind === 'timeline.success-after-failures' && f.data.ip === '203.0.113.50'));
    assert.ok(!entries.some((f) => f.kind === 'timeline.success-after-failures' && f.data.ip === '10.0.0.8'), 'two typos are not a compromise');
    const scan = entries.find((f) => f.kind === 'timeline.detection' && /Port scan/.test(f.title));
    assert.ok(scan !== undefined);
    assert.ok(citedEvents(store, scan).every((e) => e.source?.ip === FIXTURE.scanner && e.event.action === 'firewall-drop'));
  });

  it('threats: the incidents by severity with their techniques', async () => {
    const { facts } = await answer('Identify potential security threats in these logs');
    const overview = factOf(facts, 'threats.overview');
    assert.deepEqual(overview.data.bySeverity, { critical: 1, medium: 1 });
    assert.deepEqual(facts.filter((f) => f.kind === 'threats.incident').map((f) => f.data.severity), ['critical', 'medium']);
    assert.ok((overview.data.techniques as string[]).includes('T1046'));
  });

  it('external: the public and documentation-range sources and what they did, the internal one left out', async () => {
    const { facts } = await answer('Summarize all unusual activities from external sources');
    const sources = facts.filter((f) => f.kind === 'external.source').map((f) => f.data.ip);
    assert.deepEqual(sources, ['203.0.113.50', '185.220.101.42', '198.51.100.7', '192.0.2.99']);
    const scanner = facts.find((f) => f.data.ip === FIXTURE.scanner)!;
    assert.deepEqual(scanner.data.otherFailures, { 'ufw firewall-drop': FIXTURE.scannedPorts });
    assert.ok(!facts.some((f) => f.entities.some((e) => e.value === '10.0.0.8')));
  });

  it('entity: what one IP did; an unknown name said plainly', async () => {
    const { plan, facts } = await answer('what did 198.51.100.7 do?');
    assert.equal(plan.intent, 'entity');
    const activity = factOf(facts, 'entity.activity');
    assert.equal(activity.data.events, 5);
    assert.match(activity.text, /accounts: admin 5/);
    assert.equal(factOf(facts, 'entity.logins').data.failedAttempts, 4);
    const unknown = await answer('what did user mallory do?');
    assert.equal(factOf(unknown.facts, 'entity.not-found').data.value, 'mallory');
  });

  it('free questions: the best-matching events, grouped', async () => {
    const { plan, facts } = await answer('UFW BLOCK kernel');
    assert.equal(plan.intent, 'free');
    const group = factOf(facts, 'free.group');
    assert.equal(group.data.action, 'firewall-drop');
    assert.equal(group.citations.events.length, 5, 'basic lists five ids');
    assert.equal(group.citations.eventCount, FIXTURE.scannedPorts);
  });

  it('a time range narrows every count', async () => {
    const { facts } = await answer('failed logins between 2024-03-05T11:00 and 2024-03-05T12:30');
    assert.equal(facts[0]!.kind, 'scope');
    assert.equal(factOf(facts, 'failed-logins.total').data.attempts, 6);
  });

  it('a relative time counts back from the latest event', async () => {
    const { facts } = await answer('failed logins in the last 2 hours');
    assert.equal(factOf(facts, 'failed-logins.total').data.attempts, 1, 'only the 13:00 attempt is within two hours of 14:00:33');
  });

  it('an abort signal stops the work', async () => {
    const controller = new AbortController();
    controller.abort();
    const { gatherFacts, planQuestion } = await import('../../src/assist/facts/index.ts');
    await assert.rejects(gatherFacts({ db: store.db, analyses: store.analyses }, planQuestion('threats', 'basic'), { signal: controller.signal }), { name: 'AbortError' });
  });
});

describe('techniques named in a question', () => {
  it('narrow the incidents to those carrying them', async () => {
    const { plan, facts } = await ask(store, 'Which incidents involve T1046?');
    assert.equal(plan.intent, 'threats');
    assert.deepEqual(facts.filter((f) => f.kind === 'threats.incident').map((f) => f.title), ['Port scan - many destination ports from 185.220.101.42 on gw-01']);
  });
});
