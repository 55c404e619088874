import type { PlanFilters } from '../../../schema/assist.ts';
import { questionTerms, retrieve } from '../../retrieve/index.ts';
import { cite } from '../cite.ts';
import { Names, count, plural, span } from '../names.ts';
import type { FactContext, FactDraft } from '../types.ts';

/**
 * Questions no intent covers: the events retrieval ranks best for the question (with the plan's filters),
 * grouped by dataset, action and outcome, each group with the IPs, accounts and hosts it names.
 */
export async function freeFacts(ctx: FactContext): Promise<FactDraft[]> {
  const facts = await retrievedFacts(ctx, ctx.plan.question, ctx.plan.filters);
  if (facts.length > 0) return facts;
  const terms = questionTerms(ctx.plan.question);
  return [{
    kind: 'free.none',
    title: 'No matching events',
    text: `No event matches the question${terms.length === 0 ? '' : ` (searched for: ${terms.join(', ')})`}${Object.keys(ctx.plan.filters).length > 0 ? ' within its filters' : ''}.`,
    data: { terms },
    entities: [],
    citations: cite(ctx, {}),
  }];
}

interface Row {
  rowid: number;
  id: string;
  ts_ms: number | null;
  dataset: string;
  action: string | null;
  outcome: string | null;
  ip: string | null;
  user: string | null;
  host: string | null;
  occurrences: number;
}

/** Retrieved events for `query`, grouped; [] when nothing matches. */
export async function retrievedFacts(ctx: FactContext, query: string, filters: PlanFilters): Promise<FactDraft[]> {
  const found = await retrieve(ctx.db, query, { filters, limit: ctx.limits.retrieve, signal: ctx.signal, embedder: ctx.embedder });
  if (found.length === 0) return [];
  const rank = new Map(found.map((r, i) => [r.rowid, i]));
  const rows = ctx.db
    .prepare(
      `SELECT e.rowid AS rowid, lower(hex(e.id)) AS id, e.ts_ms, e.dataset, e.action, e.outcome, e.source_ip AS ip, e.user_name AS user,
         e.host_name AS host, e.count AS occurrences
       FROM events e WHERE e.rowid IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(found.map((r) => r.rowid))) as Row[];
  rows.sort((a, b) => (rank.get(a.rowid) ?? 0) - (rank.get(b.rowid) ?? 0));
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.dataset}\u0000${row.action ?? ''}\u0000${row.outcome ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => groupFact(ctx, group, rows.length));
}

function groupFact(ctx: FactContext, group: readonly Row[], total: number): FactDraft {
  const names = new Names();
  const first = group[0]!;
  const times = group.map((r) => r.ts_ms).filter((t): t is number => t !== null);
  const distinct = (pick: (r: Row) => string | null) => [...new Set(group.map(pick).filter((v): v is string => v !== null))];
  const who = [
    ['source IPs', 'ip', distinct((r) => r.ip)],
    ['accounts', 'user', distinct((r) => r.user)],
    ['hosts', 'host', distinct((r) => r.host)],
  ] as const;
  const described = who.filter(([, , values]) => values.length > 0).map(([title, kind, values]) => `${title} ${names.list(kind, values, ctx.limits.inline)}`);
  const what = `${first.dataset} ${first.action ?? '(no action)'}${first.outcome === null ? '' : ` ${first.outcome}`}`;
  return {
    kind: 'free.group',
    title: what,
    text:
      `${count(group.length)} of the ${plural(total, 'best-matching event')}: ${what}` +
      `${times.length === 0 ? '' : ` ${span(Math.min(...times), Math.max(...times))}`}${described.length === 0 ? '' : `; ${described.join('; ')}`}.`,
    data: { dataset: first.dataset, action: first.action, outcome: first.outcome, events: group.length, occurrences: group.reduce((n, r) => n + r.occurrences, 0) },
    entities: names.entities,
    citations: cite(ctx, { events: group.map((r) => r.id), eventCount: group.length }),
  };
}
