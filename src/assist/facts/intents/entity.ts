import type { EntityRef } from '../../../schema/assist.ts';
import { successesAfterFailures } from '../auth.ts';
import { cite } from '../cite.ts';
import { incidentLabel, ipClassLabel } from '../describe.ts';
import { incidentFact } from '../incident-fact.ts';
import { alertIds, scopedIncidents } from '../incidents.ts';
import { Names, count, iso, plural, span } from '../names.ts';
import { activityOf, counterparts, describeActions, type EntityColumn } from '../profile.ts';
import { eventIds, scoped, tally } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { retrievedFacts } from './free.ts';

/** Per entity the question names (IP, account, host, technique): its activity, counterparts, logins and incidents. */

const COLUMN: Partial<Record<EntityRef['kind'], EntityColumn>> = { ip: 'source_ip', user: 'user_name', host: 'host_name' };
const OTHERS: Readonly<Record<EntityColumn, readonly [EntityColumn, string][]>> = {
  source_ip: [['user_name', 'accounts'], ['host_name', 'hosts']],
  user_name: [['source_ip', 'source IPs'], ['host_name', 'hosts']],
  host_name: [['user_name', 'accounts'], ['source_ip', 'source IPs']],
};
const MAX_ENTITIES = 5;

export async function entityFacts(ctx: FactContext): Promise<FactDraft[]> {
  const out: FactDraft[] = [];
  for (const entity of ctx.plan.entities.slice(0, MAX_ENTITIES)) {
    ctx.signal?.throwIfAborted();
    const column = COLUMN[entity.kind];
    if (entity.kind === 'technique') out.push(...techniqueFacts(ctx, entity.value));
    else if (column !== undefined) out.push(...(await columnFacts(ctx, entity, column)));
  }
  return out;
}

async function columnFacts(ctx: FactContext, entity: EntityRef, column: EntityColumn): Promise<FactDraft[]> {
  const activity = activityOf(ctx, column, entity.value);
  if (activity.events === 0) return notFound(ctx, entity);
  const names = new Names();
  const label = `${names.add(entity.kind, entity.value)}${entity.kind === 'ip' ? ` (${ipClassLabel(entity.value)})` : ''}`;
  const related = OTHERS[column].map(([other, title]) => {
    const values = counterparts(ctx, column, entity.value, other);
    return `${title}: ${values.length === 0 ? 'none' : values.slice(0, ctx.limits.inline).map((v) => `${names.add(other === 'source_ip' ? 'ip' : other === 'user_name' ? 'user' : 'host', v.value)} ${count(v.occurrences)}`).join(', ')}${values.length > ctx.limits.inline ? ` and ${count(values.length - ctx.limits.inline)} more` : ''}`;
  });
  const facts: FactDraft[] = [{
    kind: 'entity.activity',
    title: `Activity of ${label}`,
    text: `${label}: ${plural(activity.occurrences, 'event')} ${span(activity.first, activity.last)} in ${activity.datasets.join(', ')}: ${describeActions(activity.actions, ctx.limits.inline)}. ${related.join('; ')}.`,
    data: { kind: entity.kind, value: entity.value, events: activity.occurrences, records: activity.events, first: iso(activity.first), last: iso(activity.last), datasets: activity.datasets, actions: activity.actions.slice(0, 100) },
    entities: names.entities,
    citations: cite(ctx, { events: eventIds(ctx, scoped(ctx, `e.${column} = ?`, [entity.value])), eventCount: activity.events }),
  }];
  facts.push(...loginFacts(ctx, entity, column), ...incidentFacts(ctx, entity));
  return facts;
}

