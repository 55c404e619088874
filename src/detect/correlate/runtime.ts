import type { CompiledCorrelation, FieldGetter } from '../types.ts';
import type { Burst } from './burst.ts';
import type { GroupWindow } from './window.ts';

/** How the matches of one detection rule enter one correlation: getters resolved under the rule's logsource. */
export interface RuleFeed {
  target: CorrelationRuntime;
  /** Positions of the rule in the correlation's rule list, highest first. */
  indices: number[];
  /** One getter per group-by name (aliases applied). */
  group: FieldGetter[];
  /** The condition field's getter (value_count / value_sum / value_avg). */
  value: FieldGetter | undefined;
}

/** How the bursts of one correlation enter another (chaining): values read from the inner group. */
export interface ChainFeed {
  target: CorrelationRuntime;
  indices: number[];
  /** One inner group-by name per outer group-by name (aliases applied). */
  groupNames: string[];
  valueName: string | undefined;
}

export interface Group {
  key: string;
  values: Record<string, string>;
  window: GroupWindow;
  burst: Burst | undefined;
  lastEntryMs: number;
}

/** One correlation's running state: its groups, and the correlations its bursts feed. */
export class CorrelationRuntime {
  readonly groups = new Map<string, Group>();
  readonly chainFeeds: ChainFeed[] = [];

  constructor(readonly correlation: CompiledCorrelation) {}

  get spanMs(): number {
    return this.correlation.timespanMs;
  }

  /** When the group next needs attention: its burst closes, or (no burst) the group can be forgotten. */
  deadline(group: Group): number {
    return (group.burst === undefined ? group.lastEntryMs : group.burst.lastTrueMs) + this.spanMs;
  }
}
