/** Questions → plans → facts → a deterministic report: what the assist orchestrator composes. */
export { planQuestion, resolvePlanTime, type PlanOptions, type EntityLookup } from '../plan/index.ts';
export { gatherFacts } from './gather.ts';
export { renderReport } from '../report/index.ts';
export { storePlanOptions } from './lookup.ts';
export { MODE_LIMITS } from './limits.ts';
export type { FactSources, GatherOptions, ModeLimits } from './types.ts';
export type { Plan, PlanFilters, TimeScope } from '../../schema/assist.ts';
