import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planQuestion, resolvePlanTime } from '../../src/assist/facts/index.ts';
import { PlanSchema, type Intent } from '../../src/schema/assist.ts';

const INTENTS: readonly [string, Intent][] = [
  // The seven questions of the brief, verbatim.
  ['Identify potential security threats in these logs', 'threats'],
  ['Show all suspicious IP addresses and their activities', 'suspicious-ips'],
  ['Analyze patterns of failed login attempts', 'failed-logins'],
  ['Provide a timeline of security-related events', 'timeline'],
  ['What is the most critical threat detected?', 'most-critical'],
  ['Are there any indicators of a brute-force attack?', 'brute-force'],
  ['Summarize all unusual activities from external sources', 'external'],
  // Paraphrases, other cases and spellings.
  ['IDENTIFY POTENTIAL SECURITY THREATS', 'threats'],
  ['Is anything malicious going on here?', 'threats'],
  ['Am I compromised?', 'threats'],
  ['Which IPs look malicious?', 'suspicious-ips'],
  ['list the attacker addresses', 'suspicious-ips'],
  ['Who is attacking us?', 'suspicious-ips'],
  ['How many login failures were there?', 'failed-logins'],
  ['show unsuccessful sign-ins', 'failed-logins'],
  ['any wrong passwords or invalid users?', 'failed-logins'],
  ['Give me a chronological view of the incident', 'timeline'],
  ['In what order did things happen? Show the sequence of events', 'timeline'],
  ['How did the attack unfold?', 'timeline'],
  ["What's the worst incident?", 'most-critical'],
  ['Which threat should I investigate first?', 'most-critical'],
  ['top priority finding', 'most-critical'],
  ['Was someone guessing passwords?', 'brute-force'],
  ['any password spraying or credential stuffing?', 'brute-force'],
  ['Bruteforce?', 'brute-force'],
  ['T1110 activity', 'brute-force'],
  ['What came from the internet?', 'external'],
  ['Show traffic from outside our network', 'external'],
  ['anything from public IP addresses?', 'external'],
  // Entities.
  ['what did 10.0.0.5 do?', 'entity'],
  ['Tell me about user alice', 'entity'],
  ['activity of host web-01', 'entity'],
  ['What happened on srv-web-01?', 'entity'],
  ['failed logins from 10.0.0.5', 'failed-logins'],
  // Software.
  ['What software was installed?', 'software'],
  ['Were any packages removed or upgraded?', 'software'],
  ['Did someone install a remote access tool like AnyDesk?', 'software'],
  ['list the programs installed with apt or msi', 'software'],
  ['what was installed on host web-01?', 'software'],
  ['Was nmap installed?', 'software'],
  ['has netcat been uninstalled', 'software'],
  // Anything else.
  ['disk quota exceeded on /var', 'free'],
  ['kernel panic', 'free'],
  ['was a new service installed?', 'free'],
];

describe('planQuestion: intent', () => {
  for (const [question, intent] of INTENTS) {
    it(`${JSON.stringify(question)} → ${intent}`, () => {
      const plan = planQuestion(question, 'basic');
      assert.equal(plan.intent, intent, `matched ${JSON.stringify(plan.matched)}`);
      assert.ok(PlanSchema.safeParse(plan).success);
      assert.ok(plan.steps.length >= 2);
      if (intent !== 'free') assert.ok(plan.matched.length > 0);
    });
  }
});