function loginFacts(ctx: FactContext, entity: EntityRef, column: EntityColumn): FactDraft[] {
  const failed = scoped(ctx, `${ctx.logins.failure()} AND e.${column} = ?`, [entity.value]);
  const ok = scoped(ctx, `${ctx.logins.success()} AND e.${column} = ?`, [entity.value]);
  const f = tally(ctx, failed);
  const s = tally(ctx, ok);
  if (f.events === 0 && s.events === 0) return [];
  const names = new Names();
  const label = names.add(entity.kind, entity.value);
  const by = column === 'source_ip' ? 'source_ip' : column === 'user_name' ? 'user_name' : undefined;
  const after = by === undefined ? undefined : successesAfterFailures(ctx, by).find((r) => r.key === entity.value);
  const afterText = after === undefined
    ? ''
    : ` A success followed ${plural(after.failuresBefore, 'failure')}: ${after.user === null ? 'an unnamed account' : names.user(after.user)}${after.ip === null ? '' : ` from ${names.ip(after.ip)}`} at ${iso(after.at)}.`;
  return [{
    kind: 'entity.logins',
    title: `Logins of ${label}`,
    text: `${label}: ${plural(f.occurrences, 'failed login attempt')}${f.events === 0 ? '' : ` ${span(f.first, f.last)}`}, ${plural(s.occurrences, 'successful login')}${s.events === 0 ? '' : ` ${span(s.first, s.last)}`}.${afterText}`,
    data: { failedAttempts: f.occurrences, successes: s.occurrences, successAfterFailures: after === undefined ? null : { at: after.at, user: after.user, ip: after.ip, event: after.successId } },
    entities: names.entities,
    citations: cite(ctx, { events: [...(after === undefined ? [] : [after.successId]), ...eventIds(ctx, failed), ...eventIds(ctx, ok)], eventCount: f.events + s.events }),
  }];
}

function incidentFacts(ctx: FactContext, entity: EntityRef): FactDraft[] {
  const incidents = scopedIncidents(ctx, { entities: [entity.value] });
  if (incidents.length === 0) return [];
  const names = new Names();
  const label = names.add(entity.kind, entity.value);
  const shown = incidents.slice(0, ctx.limits.items);
  return [{
    kind: 'entity.incidents',
    title: `Incidents involving ${label}`,
    text: `${label} is named in ${plural(incidents.length, 'incident')}: ${shown.map((i) => incidentLabel(names, i)).join('; ')}${incidents.length > shown.length ? `; and ${count(incidents.length - shown.length)} more` : ''}.`,
    data: { incidents: incidents.map((i) => ({ id: i.id, severity: i.severity, title: i.title })) },
    entities: names.entities,
    citations: cite(ctx, { incidents: incidents.map((i) => i.id), alerts: shown.flatMap(alertIds), events: shown.flatMap((i) => i.event_ids), eventCount: shown.reduce((n, i) => n + i.event_total, 0) }),
  }];
}

function techniqueFacts(ctx: FactContext, technique: string): FactDraft[] {
  const incidents = scopedIncidents(ctx, { technique });
  if (incidents.length === 0) {
    const names = new Names();
    return [{ kind: 'entity.technique-none', title: `No ${technique} incidents`, text: `No incident of the latest analysis has ATT&CK ${names.technique(technique)} or one of its sub-techniques.`, data: { technique }, entities: names.entities, citations: cite(ctx, {}) }];
  }
  return incidents.slice(0, ctx.limits.items).map((i) => incidentFact(ctx, i, 'entity.technique'));
}

/** An entity no event names in scope: said plainly, then the events whose text mentions it. */
async function notFound(ctx: FactContext, entity: EntityRef): Promise<FactDraft[]> {
  const names = new Names();
  const label = names.add(entity.kind, entity.value);
  const field = entity.kind === 'ip' ? 'as a source IP' : entity.kind === 'user' ? 'as an account' : 'as a host';
  const mentions = await retrievedFacts(ctx, entity.value, { sinceMs: ctx.plan.filters.sinceMs, untilMs: ctx.plan.filters.untilMs });
  return [{
    kind: 'entity.not-found',
    title: `No events for ${label}`,
    text: `No event in scope names ${label} ${field}.${mentions.length > 0 ? ' Events whose text mentions it follow.' : ' No event text mentions it either.'}`,
    data: { kind: entity.kind, value: entity.value },
    entities: names.entities,
    citations: cite(ctx, {}),
  }, ...mentions];
}
