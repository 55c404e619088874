import type { RetrievalFilters } from './types.ts';

/** The structured filters as an SQL condition on `events` (aliased), values appended to `params`; '' for none. */
export function filterClause(filters: RetrievalFilters | undefined, params: unknown[], alias = 'e'): string {
  const where: string[] = [];
  const add = (sql: string, value: unknown): void => {
    where.push(sql);
    params.push(value);
  };
  if (filters?.sinceMs !== undefined) add(`${alias}.ts_ms >= ?`, filters.sinceMs);
  if (filters?.untilMs !== undefined) add(`${alias}.ts_ms < ?`, filters.untilMs);
  if (filters?.sourceIp !== undefined) add(`${alias}.source_ip = ?`, filters.sourceIp);
  if (filters?.user !== undefined) add(`${alias}.user_name = ?`, filters.user);
  if (filters?.host !== undefined) add(`${alias}.host_name = ?`, filters.host);
  if (filters?.dataset !== undefined) add(`${alias}.dataset = ?`, filters.dataset);
  if (filters?.outcome !== undefined) add(`${alias}.outcome = ?`, filters.outcome);
  return where.join(' AND ');
}
