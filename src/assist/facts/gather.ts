import type { Fact, Intent, Plan } from '../../schema/assist.ts';
import { resolvePlanTime } from '../plan/index.ts';
import { bruteForceFacts } from './intents/brute-force.ts';
import { entityFacts } from './intents/entity.ts';
import { externalFacts } from './intents/external.ts';
import { failedLoginFacts } from './intents/failed-logins.ts';
import { freeFacts } from './intents/free.ts';
import { mostCriticalFacts } from './intents/most-critical.ts';
import { suspiciousIpFacts } from './intents/suspicious-ips.ts';
import { threatFacts } from './intents/threats.ts';
import { softwareFacts } from './intents/software.ts';
import { timelineFacts } from './intents/timeline.ts';
import { MODE_LIMITS } from './limits.ts';
import { attackContextFacts } from './modes/attack.ts';
import { correlatedFacts } from './modes/correlate.ts';
import { nextStepFacts } from './modes/next-steps.ts';
import { reconstructionFacts } from './modes/reconstruct.ts';
import { latestEventMs } from './sql.ts';
import { pamOnlyHosts } from './auth.ts';
import { loginFailureSql, loginSuccessSql } from './vocabulary.ts';
import type { FactContext, FactDraft, FactSources, GatherOptions, IntentFacts } from './types.ts';
import { scopeFacts } from './scope.ts';

/** One line per intent: its fact module. */
const INTENT_FACTS: Readonly<Record<Intent, IntentFacts>> = {
  threats: threatFacts,
  'suspicious-ips': suspiciousIpFacts,
  'failed-logins': failedLoginFacts,
  timeline: timelineFacts,
  'most-critical': mostCriticalFacts,
  'brute-force': bruteForceFacts,
  external: externalFacts,
  entity: entityFacts,
  software: softwareFacts,
  free: freeFacts,
};

/**
 * The facts that answer a plan, computed over every matching event of the store (never a sample), numbered
 * F1, F2… in answer order: the scope, the intent's facts, then what the mode adds (docs/assist-modes.md).
 */
export async function gatherFacts(sources: FactSources, plan: Plan, options: GatherOptions = {}): Promise<Fact[]> {
  options.signal?.throwIfAborted();
  const latest = latestEventMs(sources);
  const ctx: FactContext = {
    db: sources.db,
    analyses: sources.analyses,
    embedder: sources.embedder,
    plan: resolvePlanTime(plan, latest),
    mode: plan.mode,
    limits: MODE_LIMITS[plan.mode],
    latestEventMs: latest,
    signal: options.signal,
    logins: loginConditions(pamOnlyHosts(sources)),
  };
  const answer = await INTENT_FACTS[plan.intent](ctx);
  ctx.signal?.throwIfAborted();
  const extra: FactDraft[] = [];
  if (plan.mode !== 'basic') extra.push(...correlatedFacts(ctx, answer), ...attackContextFacts(ctx, answer));
  if (plan.mode === 'forensic') extra.push(...reconstructionFacts(ctx, answer), ...nextStepFacts(ctx, answer));
  return [...scopeFacts(ctx), ...answer, ...extra].map((draft, i) => ({ id: `F${String(i + 1)}`, ...draft }));
}

function loginConditions(pamHosts: readonly string[]): FactContext['logins'] {
  return { failure: (alias = 'e') => loginFailureSql(pamHosts, alias), success: (alias = 'e') => loginSuccessSql(alias) };
}
