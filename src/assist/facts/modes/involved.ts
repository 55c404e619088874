import type { EntityRef, Fact } from '../../../schema/assist.ts';
import type { Incident } from '../../../schema/incident.ts';
import type { FactContext } from '../types.ts';

/** What the answer's facts are about: their IPs, accounts and hosts in order of first mention, and the incidents they cite. */

export type Involved = EntityRef & { kind: 'ip' | 'user' | 'host' };

export function involvedEntities(facts: readonly Pick<Fact, 'entities'>[], max: number): Involved[] {
  const out: Involved[] = [];
  for (const fact of facts) {
    for (const e of fact.entities) {
      if (out.length >= max) return out;
      if ((e.kind === 'ip' || e.kind === 'user' || e.kind === 'host') && !out.some((o) => o.kind === e.kind && o.value === e.value)) out.push({ kind: e.kind, value: e.value });
    }
  }
  return out;
}

export function citedIncidents(ctx: FactContext, facts: readonly Pick<Fact, 'citations'>[]): Incident[] {
  const ids = [...new Set(facts.flatMap((f) => f.citations.incidents))];
  return ids.map((id) => ctx.analyses.incident(id)).filter((i): i is Incident => i !== undefined);
}

/** The context with the plan's time scope only: cross-source views look past the question's entity filters. */
export function timeOnly(ctx: FactContext): FactContext {
  const { sinceMs, untilMs } = ctx.plan.filters;
  return { ...ctx, plan: { ...ctx.plan, filters: { sinceMs, untilMs } } };
}

export const COLUMN_OF = { ip: 'source_ip', user: 'user_name', host: 'host_name' } as const;
