import type { Incident } from '../../../schema/incident.ts';
import { burstCitations, failureBursts, failuresBySource, failureWhere, successesAfterFailures, type Burst } from '../auth.ts';
import { cite } from '../cite.ts';
import { recordIncident, techniqueList } from '../describe.ts';
import { capital, when } from '../incident-fact.ts';
import { alertIds, latestAnalysis, scopedIncidents, type AnalysisInfo } from '../incidents.ts';
import { Names, count, iso, plural } from '../names.ts';
import { eventIds, scoped, tally } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { BRUTE_FORCE_TECHNIQUE, BURST_MIN, LOGIN_DESCRIPTION } from '../vocabulary.ts';

/**
 * Brute force: incidents with ATT&CK T1110 techniques, their sources, accounts and evidence, successes after
 * the failures; sources with a burst of failures that no incident covers; or a plain "no indicators" with
 * what was checked.
 */
export function bruteForceFacts(ctx: FactContext): FactDraft[] {
  const incidents = scopedIncidents(ctx, { technique: BRUTE_FORCE_TECHNIQUE });
  const bursts = failureBursts(ctx).filter((b) => b.peak >= BURST_MIN);
  const covered = new Set(incidents.flatMap((i) => i.entities.source_ip));
  const uncovered = bursts.filter((b) => !covered.has(b.ip));
  if (incidents.length === 0 && uncovered.length === 0) return [noIndicators(ctx, latestAnalysis(ctx), failureBursts(ctx)[0])];
  const attempts = new Map(failuresBySource(ctx).map((f) => [f.ip, f]));
  return [
    ...(incidents.length === 0 ? [] : [overview(ctx, incidents, attempts)]),
    ...incidents.slice(0, ctx.limits.items).map((i) => incidentFact(ctx, i, attempts)),
    ...(uncovered.length === 0 ? [] : [uncoveredFact(ctx, uncovered, incidents.length > 0)]),
  ];
}

type Attempts = ReadonlyMap<string, { attempts: number; events: number }>;

function overview(ctx: FactContext, incidents: readonly Incident[], attempts: Attempts): FactDraft {
  const names = new Names();
  const ips = [...new Set(incidents.flatMap((i) => i.entities.source_ip))];
  const users = [...new Set(incidents.flatMap((i) => i.entities.user))];
  const techniques = [...new Set(incidents.flatMap((i) => i.techniques.filter((t) => t.id.startsWith(BRUTE_FORCE_TECHNIQUE)).map((t) => `${names.technique(t.id)} ${t.name}`)))];
  const total = ips.reduce((n, ip) => n + (attempts.get(ip)?.attempts ?? 0), 0);
  const succeeded = successesAfterFailures(ctx, 'source_ip').filter((r) => ips.includes(r.key));
  const text =
    `Yes: ${plural(incidents.length, 'incident')} with brute-force techniques (${techniques.join(', ')}) from ${plural(ips.length, 'source IP')}: ` +
    `${ips.slice(0, 500).map((ip) => `${names.ip(ip)} (${plural(attempts.get(ip)?.attempts ?? 0, 'failed attempt')})`).join(', ')}${ips.length > 500 ? ` and ${count(ips.length - 500)} more` : ''}; ` +
    `${plural(total, 'failed attempt')} in all against ${plural(users.length, 'account')}. ` +
    (succeeded.length === 0
      ? 'None of these sources logged in successfully afterwards.'
      : `${plural(succeeded.length, 'source')} then logged in successfully: ${succeeded.map((r) => `${names.ip(r.key)} as ${r.user === null ? 'an unnamed account' : names.user(r.user)} at ${iso(r.at)}`).join('; ')}.`);
  return {
    kind: 'brute-force.overview',
    title: 'Brute-force indicators',
    text,
    data: { incidents: incidents.length, sources: ips.map((ip) => ({ ip, failedAttempts: attempts.get(ip)?.attempts ?? 0 })), accounts: users.length, failedAttempts: total, successAfterFailures: succeeded.map((r) => ({ ip: r.key, user: r.user, at: iso(r.at), event: r.successId })) },
    entities: names.entities,
    citations: cite(ctx, {
      events: [...succeeded.map((r) => r.successId), ...incidents.flatMap((i) => i.event_ids.slice(0, 1))],
      eventCount: ips.reduce((n, ip) => n + (attempts.get(ip)?.events ?? 0), 0) + succeeded.length,
      incidents: incidents.map((i) => i.id),
      alerts: incidents.flatMap(alertIds),
    }),
  };
}

