import type { AnalysisMode } from '../../schema/assist.ts';
import type { ModeLimits } from './types.ts';

/** docs/assist-modes.md describes these; a change here must change it too. */
export const MODE_LIMITS: Readonly<Record<AnalysisMode, ModeLimits>> = {
  basic: { eventIds: 5, items: 10, inline: 8, timeline: 15, retrieve: 30, correlate: 0, reconstruct: 0 },
  advanced: { eventIds: 20, items: 25, inline: 15, timeline: 50, retrieve: 60, correlate: 5, reconstruct: 0 },
  forensic: { eventIds: 5000, items: 100, inline: 40, timeline: 1000, retrieve: 200, correlate: 10, reconstruct: 5 },
};
