import type { AnalysisMode, EntityRef, Plan, PlanFilters, TimeScope } from '../../schema/assist.ts';
import { extractEntities, type EntityLookup } from './entities.ts';
import { classifyIntent } from './intent.ts';
import { planSteps } from './steps.ts';
import { parseTimeScope, resolveTimeScope, withoutTimePhrases } from './time.ts';

export interface PlanOptions {
  /** The store's latest event time: relative time phrases count back from it (else resolved by gatherFacts). */
  latestEventMs?: number;
  /** Recognises user and host names the question gives without a marker word ("what did alice do?"). */
  lookup?: EntityLookup;
}

/**
 * Question → plan: intent by weighted phrase patterns, the entities and time it names as filters, and the
 * queries it will run in words. Pure: the store is consulted only through `options`.
 */
export function planQuestion(question: string, mode: AnalysisMode, options: PlanOptions = {}): Plan {
  const parsed = parseTimeScope(question);
  const time = parsed === undefined ? undefined : resolveTimeScope(parsed, options.latestEventMs);
  const entities = extractEntities(withoutTimePhrases(question), options.lookup);
  const choice = classifyIntent(question, entities.some((e) => e.kind !== 'technique'));
  const filters = filtersOf(entities, time);
  return { question, mode, intent: choice.intent, matched: choice.matched, entities, filters, time, steps: planSteps(choice.intent, mode, filters, time) };
}

function filtersOf(entities: readonly EntityRef[], time: TimeScope | undefined): PlanFilters {
  const first = (kind: EntityRef['kind']) => entities.find((e) => e.kind === kind)?.value;
  const filters: PlanFilters = {};
  const ip = first('ip');
  const user = first('user');
  const host = first('host');
  if (ip !== undefined) filters.sourceIp = ip;
  if (user !== undefined) filters.user = user;
  if (host !== undefined) filters.host = host;
  if (time?.sinceMs !== undefined) filters.sinceMs = time.sinceMs;
  if (time?.untilMs !== undefined) filters.untilMs = time.untilMs;
  return filters;
}

/** The plan with a relative time phrase resolved against the latest event (unchanged when already resolved). */
export function resolvePlanTime(plan: Plan, latestEventMs: number | undefined): Plan {
  if (plan.time === undefined || plan.time.resolved) return plan;
  const time = resolveTimeScope(plan.time, latestEventMs);
  if (!time.resolved) return plan;
  const filters: PlanFilters = { ...plan.filters, sinceMs: time.sinceMs, untilMs: time.untilMs };
  return { ...plan, time, filters, steps: planSteps(plan.intent, plan.mode, filters, time) };
}

export type { EntityLookup } from './entities.ts';
export { foldQuestion } from './intent.ts';
export { parseTimeScope, resolveTimeScope, describeTimeScope } from './time.ts';
