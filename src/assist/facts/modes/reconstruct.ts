import type { Fact } from '../../../schema/assist.ts';
import { MAX_CITED_EVENTS, cite } from '../cite.ts';
import { Names, count, iso, plural } from '../names.ts';
import { idsOfRowids, rows, scoped, tally } from '../sql.ts';
import { summaryAnswers, summaryTally } from '../summary.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { COLUMN_OF, involvedEntities, timeOnly, type Involved } from './involved.ts';

/**
 * Forensic: the full timeline of each entity involved, every event in time order (up to MAX_CITED_EVENTS),
 * folded into runs of the same dataset, action, outcome and place, each run one line.
 */
export function reconstructionFacts(ctx: FactContext, answer: readonly Pick<Fact, 'entities'>[]): FactDraft[] {
  const scope = timeOnly(ctx);
  return involvedEntities(answer, ctx.limits.reconstruct).map((entity) => {
    ctx.signal?.throwIfAborted();
    return reconstruct(scope, entity);
  });
}

interface Row {
  rowid: number;
  ts_ms: number | null;
  dataset: string;
  action: string | null;
  outcome: string | null;
  place: string | null;
  who: string | null;
  occurrences: number;
}

interface Run {
  key: string;
  first: Row;
  last: Row;
  occurrences: number;
  who: Set<string>;
}

function reconstruct(ctx: FactContext, entity: Involved): FactDraft {
  const names = new Names();
  const column = COLUMN_OF[entity.kind];
  const place = entity.kind === 'host' ? 'source_ip' : 'host_name';
  const who = entity.kind === 'user' ? 'source_ip' : 'user_name';
  const where = scoped(ctx, `e.${column} = ?`, [entity.value]);
  // Sorted from the entity's covering index; only the rows kept are read, for their ids.
  const found = rows<Row>(ctx, `SELECT e.rowid AS rowid, e.ts_ms, e.dataset, e.action, e.outcome, e.${place} AS place, e.${who} AS who, e.count AS occurrences
       FROM events e WHERE ${where.sql} ORDER BY e.ts_ms, e.rowid LIMIT ?`, [...where.params, MAX_CITED_EVENTS]);
  const total = summaryAnswers(ctx, column, entity.value) ? summaryTally(ctx, column, entity.value) : tally(ctx, where);
  const runs = foldRuns(found);
  const placeKind = place === 'source_ip' ? 'ip' : 'host';
  const whoKind = who === 'source_ip' ? 'ip' : 'user';
  const lines = runs.map((r) => {
    const when = r.first.ts_ms === r.last.ts_ms ? iso(r.first.ts_ms) : `${iso(r.first.ts_ms)} to ${iso(r.last.ts_ms)}`;
    const where = r.first.place === null ? '' : ` ${placeKind === 'ip' ? 'from' : 'on'} ${names.add(placeKind, r.first.place)}`;
    const people = r.who.size === 0 ? '' : ` (${whoKind === 'ip' ? 'from' : 'accounts'} ${names.list(whoKind, [...r.who], 5)})`;
    return `${when}: ${r.first.dataset} ${r.first.action ?? '(no action)'}${r.first.outcome === null ? '' : ` ${r.first.outcome}`} ×${count(r.occurrences)}${where}${people}`;
  });
  const label = names.add(entity.kind, entity.value);
  const cut = total.events > found.length ? ` (the first ${count(found.length)} are reconstructed)` : '';
  return {
    kind: 'forensic.timeline',
    title: `Timeline of ${label}`,
    text: `Timeline of ${label}: ${plural(total.events, 'event')}${cut} from ${iso(total.first)} to ${iso(total.last)}, in ${plural(runs.length, 'run')} of the same activity.`,
    data: { kind: entity.kind, value: entity.value, events: total.events, reconstructed: found.length, lines },
    entities: names.entities,
    citations: cite(ctx, { events: idsOfRowids(ctx, found.map((r) => r.rowid)), eventCount: total.events }),
  };
}

function foldRuns(rows: readonly Row[]): Run[] {
  const runs: Run[] = [];
  for (const row of rows) {
    const key = `${row.dataset}\u0000${row.action ?? ''}\u0000${row.outcome ?? ''}\u0000${row.place ?? ''}`;
    const current = runs[runs.length - 1];
    if (current?.key === key) {
      current.last = row;
      current.occurrences += row.occurrences;
      if (row.who !== null) current.who.add(row.who);
    } else {
      runs.push({ key, first: row, last: row, occurrences: row.occurrences, who: new Set(row.who === null ? [] : [row.who]) });
    }
  }
  return runs;
}
