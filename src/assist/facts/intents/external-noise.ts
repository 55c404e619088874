import { cite } from '../cite.ts';
import { externalIpSql } from '../ip-sql.ts';
import { Names, count, plural } from '../names.ts';
import { eventIds, rows, scoped } from '../sql.ts';
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
  dataset: string;
  sources: number;
  occurrences: number;
  records: number;
  listed: string | null;
}

/**
 * One pass per action over the failed-outcome index: per dataset, how many external sources, failures and
 * records, and the sources that stand out (or are known). Small groups list every source.
 */
export function failureGroupsOf(ctx: FactContext, action: string, known: readonly string[]): FailureGroup[] {
  const where = scoped(ctx, "e.outcome = 'failure' AND e.action = ? AND e.source_ip IS NOT NULL", [action]);
  const found = rows<GroupRow>(
    ctx,
    `SELECT dataset, count(*) AS sources, sum(n) AS occurrences, sum(r) AS records,
       json_group_array(json_array(ip, n)) FILTER (WHERE n >= ? OR ip IN (SELECT value FROM json_each(?))) AS listed
     FROM (SELECT e.dataset AS dataset, e.source_ip AS ip, sum(e.count) AS n, count(*) AS r FROM events e WHERE ${where.sql}
           GROUP BY e.dataset, e.source_ip HAVING ${externalIpSql('e.source_ip')})
     GROUP BY dataset`,
    [HEAVY_SOURCE_MIN, JSON.stringify(known), ...where.params],
  );
  return found.map((g) => {
    const group: FailureGroup = { action, dataset: g.dataset, sources: g.sources, occurrences: g.occurrences, records: g.records, listed: new Map(JSON.parse(g.listed ?? '[]') as [string, number][]) };
    if (!isBackground(group) && group.listed.size < group.sources) group.listed = everySource(ctx, group);
    return group;
  });
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

