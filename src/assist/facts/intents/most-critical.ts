import type { Incident } from '../../../schema/incident.ts';
import { cite } from '../cite.ts';
import { recordIncident } from '../describe.ts';
import { capital, incidentFact } from '../incident-fact.ts';
import { alertIds, latestAnalysis, scopedIncidents } from '../incidents.ts';
import { Names, count, plural, span } from '../names.ts';
import { column, eventIds, scoped, tally } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { analysisMissing } from './analysis-missing.ts';
import { failedLoginFacts } from './failed-logins.ts';

/**
 * The most critical threat: the top incident (severity, then score) with why it ranks first, its evidence
 * (alerts and a recount of its logins), techniques and recommended actions; then the runners-up.
 */
export function mostCriticalFacts(ctx: FactContext): FactDraft[] {
  if (latestAnalysis(ctx) === undefined) return [analysisMissing(ctx), ...failedLoginFacts(ctx).slice(0, 3)];
  const incidents = scopedIncidents(ctx);
  const top = incidents[0];
  if (top === undefined) {
    return [{ kind: 'most-critical.none', title: 'No incidents', text: 'The latest analysis raised no incident in scope: there is no detected threat to rank.', data: { incidents: 0 }, entities: [], citations: cite(ctx, {}) }];
  }
  return [
    incidentFact(ctx, top, 'most-critical.incident'),
    whyFirst(ctx, top, incidents.length),
    evidence(ctx, top),
    ...loginRecount(ctx, top),
    techniques(ctx, top),
    recommendations(ctx, top),
    ...runnersUp(ctx, incidents.slice(1)),
  ];
}

function whyFirst(ctx: FactContext, incident: Incident, total: number): FactDraft {
  const names = new Names();
  recordIncident(names, incident);
  const factors = incident.severity_factors.map((f) => `${names.mentions(f.detail)} (${f.points >= 0 ? '+' : ''}${String(f.points)})`).join('; ');
  for (const reason of incident.confidence.reasons) names.mentions(reason);
  return {
    kind: 'most-critical.why',
    title: 'Why it ranks first',
    text: `Ranked first of ${plural(total, 'incident')} by severity (${incident.severity}), then score (${String(incident.score)}). Score factors: ${factors || 'none recorded'}. Confidence ${incident.confidence.level} (${incident.confidence.score.toFixed(2)}): ${incident.confidence.reasons.join('; ') || 'no reasons recorded'}.`,
    data: { factors: incident.severity_factors, confidence: incident.confidence },
    entities: names.entities,
    citations: cite(ctx, { incidents: [incident.id] }),
  };
}

function evidence(ctx: FactContext, incident: Incident): FactDraft {
  const names = new Names();
  recordIncident(names, incident);
  const lines = incident.alerts.map((a) => `${a.title} [${a.level}] ×${count(a.occurrences)} ${span(Date.parse(a.first_seen ?? ''), Date.parse(a.last_seen ?? ''))}`);
  return {
    kind: 'most-critical.evidence',
    title: 'Evidence',
    text: `${capital(plural(incident.alerts.length, 'detection'))} (${plural(incident.alert_total, 'alert')}) make up this incident: ${lines.slice(0, ctx.limits.inline).join('; ')}${lines.length > ctx.limits.inline ? `; and ${count(lines.length - ctx.limits.inline)} more` : ''}. ${plural(incident.event_total, 'event')} support it.`,
    data: { alerts: incident.alerts.map((a) => ({ rule: a.rule_id, title: a.title, level: a.level, type: a.type, occurrences: a.occurrences, first_seen: a.first_seen ?? null, last_seen: a.last_seen ?? null })) },
    entities: names.entities,
    citations: cite(ctx, { events: incident.event_ids, eventCount: incident.event_total, alerts: alertIds(incident), incidents: [incident.id] }),
  };
}

