import type { Alert } from '../../../schema/alert.ts';
import type { Incident, IncidentAlert } from '../../../schema/incident.ts';
import { failureWhere, successesAfterFailures } from '../auth.ts';
import { cite } from '../cite.ts';
import { recordIncident } from '../describe.ts';
import { latestAnalysis, scopedIncidents } from '../incidents.ts';
import { isoText } from '../incident-fact.ts';
import { Names, count, iso, plural } from '../names.ts';
import { rows, scoped } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { NOTABLE_ACTIONS, SUCCESS_AFTER_MIN } from '../vocabulary.ts';
import { analysisMissing } from './analysis-missing.ts';
import { hourPattern } from './hours.ts';

/**
 * A timeline of security-related events: every detection (alert line of an incident), notable changes
 * (accounts, groups, passwords, cleared logs, installed services, lockouts) and successful logins after
 * failures, in time order. Over the mode's bound, the most severe entries are kept.
 */

interface Entry {
  at: number;
  /** Lower is kept first when the timeline is cut. */
  priority: number;
  fact: FactDraft;
}

const LEVEL_PRIORITY: Readonly<Record<string, number>> = { critical: 0, high: 1, medium: 2, low: 3, informational: 5 };
const NOTABLE_PRIORITY = 2;
const SUCCESS_PRIORITY = 1;

export function timelineFacts(ctx: FactContext): FactDraft[] {
  const analysis = latestAnalysis(ctx);
  const entries = [...(analysis === undefined ? [] : detectionEntries(ctx)), ...notableEntries(ctx), ...successEntries(ctx)];
  const kept = [...entries].sort((a, b) => a.priority - b.priority || a.at - b.at).slice(0, ctx.limits.timeline).sort((a, b) => a.at - b.at);
  return [
    ...(analysis === undefined ? [analysisMissing(ctx)] : []),
    overview(ctx, entries, kept),
    ...kept.map((e) => e.fact),
    ...hourPattern(ctx, failureWhere(ctx), 'failed logins'),
  ];
}

function overview(ctx: FactContext, entries: readonly Entry[], kept: readonly Entry[]): FactDraft {
  const first = entries.reduce((m, e) => Math.min(m, e.at), Infinity);
  const last = entries.reduce((m, e) => Math.max(m, e.at), -Infinity);
  const detections = entries.filter((e) => e.fact.kind === 'timeline.detection').length;
  const text = entries.length === 0
    ? 'No security-related events in scope: no detections, account or log changes, or successful logins after failures.'
    : `${plural(entries.length, 'security-related entry', 'security-related entries')} from ${iso(first)} to ${iso(last)}: ${plural(detections, 'detection')}, ` +
      `${plural(entries.length - detections, 'other notable event')}.${kept.length < entries.length ? ` The ${count(kept.length)} most severe are listed in time order.` : ''}`;
  return {
    kind: 'timeline.overview',
    title: 'Timeline',
    text,
    data: { entries: entries.length, listed: kept.length, first: entries.length === 0 ? null : iso(first), last: entries.length === 0 ? null : iso(last) },
    entities: [],
    citations: cite(ctx, { incidents: [...new Set(entries.flatMap((e) => e.fact.citations.incidents))] }),
  };
}

function detectionEntries(ctx: FactContext): Entry[] {
  const incidents = scopedIncidents(ctx);
  if (incidents.length === 0) return [];
  const alerts = new Map(ctx.analyses.allAlerts().map((a) => [a.id, a]));
  return incidents.flatMap((incident) => incident.alerts.map((line) => detection(ctx, incident, line, alerts)));
}

