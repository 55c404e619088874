import { describeTimeScope } from '../plan/index.ts';
import { cite } from './cite.ts';
import { Names } from './names.ts';
import type { FactContext, FactDraft } from './types.ts';

/** The answer's scope when the question narrowed it (a time range, an IP, an account, a host). */
export function scopeFacts(ctx: FactContext): FactDraft[] {
  const { filters, time } = ctx.plan;
  const names = new Names();
  const parts: string[] = [];
  if (time !== undefined) parts.push(describeTimeScope(time));
  if (filters.sourceIp !== undefined) parts.push(`source IP ${names.ip(filters.sourceIp)}`);
  if (filters.user !== undefined) parts.push(`account ${names.user(filters.user)}`);
  if (filters.host !== undefined) parts.push(`host ${names.host(filters.host)}`);
  if (parts.length === 0) return [];
  return [{
    kind: 'scope',
    title: 'Scope',
    text: `Only events of ${parts.join(', ')}${ctx.latestEventMs === undefined ? '' : ` (the latest stored event is from ${new Date(ctx.latestEventMs).toISOString()})`}.`,
    data: { filters, time: time ?? null, latestEvent: ctx.latestEventMs ?? null },
    entities: names.entities,
    citations: cite(ctx, {}),
  }];
}
