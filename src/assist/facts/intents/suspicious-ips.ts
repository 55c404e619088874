import type { Incident } from '../../../schema/incident.ts';
import { SEVERITY_RANK } from '../../../schema/incident.ts';
import { failuresBySource, failureWhere, successesAfterFailures, type SourceFailures, type SuccessAfterFailures } from '../auth.ts';
import { cite } from '../cite.ts';
import { incidentLabel, ipClassLabel } from '../describe.ts';
import { alertIds, hasTechnique, scopedIncidents } from '../incidents.ts';
import { Names, count, iso, plural, span } from '../names.ts';
import { activityOf, counterparts, describeActions } from '../profile.ts';
import { eventIds, scoped, tally } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { BRUTE_FORCE_TECHNIQUE, SUCCESS_AFTER_MIN } from '../vocabulary.ts';

/**
 * Suspicious source IPs: every IP with failed logins (attempts summed over all matching events) and every
 * source IP of an incident; IPs of incidents with ATT&CK T1110 techniques are flagged as brute-force sources.
 */

interface Suspect {
  ip: string;
  failures: SourceFailures | undefined;
  incidents: Incident[];
  bruteForce: boolean;
  successAfter: SuccessAfterFailures | undefined;
}

export function suspiciousIpFacts(ctx: FactContext): FactDraft[] {
  const suspects = collectSuspects(ctx);
  if (suspects.length === 0) return [noneFact(ctx)];
  const detailed = suspects.slice(0, ctx.limits.items);
  const rest = suspects.slice(detailed.length);
  return [overviewFact(ctx, suspects), ...detailed.map((s) => suspectFact(ctx, s)), ...(rest.length === 0 ? [] : [rosterFact(ctx, rest)])];
}

export function collectSuspects(ctx: FactContext): Suspect[] {
  const failing = new Map(failuresBySource(ctx).map((f) => [f.ip, f]));
  const incidents = scopedIncidents(ctx);
  const ips = new Set([...failing.keys(), ...incidents.flatMap((i) => i.entities.source_ip)]);
  if (ctx.plan.filters.sourceIp !== undefined) for (const ip of ips) if (ip !== ctx.plan.filters.sourceIp) ips.delete(ip);
  const after = new Map(successesAfterFailures(ctx, 'source_ip').filter((r) => r.failuresBefore >= SUCCESS_AFTER_MIN).map((r) => [r.key, r]));
  const suspects = [...ips].map((ip) => {
    const own = incidents.filter((i) => i.entities.source_ip.includes(ip));
    return { ip, failures: failing.get(ip), incidents: own, bruteForce: own.some((i) => hasTechnique(i, BRUTE_FORCE_TECHNIQUE)), successAfter: after.get(ip) };
  });
  return suspects.sort(rank);
}

function rank(a: Suspect, b: Suspect): number {
  const worst = (s: Suspect) => Math.min(...s.incidents.map((i) => SEVERITY_RANK[i.severity]), 9);
  return (
    Number(b.bruteForce) - Number(a.bruteForce) ||
    Number(b.successAfter !== undefined) - Number(a.successAfter !== undefined) ||
    worst(a) - worst(b) ||
    (b.failures?.attempts ?? 0) - (a.failures?.attempts ?? 0) ||
    a.ip.localeCompare(b.ip)
  );
}

function noneFact(ctx: FactContext): FactDraft {
  return {
    kind: 'suspicious-ips.none',
    title: 'No suspicious source IPs',
    text: 'No source IP has a failed login or appears as the source of an incident in scope.',
    data: { suspects: 0 },
    entities: [],
    citations: cite(ctx, {}),
  };
}

function overviewFact(ctx: FactContext, suspects: readonly Suspect[]): FactDraft {
  const names = new Names();
  const failing = suspects.filter((s) => s.failures !== undefined);
  const attempts = failing.reduce((n, s) => n + (s.failures?.attempts ?? 0), 0);
  const brute = suspects.filter((s) => s.bruteForce);
  const inIncidents = suspects.filter((s) => s.incidents.length > 0);
  const succeeded = suspects.filter((s) => s.successAfter !== undefined);
  const text =
    `${plural(suspects.length, 'source IP')} look suspicious: ${count(failing.length)} with failed logins (${plural(attempts, 'attempt')} in all), ` +
    `${count(inIncidents.length)} in incidents, ${count(brute.length)} flagged as ${brute.length === 1 ? 'a brute-force source' : 'brute-force sources'} (incidents with ATT&CK ${names.technique(BRUTE_FORCE_TECHNIQUE)}): ` +
    `${names.list('ip', brute.map((s) => s.ip), ctx.limits.inline)}. ` +
    `${plural(succeeded.length, 'source')} logged in successfully after failing${succeeded.length === 0 ? '' : `: ${names.list('ip', succeeded.map((s) => s.ip), ctx.limits.inline)}`}.`;
  const incidents = [...new Set(inIncidents.flatMap((s) => s.incidents))];
  return {
    kind: 'suspicious-ips.overview',
    title: 'Suspicious source IPs',
    text,
    data: {
      suspects: suspects.length, withFailures: failing.length, attempts, inIncidents: inIncidents.length,
      bruteForceSources: brute.map((s) => s.ip), successAfterFailures: succeeded.map((s) => s.ip),
      ips: suspects.slice(0, 5000).map((s) => ({ ip: s.ip, failedAttempts: s.failures?.attempts ?? 0, bruteForce: s.bruteForce, incidents: s.incidents.map((i) => i.id) })),
    },
    entities: names.entities,
    citations: cite(ctx, { events: eventIds(ctx, failureWhere(ctx)), eventCount: tally(ctx, failureWhere(ctx)).events, incidents: incidents.map((i) => i.id), alerts: incidents.flatMap(alertIds) }),
  };
}