function detection(ctx: FactContext, incident: Incident, line: IncidentAlert, alerts: ReadonlyMap<string, Alert>): Entry {
  const names = new Names();
  recordIncident(names, incident);
  const e = line.entities;
  const who = [
    e.source_ip.length > 0 ? `from ${names.list('ip', e.source_ip, ctx.limits.inline)}` : '',
    e.user.length > 0 ? `accounts ${names.list('user', e.user, ctx.limits.inline)}` : '',
    e.host.length > 0 ? `on ${names.list('host', e.host, ctx.limits.inline)}` : '',
  ].filter((p) => p !== '').join(', ');
  const at = Date.parse(line.first_seen ?? incident.first_seen ?? '');
  const until = line.last_seen !== undefined && line.last_seen !== line.first_seen ? ` until ${isoText(line.last_seen)}` : '';
  const evidence = line.alert_ids.flatMap((id) => alerts.get(id)?.event_ids ?? []);
  const total = line.alert_ids.reduce((n, id) => n + (alerts.get(id)?.event_total ?? 0), 0);
  return {
    at: Number.isNaN(at) ? Infinity : at,
    priority: LEVEL_PRIORITY[line.level] ?? 4,
    fact: {
      kind: 'timeline.detection',
      title: line.title,
      text: `${iso(at)}${until}: ${line.title} [${line.level}] ×${count(line.occurrences)}${who === '' ? '' : ` ${who}`}; part of ${incident.severity} incident "${incident.title}".`,
      data: { at: iso(at), last: line.last_seen ?? null, rule: line.rule_id, level: line.level, occurrences: line.occurrences, incident: incident.id, techniques: line.techniques },
      entities: names.entities,
      citations: cite(ctx, { events: evidence, eventCount: Math.max(total, evidence.length), alerts: line.alert_ids, incidents: [incident.id] }),
    },
  };
}

interface NotableRow {
  id: string;
  ts_ms: number | null;
  dataset: string;
  action: string;
  outcome: string | null;
  user: string | null;
  host: string | null;
  ip: string | null;
}

function notableEntries(ctx: FactContext): Entry[] {
  const where = scoped(ctx, `e.action IN (${NOTABLE_ACTIONS.map(() => '?').join(', ')})`, [...NOTABLE_ACTIONS]);
  const found = rows<NotableRow>(ctx, `SELECT lower(hex(e.id)) AS id, e.ts_ms, e.dataset, e.action, e.outcome, e.user_name AS user, e.host_name AS host, e.source_ip AS ip
       FROM events e WHERE ${where.sql} ORDER BY e.ts_ms, e.rowid LIMIT ?`, [...where.params, ctx.limits.timeline]);
  return found.map((r) => {
    const names = new Names();
    const parts = [r.user === null ? '' : `account ${names.user(r.user)}`, r.host === null ? '' : `on ${names.host(r.host)}`, r.ip === null ? '' : `from ${names.ip(r.ip)}`].filter((p) => p !== '');
    return {
      at: r.ts_ms ?? Infinity,
      priority: NOTABLE_PRIORITY,
      fact: {
        kind: 'timeline.notable',
        title: `${r.dataset} ${r.action}`,
        text: `${iso(r.ts_ms)}: ${r.dataset} ${r.action}${r.outcome === null ? '' : ` (${r.outcome})`}${parts.length === 0 ? '' : ` ${parts.join(' ')}`}.`,
        data: { at: iso(r.ts_ms), dataset: r.dataset, action: r.action, outcome: r.outcome, user: r.user, host: r.host, ip: r.ip },
        entities: names.entities,
        citations: cite(ctx, { events: [r.id], eventCount: 1 }),
      },
    };
  });
}

function successEntries(ctx: FactContext): Entry[] {
  return successesAfterFailures(ctx, 'source_ip').filter((r) => r.failuresBefore >= SUCCESS_AFTER_MIN).slice(0, ctx.limits.timeline).map((r) => {
    const names = new Names();
    const who = r.user === null ? 'an unnamed account' : names.user(r.user);
    return {
      at: r.at,
      priority: SUCCESS_PRIORITY,
      fact: {
        kind: 'timeline.success-after-failures',
        title: 'Successful login after failures',
        text: `${iso(r.at)}: successful login as ${who} from ${names.ip(r.key)}${r.host === null ? '' : ` on ${names.host(r.host)}`} after ${plural(r.failuresBefore, 'failed attempt')} from that address since ${iso(r.firstFailure)}.`,
        data: { at: iso(r.at), ip: r.key, user: r.user, host: r.host, failuresBefore: r.failuresBefore },
        entities: names.entities,
        citations: cite(ctx, { events: [r.successId], eventCount: 1 + r.failureEventsBefore }),
      },
    };
  });
}