/** Failed and successful logins of the incident's source IPs, recounted over every stored event in scope. */
function loginRecount(ctx: FactContext, incident: Incident): FactDraft[] {
  const out: FactDraft[] = [];
  for (const ip of incident.entities.source_ip.slice(0, ctx.limits.inline)) {
    const failures = tally(ctx, scoped(ctx, ctx.logins.failure(), [], { sourceIp: ip }));
    const successes = scoped(ctx, ctx.logins.success(), [], { sourceIp: ip });
    const ok = tally(ctx, successes);
    if (failures.events === 0 && ok.events === 0) continue;
    const names = new Names();
    const users = column<string>(ctx, `SELECT DISTINCT e.user_name FROM events e WHERE ${successes.sql} AND e.user_name IS NOT NULL LIMIT 50`, successes.params);
    out.push({
      kind: 'most-critical.logins',
      title: `Logins from ${names.ip(ip)}`,
      text: `From ${names.ip(ip)}: ${plural(failures.occurrences, 'failed login attempt')}${failures.events === 0 ? '' : ` ${span(failures.first, failures.last)}`}, then ${plural(ok.occurrences, 'successful login')}${ok.events === 0 ? '' : ` ${span(ok.first, ok.last)} as ${names.list('user', users, ctx.limits.inline)}`}.`,
      data: { ip, failedAttempts: failures.occurrences, successes: ok.occurrences, successUsers: users },
      entities: names.entities,
      citations: cite(ctx, {
        events: [...eventIds(ctx, successes, 3), ...eventIds(ctx, scoped(ctx, ctx.logins.failure(), [], { sourceIp: ip }))],
        eventCount: failures.events + ok.events,
        incidents: [incident.id],
      }),
    });
  }
  return out;
}

function techniques(ctx: FactContext, incident: Incident): FactDraft {
  const names = new Names();
  const list = incident.techniques.map((t) => `${names.technique(t.id)} ${t.name} (${t.tactics.join(', ') || 'tactic unknown'})`);
  return {
    kind: 'most-critical.techniques',
    title: 'ATT&CK techniques',
    text: list.length === 0 ? 'No ATT&CK technique is tagged on its rules.' : `ATT&CK techniques: ${list.join('; ')}.`,
    data: { techniques: incident.techniques, tactics: incident.tactics },
    entities: names.entities,
    citations: cite(ctx, { incidents: [incident.id] }),
  };
}

function recommendations(ctx: FactContext, incident: Incident): FactDraft {
  const names = new Names();
  recordIncident(names, incident);
  const r = incident.recommendations;
  const pick = (items: readonly string[]) => items.slice(0, ctx.mode === 'basic' ? 2 : items.length);
  for (const text of [...r.containment, ...r.investigation, ...r.mitigation]) names.mentions(text);
  const parts = [
    r.containment.length > 0 ? `Contain: ${pick(r.containment).join(' ')}` : '',
    r.investigation.length > 0 ? `Investigate: ${pick(r.investigation).join(' ')}` : '',
    ctx.mode !== 'basic' && r.mitigation.length > 0 ? `Mitigate: ${r.mitigation.join(' ')}` : '',
  ].filter((p) => p !== '');
  return {
    kind: 'most-critical.actions',
    title: 'Recommended actions',
    text: parts.join(' ') || 'No recommendation recorded.',
    data: { recommendations: r },
    entities: names.entities,
    citations: cite(ctx, { incidents: [incident.id] }),
  };
}

function runnersUp(ctx: FactContext, rest: readonly Incident[]): FactDraft[] {
  if (rest.length === 0) return [];
  const names = new Names();
  const shown = rest.slice(0, ctx.mode === 'basic' ? 2 : ctx.limits.items);
  for (const i of shown) recordIncident(names, i);
  return [{
    kind: 'most-critical.next',
    title: 'Next most critical',
    text: `Next: ${shown.map((i) => `${i.severity} "${i.title}" (score ${String(i.score)})`).join('; ')}${rest.length > shown.length ? `; and ${plural(rest.length - shown.length, 'more incident')}` : ''}.`,
    data: { incidents: shown.map((i) => ({ id: i.id, severity: i.severity, score: i.score, title: i.title })) },
    entities: names.entities,
    citations: cite(ctx, { incidents: shown.map((i) => i.id), events: shown.flatMap((i) => i.event_ids.slice(0, 1)), eventCount: shown.reduce((n, i) => n + i.event_total, 0) }),
  }];
}
