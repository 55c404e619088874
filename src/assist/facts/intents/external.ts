import type { Incident } from '../../../schema/incident.ts';
import { SEVERITY_RANK } from '../../../schema/incident.ts';
import { failuresBySource, successesAfterFailures, type SourceFailures } from '../auth.ts';
import { cite } from '../cite.ts';
import { incidentLabel, ipClassLabel } from '../describe.ts';
import { alertIds, scopedIncidents } from '../incidents.ts';
import { Names, count, plural, span } from '../names.ts';
import { activityOf, describeActions } from '../profile.ts';
import { actionsWithOutcome, eventIds, scoped } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { LOGIN_ACTIONS, PAM_FAILURE, SUCCESS_AFTER_MIN } from '../vocabulary.ts';
import { isExternal, registerIpFunctions } from '../ip-sql.ts';
import { HEAVY_SOURCE_MIN, backgroundFacts, failureGroupsOf, isBackground, type FailureGroup } from './external-noise.ts';

/**
 * Unusual activity from external addresses (public, and documentation ranges that stand for them): sources
 * in incidents, with failed logins, or with other failed or blocked activity; per source what it did. Failures
 * spread thinly over very many sources (internet background scanning of a firewall) are summarised as such.
 */

interface ExternalSource {
  ip: string;
  logins: SourceFailures | undefined;
  failures: Map<string, number>;
  incidents: Incident[];
  succeededAfterFailures: boolean;
}

export function externalFacts(ctx: FactContext): FactDraft[] {
  registerIpFunctions(ctx.db);
  const sources = new Map<string, ExternalSource>();
  const source = (ip: string) => {
    let s = sources.get(ip);
    if (s === undefined) sources.set(ip, (s = { ip, logins: undefined, failures: new Map(), incidents: [], succeededAfterFailures: false }));
    return s;
  };
  for (const f of failuresBySource(ctx)) if (isExternal(f.ip)) source(f.ip).logins = f;
  for (const incident of scopedIncidents(ctx)) for (const ip of incident.entities.source_ip) if (isExternal(ip)) source(ip).incidents.push(incident);
  for (const r of successesAfterFailures(ctx, 'source_ip')) if (r.failuresBefore >= SUCCESS_AFTER_MIN && sources.has(r.key)) source(r.key).succeededAfterFailures = true;
  const groups = failureGroups(ctx, [...sources.keys()]);
  for (const group of groups) {
    const background = isBackground(group);
    for (const [ip, n] of group.listed) if (!background || n >= HEAVY_SOURCE_MIN || sources.has(ip)) source(ip).failures.set(`${group.dataset} ${group.action}`, n);
  }
  const ranked = [...sources.values()].sort(rank);
  const detailed = ranked.slice(0, ctx.limits.items);
  return [
    overview(ctx, ranked, groups),
    ...detailed.map((s) => sourceFact(ctx, s)),
    ...(ranked.length > detailed.length ? [roster(ctx, ranked.slice(detailed.length))] : []),
    ...backgroundFacts(ctx, groups.filter(isBackground)),
  ];
}

/** Failed outcomes of every non-login action from external sources, per action and dataset. */
function failureGroups(ctx: FactContext, known: readonly string[]): FailureGroup[] {
  const logins = new Set<string>([...LOGIN_ACTIONS, PAM_FAILURE]);
  return actionsWithOutcome(ctx, 'failure')
    .filter((action) => !logins.has(action))
    .flatMap((action) => {
      ctx.signal?.throwIfAborted();
      return failureGroupsOf(ctx, action, known);
    });
}

function rank(a: ExternalSource, b: ExternalSource): number {
  const worst = (s: ExternalSource) => Math.min(...s.incidents.map((i) => SEVERITY_RANK[i.severity]), 9);
  const failures = (s: ExternalSource) => (s.logins?.attempts ?? 0) + [...s.failures.values()].reduce((x, y) => x + y, 0);
  return worst(a) - worst(b) || Number(b.succeededAfterFailures) - Number(a.succeededAfterFailures) || failures(b) - failures(a) || a.ip.localeCompare(b.ip);
}

