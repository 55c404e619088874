import type { Fact } from '../../../schema/assist.ts';
import { cite } from '../cite.ts';
import { incidentLabel } from '../describe.ts';
import { alertIds, scopedIncidents } from '../incidents.ts';
import { Names, count, plural, span } from '../names.ts';
import { idsOfRowids, rows, scoped } from '../sql.ts';
import { summaryAnswers, summaryCounterpart, summaryPlacements, type SummaryPlacement } from '../summary.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { COLUMN_OF, involvedEntities, timeOnly, type Involved } from './involved.ts';

/**
 * Advanced and forensic: where else the answer's entities appear. Per IP, account or host: the datasets and
 * hosts (for a host: accounts) it appears with, and every incident naming it, over the plan's time scope.
 */
export function correlatedFacts(ctx: FactContext, answer: readonly Pick<Fact, 'entities'>[]): FactDraft[] {
  const scope = timeOnly(ctx);
  return involvedEntities(answer, ctx.limits.correlate).map((entity) => {
    ctx.signal?.throwIfAborted();
    return crossSource(scope, entity);
  });
}


const MAX_PLACEMENTS = 200;

/** Records of the entity by dataset and counterpart (the account for a host, else the host), from its events. */
function eventPlacements(ctx: FactContext, entity: Involved): SummaryPlacement[] {
  const column = COLUMN_OF[entity.kind];
  const otherColumn = summaryCounterpart(column);
  const where = scoped(ctx, `e.${column} = ?`, [entity.value]);
  return rows<SummaryPlacement>(ctx, `SELECT e.dataset AS dataset, e.${otherColumn} AS other, count(*) AS events, sum(e.count) AS occurrences, min(e.ts_ms) AS first, max(e.ts_ms) AS last, min(e.rowid) AS sampleRowid
       FROM events e WHERE ${where.sql} GROUP BY e.dataset, e.${otherColumn} ORDER BY occurrences DESC, dataset, other LIMIT ?`, [...where.params, MAX_PLACEMENTS]);
}

function crossSource(ctx: FactContext, entity: Involved): FactDraft {
  const names = new Names();
  const column = COLUMN_OF[entity.kind];
  const found = summaryAnswers(ctx, column, entity.value) ? summaryPlacements(ctx, column, entity.value, MAX_PLACEMENTS) : eventPlacements(ctx, entity);
  const label = names.add(entity.kind, entity.value);
  const datasets = new Set(found.map((r) => r.dataset));
  const others = new Set(found.map((r) => r.other).filter((o): o is string => o !== null));
  const otherKind = entity.kind === 'host' ? 'user' : 'host';
  const placements = found.slice(0, ctx.limits.inline).map((r) => `${r.dataset}${r.other === null ? '' : ` ${entity.kind === 'host' ? 'account' : 'on'} ${names.add(otherKind, r.other)}`} ×${count(r.occurrences)} ${span(r.first, r.last)}`);
  const incidents = scopedIncidents(ctx, { entities: [entity.value] });
  const text =
    `Across sources, ${label} appears in ${plural(datasets.size, 'dataset')} with ${plural(others.size, entity.kind === 'host' ? 'account' : 'host')}: ${placements.join('; ') || 'no events in scope'}` +
    `${found.length > placements.length ? `; and ${count(found.length - placements.length)} more` : ''}. ` +
    (incidents.length === 0 ? 'No incident names it.' : `Incidents naming it: ${incidents.slice(0, ctx.limits.inline).map((i) => incidentLabel(names, i)).join('; ')}.`);
  return {
    kind: 'correlated.entity',
    title: `${label} across sources`,
    text,
    data: { kind: entity.kind, value: entity.value, placements: found.map((r) => ({ dataset: r.dataset, [otherKind]: r.other, occurrences: r.occurrences })), incidents: incidents.map((i) => i.id) },
    entities: names.entities,
    citations: cite(ctx, {
      events: idsOfRowids(ctx, [...datasets].map((d) => found.find((r) => r.dataset === d)!.sampleRowid)),
      eventCount: found.reduce((n, r) => n + r.events, 0),
      incidents: incidents.map((i) => i.id),
      alerts: incidents.flatMap(alertIds),
    }),
  };
}
