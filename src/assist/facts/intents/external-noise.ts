import { cite } from '../cite.ts';
import { externalIpSql } from '../ip-sql.ts';
import { Names, count, plural } from '../names.ts';
import { eventIds, row, rows, scoped, value } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';

/** Failed outcomes of one action and dataset from external sources. */
export interface FailureGroup {
  action: string;
  dataset: string;
  sources: number;
  occurrences: number;
  records: number;
  /** Sources with HEAVY_SOURCE_MIN or more failures, plus the known sources asked about, with their counts. */
  listed: Map<string, number>;
}

/** Many sources with a few failures each: what every internet-facing firewall or server sees all day. */
const BACKGROUND_MIN_SOURCES = 50;
const BACKGROUND_MAX_AVERAGE = 3;
/** A source with this many failures of one kind stands out of the background. */
export const HEAVY_SOURCE_MIN = 10;

export function isBackground(group: FailureGroup): boolean {
  return group.sources >= BACKGROUND_MIN_SOURCES && group.occurrences / group.sources <= BACKGROUND_MAX_AVERAGE;
}

interface GroupRow {
  sources: number;
  occurrences: number | null;
  records: number | null;
  heavy: string | null;
}

/**
 * Per dataset of the action (found by a skip-scan of the failed-outcome index), one pass over its failures:
 * how many external sources, failures and records, and the sources that stand out; then the known sources
 * asked about, looked up one by one. Small groups list every source.
 */
export function failureGroupsOf(ctx: FactContext, action: string, known: readonly string[]): FailureGroup[] {
  const groups: FailureGroup[] = [];
  for (const dataset of failureDatasets(ctx, action)) {
    const group = externalFailures(ctx, action, dataset, known);
    if (group === undefined) continue;
    if (!isBackground(group) && group.listed.size < group.sources) group.listed = everySource(ctx, group);
    groups.push(group);
  }
  return groups;
}

function failureDatasets(ctx: FactContext, action: string): string[] {
  const next = (after: string) => value<string>(ctx, "SELECT dataset FROM events WHERE outcome = 'failure' AND action = ? AND dataset > ? ORDER BY dataset LIMIT 1", [action, after]);
  const out: string[] = [];
  for (let dataset = next(''); dataset !== undefined; dataset = next(dataset)) out.push(dataset);
  return out;
}

function externalFailures(ctx: FactContext, action: string, dataset: string, known: readonly string[]): FailureGroup | undefined {
  const where = scoped(ctx, "e.outcome = 'failure' AND e.action = ? AND e.dataset = ? AND e.source_ip IS NOT NULL", [action, dataset]);
  const perSource = `SELECT e.source_ip AS ip, sum(e.count) AS n, count(*) AS r FROM events e WHERE ${where.sql}`;
  const found = row<GroupRow>(
    ctx,
    `SELECT count(*) AS sources, sum(n) AS occurrences, sum(r) AS records, json_group_array(json_array(ip, n)) FILTER (WHERE n >= ?) AS heavy
     FROM (${perSource} GROUP BY e.source_ip HAVING ${externalIpSql('e.source_ip')})`,
    [HEAVY_SOURCE_MIN, ...where.params],
  )!;
  if (found.sources === 0) return undefined;
  const listed = JSON.parse(found.heavy ?? '[]') as [string, number][];
  if (known.length > 0) {
    const asked = rows<{ ip: string; n: number }>(ctx, `${perSource} AND e.source_ip IN (SELECT value FROM json_each(?)) GROUP BY e.source_ip HAVING ${externalIpSql('e.source_ip')}`, [...where.params, JSON.stringify(known)]);
    const heavy = new Set(listed.map(([ip]) => ip));
    listed.push(...asked.filter((a) => !heavy.has(a.ip)).map((a): [string, number] => [a.ip, a.n]));
    listed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  return { action, dataset, sources: found.sources, occurrences: found.occurrences ?? 0, records: found.records ?? 0, listed: new Map(listed) };
}

function everySource(ctx: FactContext, group: FailureGroup): Map<string, number> {
  const where = scoped(ctx, "e.outcome = 'failure' AND e.action = ? AND e.dataset = ? AND e.source_ip IS NOT NULL", [group.action, group.dataset]);
  const found = rows<{ ip: string; n: number }>(ctx, `SELECT e.source_ip AS ip, sum(e.count) AS n FROM events e WHERE ${where.sql} GROUP BY e.source_ip HAVING ${externalIpSql('e.source_ip')}`, where.params);
  return new Map(found.map((r) => [r.ip, r.n]));
}

export function backgroundFacts(ctx: FactContext, groups: readonly FailureGroup[]): FactDraft[] {
  return groups.map((g) => {
    const names = new Names();
    const heavy = [...g.listed].filter(([, n]) => n >= HEAVY_SOURCE_MIN).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const quiet = g.sources - heavy.length;
    const ports = ctx.mode === 'basic' ? [] : topPorts(ctx, g);
    const text =
      `Background noise: ${plural(g.sources, 'external source IP')} with ${plural(g.occurrences, `${g.dataset} ${g.action} failure`)}` +
      (heavy.length === 0 ? ', none with more than a few' : `; ${count(quiet)} of them with fewer than ${count(HEAVY_SOURCE_MIN)} each, ${count(heavy.length)} with more: ${heavy.slice(0, ctx.limits.inline).map(([ip, n]) => `${names.ip(ip)} ×${count(n)}`).join(', ')}`) +
      `${ports.length === 0 ? '' : `; destination ports most tried: ${ports.map((p) => `${p.port === null ? 'none' : String(p.port)} ×${count(p.n)}`).join(', ')}`}.`;
    const sample = heavy.length > 0 ? heavy.slice(0, 3).map(([ip]) => ip) : [];
    const where = scoped(ctx, "e.outcome = 'failure' AND e.action = ? AND e.dataset = ?", [g.action, g.dataset]);
    return {
      kind: 'external.background',
      title: `Background ${g.dataset} ${g.action} failures`,
      text,
      data: { action: g.action, dataset: g.dataset, sources: g.sources, occurrences: g.occurrences, records: g.records, heavySources: heavy.map(([ip, n]) => ({ ip, count: n })), ports },
      entities: names.entities,
      citations: cite(ctx, {
        events: sample.length > 0 ? sample.flatMap((ip) => eventIds(ctx, scoped(ctx, "e.outcome = 'failure' AND e.action = ? AND e.dataset = ?", [g.action, g.dataset], { sourceIp: ip }), 2)) : eventIds(ctx, where),
        eventCount: g.records,
      }),
    };
  });
}

/** Advanced and forensic: the destination ports the background failures tried most. */
function topPorts(ctx: FactContext, g: FailureGroup): { port: number | null; n: number }[] {
  const where = scoped(ctx, `e.outcome = 'failure' AND e.action = ? AND e.dataset = ? AND e.source_ip IS NOT NULL AND ${externalIpSql('e.source_ip')}`, [g.action, g.dataset]);
  return rows<{ port: number | null; n: number }>(ctx, `SELECT e.destination_port AS port, sum(e.count) AS n FROM events e WHERE ${where.sql} GROUP BY e.destination_port ORDER BY n DESC, port LIMIT ?`, [...where.params, ctx.limits.inline]);
}

