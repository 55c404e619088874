import type { PlanFilters } from '../../schema/assist.ts';
import { ACTIVITY_KINDS, type ActivityCounts } from '../../store/activity.ts';
import type { EntityColumn } from './profile.ts';
import { row, rows, type Tally } from './sql.ts';
import type { FactContext } from './types.ts';

/**
 * An entity's whole history from the `entity_activity` summary (src/store/activity.ts) instead of a scan of
 * its events: the same numbers, in a few rows. Only when the question's scope is the entity itself: a time
 * range or a filter on another entity needs the events.
 */

const ENTITY_FILTERS: Readonly<Record<keyof PlanFilters, EntityColumn | undefined>> = {
  sinceMs: undefined,
  untilMs: undefined,
  sourceIp: 'source_ip',
  user: 'user_name',
  host: 'host_name',
};

/** True when every filter of the plan is undefined or the entity itself. */
export function summaryAnswers(ctx: FactContext, column: EntityColumn, value: string): boolean {
  return Object.entries(ctx.plan.filters).every(([key, filter]) => filter === undefined || (ENTITY_FILTERS[key as keyof PlanFilters] === column && filter === value));
}

/** The counterpart the summary keeps for this kind of entity (the host for an IP or account, the account for a host). */
export function summaryCounterpart(column: EntityColumn): EntityColumn {
  return ACTIVITY_KINDS.find((kind) => kind.column === column)!.other;
}

export interface SummaryActionRow {
  dataset: string;
  action: string | null;
  outcome: string | null;
  events: number;
  occurrences: number;
  first: number | null;
  last: number | null;
}

/** Records by action, outcome and dataset (in that order), as `activityOf` counts them. */
export function summaryActions(ctx: FactContext, column: EntityColumn, value: string): SummaryActionRow[] {
  return rows<SummaryActionRow>(
    ctx,
    `SELECT dataset, action, outcome, sum(events) AS events, sum(occurrences) AS occurrences, min(first_ms) AS first, max(last_ms) AS last
     FROM entity_activity WHERE kind = ? AND value = ? GROUP BY action, outcome, dataset`,
    [column, value],
  );
}

export type SummaryPlacement = ActivityCounts;

/** Records by dataset and counterpart, most occurrences first, as the cross-source view counts them. */
export function summaryPlacements(ctx: FactContext, column: EntityColumn, value: string, limit: number): SummaryPlacement[] {
  return rows<SummaryPlacement>(
    ctx,
    `SELECT dataset, other, sum(events) AS events, sum(occurrences) AS occurrences, min(first_ms) AS first, max(last_ms) AS last, min(sample_rowid) AS sampleRowid
     FROM entity_activity WHERE kind = ? AND value = ? GROUP BY dataset, other ORDER BY occurrences DESC, dataset, other LIMIT ?`,
    [column, value, limit],
  );
}

/** Counterparts with their occurrences, most first, as `counterparts` counts them. */
export function summaryCounterparts(ctx: FactContext, column: EntityColumn, value: string): { value: string; occurrences: number }[] {
  return rows<{ value: string; occurrences: number }>(
    ctx,
    `SELECT other AS value, sum(occurrences) AS occurrences FROM entity_activity WHERE kind = ? AND value = ? AND other IS NOT NULL
     GROUP BY other ORDER BY occurrences DESC, value LIMIT 1000`,
    [column, value],
  );
}

/** The entity's records, occurrences and time span, as `tally` counts them. */
export function summaryTally(ctx: FactContext, column: EntityColumn, value: string): Tally {
  return row<Tally>(
    ctx,
    `SELECT coalesce(sum(events), 0) AS events, coalesce(sum(occurrences), 0) AS occurrences, min(first_ms) AS first, max(last_ms) AS last
     FROM entity_activity WHERE kind = ? AND value = ?`,
    [column, value],
  )!;
}