function incidentFact(ctx: FactContext, incident: Incident, attempts: Attempts): FactDraft {
  const names = new Names();
  recordIncident(names, incident);
  const e = incident.entities;
  const sources = e.source_ip.map((ip) => `${names.ip(ip)} (${plural(attempts.get(ip)?.attempts ?? 0, 'failed attempt')})`);
  const text =
    `${capital(incident.severity)} incident "${incident.title}" ${when(incident)} (score ${String(incident.score)}): ` +
    (sources.length === 0 ? 'no source IP recorded' : `from ${sources.slice(0, ctx.limits.inline).join(', ')}${sources.length > ctx.limits.inline ? ` and ${count(sources.length - ctx.limits.inline)} more` : ''}`) +
    `${e.user.length === 0 ? '' : `; accounts tried: ${names.list('user', e.user, ctx.limits.inline)}`}${e.host.length === 0 ? '' : `; on ${names.list('host', e.host, ctx.limits.inline)}`}. ` +
    `ATT&CK: ${techniqueList(names, incident)}. ${plural(incident.event_total, 'evidence event')}.`;
  const failureIds = e.source_ip.slice(0, ctx.limits.inline).flatMap((ip) => eventIds(ctx, scoped(ctx, ctx.logins.failure(), [], { sourceIp: ip })));
  return {
    kind: 'brute-force.incident',
    title: incident.title,
    text,
    data: { incident: incident.id, severity: incident.severity, score: incident.score, sources: e.source_ip.map((ip) => ({ ip, failedAttempts: attempts.get(ip)?.attempts ?? 0 })), accounts: e.user, hosts: e.host, techniques: incident.techniques.map((t) => t.id) },
    entities: names.entities,
    citations: cite(ctx, { events: [...incident.event_ids, ...failureIds], eventCount: Math.max(incident.event_total, failureIds.length), alerts: alertIds(incident), incidents: [incident.id] }),
  };
}

function uncoveredFact(ctx: FactContext, bursts: readonly Burst[], alsoIncidents: boolean): FactDraft {
  const names = new Names();
  const shown = bursts.slice(0, ctx.limits.inline).map((b) => `${names.ip(b.ip)} (${count(b.peak)} within 10 minutes from ${iso(b.peakStart)})`);
  return {
    kind: 'brute-force.uncovered',
    title: 'Bursts without an incident',
    text:
      `${alsoIncidents ? 'Also' : 'No incident with ATT&CK ' + names.technique(BRUTE_FORCE_TECHNIQUE) + ', but'} ${plural(bursts.length, 'source IP')} made ${count(BURST_MIN)} or more failed attempts within 10 minutes without a brute-force incident: ` +
      `${shown.join(', ')}${bursts.length > shown.length ? ` and ${count(bursts.length - shown.length)} more` : ''}.`,
    data: { sources: bursts.map((b) => ({ ip: b.ip, peak: b.peak, peakStart: iso(b.peakStart) })) },
    entities: names.entities,
    citations: burstCitations(ctx, bursts),
  };
}

function noIndicators(ctx: FactContext, analysis: AnalysisInfo | undefined, busiest: Burst | undefined): FactDraft {
  const names = new Names();
  const failures = tally(ctx, failureWhere(ctx));
  const sources = failuresBySource(ctx).length;
  const checked = analysis === undefined
    ? 'No analysis has been run on this store (run `vigil analyze` for detection rules and incidents).'
    : `The latest analysis (#${String(analysis.id)}, ${plural(analysis.events, 'event')}, ${plural(analysis.incidents, 'incident')}) raised no incident with ATT&CK ${names.technique(BRUTE_FORCE_TECHNIQUE)}.`;
  const peak = busiest === undefined ? 'no source made repeated attempts' : `the busiest source, ${names.ip(busiest.ip)}, made ${count(busiest.peak)} within 10 minutes (threshold ${count(BURST_MIN)})`;
  return {
    kind: 'brute-force.none',
    title: 'No brute-force indicators',
    text: `No indicators of a brute-force attack. Checked ${plural(failures.occurrences, 'failed login attempt')} from ${plural(sources, 'source IP')} (${LOGIN_DESCRIPTION}): ${peak}. ${checked}`,
    data: { failedAttempts: failures.occurrences, sources, busiest: busiest === undefined ? null : { ip: busiest.ip, peak: busiest.peak }, threshold: BURST_MIN, analysis: analysis?.id ?? null },
    entities: names.entities,
    citations: cite(ctx, { events: eventIds(ctx, failureWhere(ctx)), eventCount: failures.events }),
  };
}