function suspectFact(ctx: FactContext, s: Suspect): FactDraft {
  const names = new Names();
  const parts = [`${names.ip(s.ip)} (${ipClassLabel(s.ip)}):`];
  if (s.failures !== undefined) parts.push(failureSentence(ctx, names, s));
  const activity = activityOf(ctx, 'source_ip', s.ip);
  if (activity.events > 0) parts.push(`All its activity: ${plural(activity.occurrences, 'event')} ${span(activity.first, activity.last)}: ${describeActions(activity.actions, ctx.limits.inline)}.`);
  if (s.incidents.length > 0) parts.push(`Incidents: ${s.incidents.slice(0, ctx.limits.inline).map((i) => incidentLabel(names, i)).join('; ')}.`);
  if (s.bruteForce) parts.push(`Flagged: brute-force source (ATT&CK ${names.technique(BRUTE_FORCE_TECHNIQUE)}).`);
  const failureEvents = scoped(ctx, ctx.logins.failure(), [], { sourceIp: s.ip });
  const evidence = s.failures === undefined ? s.incidents.flatMap((i) => i.event_ids) : eventIds(ctx, failureEvents);
  return {
    kind: 'suspicious-ips.ip',
    title: `Source ${names.ip(s.ip)}`,
    text: parts.join(' '),
    data: {
      ip: s.ip, class: ipClassLabel(s.ip), failedAttempts: s.failures?.attempts ?? 0, failedRecords: s.failures?.events ?? 0,
      accountsTried: s.failures?.users ?? 0, bruteForce: s.bruteForce, successAfterFailures: s.successAfter === undefined ? null : { user: s.successAfter.user, at: s.successAfter.at, event: s.successAfter.successId },
      events: activity.occurrences, datasets: activity.datasets, actions: activity.actions.slice(0, 50), incidents: s.incidents.map((i) => ({ id: i.id, severity: i.severity, title: i.title })),
    },
    entities: names.entities,
    citations: cite(ctx, {
      events: [...(s.successAfter === undefined ? [] : [s.successAfter.successId]), ...evidence],
      eventCount: (s.failures?.events ?? s.incidents.reduce((n, i) => n + i.event_total, 0)) + (s.successAfter === undefined ? 0 : 1),
      incidents: s.incidents.map((i) => i.id),
      alerts: s.incidents.flatMap(alertIds),
    }),
  };
}

function failureSentence(ctx: FactContext, names: Names, s: Suspect): string {
  const f = s.failures!;
  const users = counterparts(ctx, 'source_ip', s.ip, 'user_name', ctx.logins.failure());
  const tried = users.slice(0, ctx.limits.inline).map((u) => `${names.user(u.value)} ${count(u.occurrences)}`).join(', ');
  const more = users.length > ctx.limits.inline ? ` and ${count(users.length - ctx.limits.inline)} more` : '';
  const ok = tally(ctx, scoped(ctx, ctx.logins.success(), [], { sourceIp: s.ip }));
  const after = s.successAfter === undefined
    ? ''
    : ` It then logged in successfully as ${s.successAfter.user === null ? 'an unnamed account' : names.user(s.successAfter.user)} at ${iso(s.successAfter.at)} after ${plural(s.successAfter.failuresBefore, 'failure')}.`;
  return `${plural(f.attempts, 'failed login attempt')} (${plural(f.events, 'record')}) ${span(f.first, f.last)} against ${plural(f.users, 'account')} (${tried === '' ? 'no account named' : tried}${more}); ${plural(ok.occurrences, 'successful login')} from it.${after}`;
}

function rosterFact(ctx: FactContext, rest: readonly Suspect[]): FactDraft {
  const names = new Names();
  const listed = rest.slice(0, 500);
  const text =
    `Also suspicious (${plural(rest.length, 'more IP')}, failed attempts in brackets): ` +
    listed.map((s) => `${names.ip(s.ip)} (${count(s.failures?.attempts ?? 0)}${s.incidents.length > 0 ? `, ${plural(s.incidents.length, 'incident')}` : ''})`).join(', ') +
    `${rest.length > listed.length ? ` and ${count(rest.length - listed.length)} more` : ''}.`;
  const perIp = Math.max(1, Math.floor(ctx.limits.eventIds / listed.length));
  return {
    kind: 'suspicious-ips.roster',
    title: 'Other suspicious source IPs',
    text,
    data: { ips: rest.slice(0, 5000).map((s) => ({ ip: s.ip, failedAttempts: s.failures?.attempts ?? 0, incidents: s.incidents.map((i) => i.id) })) },
    entities: names.entities,
    citations: cite(ctx, {
      events: listed.flatMap((s) => eventIds(ctx, scoped(ctx, ctx.logins.failure(), [], { sourceIp: s.ip }), perIp)),
      eventCount: rest.reduce((n, s) => n + (s.failures?.events ?? 0), 0),
      incidents: rest.flatMap((s) => s.incidents.map((i) => i.id)),
    }),
  };
}