function overview(ctx: FactContext, ranked: readonly ExternalSource[], groups: readonly FailureGroup[]): FactDraft {
  const names = new Names();
  const inIncidents = ranked.filter((s) => s.incidents.length > 0);
  const logins = ranked.filter((s) => s.logins !== undefined);
  const attempts = logins.reduce((n, s) => n + (s.logins?.attempts ?? 0), 0);
  const other = ranked.filter((s) => s.failures.size > 0);
  const succeeded = ranked.filter((s) => s.succeededAfterFailures);
  const background = groups.filter(isBackground);
  const text = ranked.length === 0
    ? `No external source (public or documentation-range address) is in an incident, failed a login, or failed other activity in scope${background.length > 0 ? ', apart from background noise' : ''}.`
    : `${plural(ranked.length, 'external source IP')} show unusual activity: ${count(inIncidents.length)} in incidents, ${count(logins.length)} with failed logins (${plural(attempts, 'attempt')}), ` +
      `${count(other.length)} with other failed or blocked activity. ` +
      `${succeeded.length === 0 ? 'None logged in successfully after failing.' : `Logged in successfully after failing: ${names.list('ip', succeeded.map((s) => s.ip), ctx.limits.inline)}.`} ` +
      `Most unusual first: ${names.list('ip', ranked.map((s) => s.ip), ctx.limits.inline)}.`;
  const incidents = [...new Set(inIncidents.flatMap((s) => s.incidents))];
  return {
    kind: 'external.overview',
    title: 'Unusual activity from external sources',
    text,
    data: { sources: ranked.length, inIncidents: inIncidents.length, withFailedLogins: logins.length, failedLoginAttempts: attempts, withOtherFailures: other.length, successAfterFailures: succeeded.map((s) => s.ip), backgroundGroups: background.length },
    entities: names.entities,
    citations: cite(ctx, { incidents: incidents.map((i) => i.id), alerts: incidents.flatMap(alertIds), events: ranked.slice(0, ctx.limits.eventIds).flatMap((s) => eventIds(ctx, scoped(ctx, "e.outcome = 'failure'", [], { sourceIp: s.ip }), 1)) }),
  };
}

function sourceFact(ctx: FactContext, s: ExternalSource): FactDraft {
  const names = new Names();
  const parts = [`${names.ip(s.ip)} (${ipClassLabel(s.ip)}):`];
  if (s.incidents.length > 0) parts.push(`in ${s.incidents.slice(0, ctx.limits.inline).map((i) => incidentLabel(names, i)).join('; ')}.`);
  if (s.logins !== undefined) parts.push(`${plural(s.logins.attempts, 'failed login attempt')} ${span(s.logins.first, s.logins.last)} against ${plural(s.logins.users, 'account')}${s.succeededAfterFailures ? ', then a successful login' : ''}.`);
  if (s.failures.size > 0) parts.push(`Other failures: ${[...s.failures].map(([what, n]) => `${what} ×${count(n)}`).join(', ')}.`);
  const activity = activityOf(ctx, 'source_ip', s.ip);
  parts.push(`All its activity: ${plural(activity.occurrences, 'event')} ${span(activity.first, activity.last)}: ${describeActions(activity.actions, ctx.limits.inline)}.`);
  const failures = scoped(ctx, "e.outcome = 'failure'", [], { sourceIp: s.ip });
  const failureCount = activity.actions.filter((a) => a.outcome === 'failure').reduce((n, a) => n + a.events, 0);
  return {
    kind: 'external.source',
    title: `External source ${names.ip(s.ip)}`,
    text: parts.join(' '),
    data: { ip: s.ip, class: ipClassLabel(s.ip), failedLoginAttempts: s.logins?.attempts ?? 0, otherFailures: Object.fromEntries(s.failures), incidents: s.incidents.map((i) => i.id), events: activity.occurrences, datasets: activity.datasets, actions: activity.actions.slice(0, 50) },
    entities: names.entities,
    citations: cite(ctx, {
      events: failureCount > 0 ? eventIds(ctx, failures) : eventIds(ctx, scoped(ctx, '1', [], { sourceIp: s.ip })),
      eventCount: failureCount > 0 ? failureCount : activity.events,
      incidents: s.incidents.map((i) => i.id),
      alerts: s.incidents.flatMap(alertIds),
    }),
  };
}

function roster(ctx: FactContext, rest: readonly ExternalSource[]): FactDraft {
  const names = new Names();
  const listed = rest.slice(0, 500);
  const failures = (s: ExternalSource) => (s.logins?.attempts ?? 0) + [...s.failures.values()].reduce((x, y) => x + y, 0);
  return {
    kind: 'external.roster',
    title: 'Other external sources',
    text: `Also unusual (${plural(rest.length, 'more external IP')}, failures in brackets): ${listed.map((s) => `${names.ip(s.ip)} (${count(failures(s))})`).join(', ')}${rest.length > listed.length ? ` and ${count(rest.length - listed.length)} more` : ''}.`,
    data: { sources: rest.slice(0, 5000).map((s) => ({ ip: s.ip, failures: failures(s), incidents: s.incidents.map((i) => i.id) })) },
    entities: names.entities,
    citations: cite(ctx, { events: listed.slice(0, ctx.limits.eventIds).flatMap((s) => eventIds(ctx, scoped(ctx, "e.outcome = 'failure'", [], { sourceIp: s.ip }), 1)), incidents: rest.flatMap((s) => s.incidents.map((i) => i.id)) }),
  };
}