describe('planQuestion: entities and filters', () => {
  it('takes IPs, accounts, hosts and techniques as entities, the first of each kind as a filter', () => {
    const plan = planQuestion('what did user alice do on host web-01 from 10.0.0.5 and 2001:db8::7 (T1110.001)?', 'basic');
    assert.deepEqual(
      plan.entities.map((e) => `${e.kind}:${e.value}`).sort(),
      ['host:web-01', 'ip:10.0.0.5', 'ip:2001:db8::7', 'technique:T1110.001', 'user:alice'],
    );
    assert.deepEqual(plan.filters, { sourceIp: '10.0.0.5', user: 'alice', host: 'web-01' });
    assert.ok(plan.steps.some((s) => s.includes('account alice')));
  });

  it('does not read words after marker words as names', () => {
    const plan = planQuestion('Which user accounts had failed logins on these hosts?', 'basic');
    assert.deepEqual(plan.entities, []);
    assert.equal(plan.intent, 'failed-logins');
  });

  it('finds names the store knows without a marker word, in their stored spelling', () => {
    const known: Record<string, string> = { alice: 'alice', 'wkst-02': 'WKST-02.corp.example.com' };
    const plan = planQuestion('What did Alice do on wkst-02?', 'basic', {
      lookup: (kind, value) => (kind === 'user' ? (value.toLowerCase() === 'alice' ? known.alice : undefined) : value === 'wkst-02' ? known['wkst-02'] : undefined),
    });
    assert.equal(plan.intent, 'entity');
    assert.deepEqual(plan.filters, { user: 'alice', host: 'WKST-02.corp.example.com' });
  });

  it('does not take version numbers or dates for IP addresses or hosts', () => {
    const plan = planQuestion('errors since 2024-01-01 in openssh 8.9.1.2.3', 'basic');
    assert.deepEqual(plan.entities, []);
  });
});

describe('planQuestion: time', () => {
  const latest = Date.parse('2024-03-05T14:00:00Z');

  it('counts "last 24 hours" back from the latest event, not from now', () => {
    const plan = planQuestion('failed logins in the last 24 hours', 'basic', { latestEventMs: latest });
    assert.equal(plan.filters.sinceMs, latest - 24 * 3_600_000);
    assert.equal(plan.filters.untilMs, latest + 1);
    assert.equal(plan.time?.resolved, true);
  });

  it('keeps a relative phrase open until the latest event time is known, then resolves it', () => {
    const plan = planQuestion('threats over the past 2 days', 'advanced');
    assert.equal(plan.time?.resolved, false);
    assert.equal(plan.filters.sinceMs, undefined);
    const resolved = resolvePlanTime(plan, latest);
    assert.equal(resolved.filters.sinceMs, latest - 2 * 86_400_000);
    assert.ok(resolved.steps[0]!.includes('2024-03-03T14:00:00.000Z'));
  });

  it('reads since, before, between … and …, on a day, today and yesterday', () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
    assert.deepEqual(pick(planQuestion('alerts since 2024-01-01', 'basic').filters), [day('2024-01-01'), undefined]);
    assert.deepEqual(pick(planQuestion('alerts before 2024-01-03', 'basic').filters), [undefined, day('2024-01-04')]);
    assert.deepEqual(pick(planQuestion('timeline between 2024-01-01 and 2024-01-03', 'basic').filters), [day('2024-01-01'), day('2024-01-04')]);
    assert.deepEqual(pick(planQuestion('timeline from 2024-01-01T10:00 to 2024-01-01T12:30Z', 'basic').filters), [Date.parse('2024-01-01T10:00:00Z'), Date.parse('2024-01-01T12:30:00Z')]);
    assert.deepEqual(pick(planQuestion('what happened on 2024-02-29?', 'basic').filters), [day('2024-02-29'), day('2024-03-01')]);
    assert.deepEqual(pick(planQuestion('failed logins today', 'basic', { latestEventMs: latest }).filters), [day('2024-03-05'), day('2024-03-06')]);
    assert.deepEqual(pick(planQuestion('failed logins yesterday', 'basic', { latestEventMs: latest }).filters), [day('2024-03-04'), day('2024-03-05')]);
  });

  it('does not let a date become an entity', () => {
    const plan = planQuestion('what happened on 2024-02-29?', 'basic');
    assert.deepEqual(plan.entities, []);
  });
});

describe('planQuestion: steps per mode', () => {
  it('lists more queries as the mode deepens', () => {
    const [basic, advanced, forensic] = (['basic', 'advanced', 'forensic'] as const).map((m) => planQuestion('Show all suspicious IP addresses', m).steps);
    assert.ok(basic!.length < advanced!.length && advanced!.length <= forensic!.length);
    assert.ok(forensic!.some((s) => /timeline of each entity/.test(s)));
    assert.ok(!basic!.some((s) => /Correlate/.test(s)));
  });
});

function pick(filters: { sinceMs?: number; untilMs?: number }): [number | undefined, number | undefined] {
  return [filters.sinceMs, filters.untilMs];
}
