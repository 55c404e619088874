import { count } from './names.ts';
import { rows, scoped } from './sql.ts';
import { summaryActions, summaryAnswers, summaryCounterpart, summaryCounterparts } from './summary.ts';
import type { FactContext } from './types.ts';

/** What one IP, account or host did: its events by dataset, action and outcome. */

export type EntityColumn = 'source_ip' | 'user_name' | 'host_name';

export interface ActionCount {
  dataset: string;
  action: string | null;
  outcome: string | null;
  events: number;
  occurrences: number;
}

export interface Activity {
  events: number;
  occurrences: number;
  first: number | null;
  last: number | null;
  datasets: string[];
  actions: ActionCount[];
}

interface ActionRow extends ActionCount {
  first: number | null;
  last: number | null;
}

/** Its whole history from the activity summary when the scope allows (summary.ts), else from its events. */
export function activityOf(ctx: FactContext, column: EntityColumn, value: string): Activity {
  const found = summaryAnswers(ctx, column, value) ? summaryActions(ctx, column, value) : actionRows(ctx, column, value);
  const times = (pick: (r: ActionRow) => number | null) => found.map(pick).filter((t): t is number => t !== null);
  const firsts = times((r) => r.first);
  const lasts = times((r) => r.last);
  return {
    events: found.reduce((n, r) => n + r.events, 0),
    occurrences: found.reduce((n, r) => n + r.occurrences, 0),
    first: firsts.length === 0 ? null : Math.min(...firsts),
    last: lasts.length === 0 ? null : Math.max(...lasts),
    datasets: [...new Set(found.map((r) => r.dataset))].sort(),
    actions: found
      .map(({ dataset, action, outcome, events, occurrences }) => ({ dataset, action, outcome, events, occurrences }))
      .sort((a, b) => b.occurrences - a.occurrences || a.dataset.localeCompare(b.dataset) || (a.action ?? '').localeCompare(b.action ?? '') || (a.outcome ?? '').localeCompare(b.outcome ?? '')),
  };
}

function actionRows(ctx: FactContext, column: EntityColumn, value: string): ActionRow[] {
  const where = scoped(ctx, `e.${column} = ?`, [value]);
  return rows<ActionRow>(ctx, `SELECT e.dataset AS dataset, e.action AS action, e.outcome AS outcome, count(*) AS events, sum(e.count) AS occurrences,
         min(e.ts_ms) AS first, max(e.ts_ms) AS last
       FROM events e WHERE ${where.sql} GROUP BY e.action, e.outcome, e.dataset`, [...where.params]);
}

/** `sshd ssh-login failure ×286, web.access http-request success ×12, …` (the most frequent first). */
export function describeActions(actions: readonly ActionCount[], max: number): string {
  const shown = actions.slice(0, max).map((a) => `${a.dataset} ${a.action ?? '(no action)'}${a.outcome === null ? '' : ` ${a.outcome}`} ×${count(a.occurrences)}`);
  const rest = actions.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${count(rest)} other kinds` : shown.join(', ');
}

/** Distinct values of another column among the entity's events (users an IP tried, hosts a user logged on to…). */
export function counterparts(ctx: FactContext, column: EntityColumn, value: string, other: EntityColumn, condition = '1'): { value: string; occurrences: number }[] {
  if (condition === '1' && other === summaryCounterpart(column) && summaryAnswers(ctx, column, value)) return summaryCounterparts(ctx, column, value);
  const where = scoped(ctx, `e.${column} = ? AND ${condition}`, [value]);
  return rows<{ value: string; occurrences: number }>(
    ctx,
    `SELECT e.${other} AS value, sum(e.count) AS occurrences FROM events e WHERE ${where.sql} AND e.${other} IS NOT NULL GROUP BY e.${other} ORDER BY occurrences DESC, value LIMIT 1000`,
    where.params,
  );
}
