import type { Incident } from '../../schema/incident.ts';
import { cite } from './cite.ts';
import { incidentLabel } from './describe.ts';
import { alertIds } from './incidents.ts';
import { Names, count, iso, plural } from './names.ts';
import type { FactContext, FactDraft } from './types.ts';

/** One incident as a fact: what, when, who, which techniques, how much evidence; cites the incident, its alerts and evidence events. */
export function incidentFact(ctx: FactContext, incident: Incident, kind: string): FactDraft {
  const names = new Names();
  const label = incidentLabel(names, incident);
  const e = incident.entities;
  const who = [
    e.source_ip.length > 0 ? `source IPs ${names.list('ip', e.source_ip, ctx.limits.inline)}` : '',
    e.user.length > 0 ? `accounts ${names.list('user', e.user, ctx.limits.inline)}` : '',
    e.host.length > 0 ? `hosts ${names.list('host', e.host, ctx.limits.inline)}` : '',
    e.destination_ip.length > 0 ? `destination IPs ${names.list('ip', e.destination_ip, ctx.limits.inline)}` : '',
  ].filter((p) => p !== '');
  const tactics = incident.tactics.map((t) => t.name).join(', ');
  const rules = incident.alerts.slice(0, ctx.limits.inline).map((a) => `${a.title} ×${count(a.occurrences)}`).join('; ');
  const text =
    `${capital(label)}, score ${incident.score}, confidence ${incident.confidence.level}, ${when(incident)}: ${who.join('; ') || 'no entities recorded'}. ` +
    `${tactics === '' ? '' : `Tactics: ${tactics}. `}${plural(incident.alert_total, 'alert')} (${rules}), ${plural(incident.event_total, 'evidence event')}.`;
  return {
    kind,
    title: incident.title,
    text,
    data: {
      incident: incident.id, severity: incident.severity, score: incident.score, confidence: incident.confidence.level,
      first_seen: incident.first_seen ?? null, last_seen: incident.last_seen ?? null, entities: incident.entities,
      techniques: incident.techniques.map((t) => ({ id: t.id, name: t.name, tactics: t.tactics })), alerts: incident.alert_total, events: incident.event_total,
    },
    entities: names.entities,
    citations: cite(ctx, { events: incident.event_ids, eventCount: incident.event_total, alerts: alertIds(incident), incidents: [incident.id] }),
  };
}

export function when(incident: Incident): string {
  if (incident.first_seen === undefined) return 'time unknown';
  const first = isoText(incident.first_seen);
  if (incident.first_seen === incident.last_seen || incident.last_seen === undefined) return `at ${first}`;
  return `from ${first} to ${isoText(incident.last_seen)}`;
}

/** A stored ISO time as the facts write times (UTC, no zero milliseconds). */
export function isoText(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : iso(ms);
}

export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
