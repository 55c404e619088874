import type { Db } from '../../store/index.ts';
import { filterClause } from './filters.ts';
import type { RetrievalFilters } from './types.ts';

/**
 * The events of a template, newest first, under the event-level filters (time, address, user, host). Three
 * ways, chosen by how many events pass the filters (an index-only count, capped):
 * - no such filter: straight from the template's own index;
 * - at most GATHER_LIMIT events pass: all of them are read once with their templates, and the nearest
 *   templates are looked up in memory (a template of a million events is never scanned for three);
 * - more: template by template, each looking at its WALK_SCAN newest events only and at most WALK_TEMPLATES
 *   templates, so a filter that matches none of a big template's events costs a bounded scan.
 */

/** At most `most` events of the template, newest first. */
export type TemplateEvents = (template: number, most: number) => readonly number[];

export const GATHER_LIMIT = 100_000;
const WALK_SCAN = 2000;
export const WALK_TEMPLATES = 256;

export function unfilteredEvents(db: Db): TemplateEvents {
  const statement = db.prepare('SELECT event_rowid FROM event_templates WHERE template_id = ? ORDER BY event_rowid DESC LIMIT ?').pluck();
  return (template, most) => statement.all(template, most) as number[];
}

/** How many events pass the filters, counting no further than `most + 1`. */
export function countFiltered(db: Db, filters: RetrievalFilters, most: number): number {
  const params: unknown[] = [];
  const where = filterClause(filters, params);
  return db.prepare(`SELECT count(*) FROM (SELECT 1 FROM events e WHERE ${where} LIMIT ?)`).pluck().get(...params, most + 1) as number;
}

/** Every event passing the filters, grouped by template, newest first, `limit` per template. */
export function gatherFiltered(db: Db, filters: RetrievalFilters, limit: number): Map<number, number[]> {
  const params: unknown[] = [];
  const where = filterClause(filters, params);
  const rows = db
    .prepare(`SELECT e.rowid, t.template_id FROM events e JOIN event_templates t ON t.event_rowid = e.rowid WHERE ${where}`)
    .raw()
    .all(...params) as [number, number][];
  const byTemplate = new Map<number, number[]>();
  for (const [rowid, template] of rows.sort((a, b) => b[0] - a[0])) {
    const list = byTemplate.get(template);
    if (list === undefined) byTemplate.set(template, [rowid]);
    else if (list.length < limit) list.push(rowid);
  }
  return byTemplate;
}

export function walkedEvents(db: Db, filters: RetrievalFilters): TemplateEvents {
  const params: unknown[] = [];
  const where = filterClause(filters, params);
  const statement = db
    .prepare(
      `SELECT e.rowid FROM (SELECT event_rowid FROM event_templates WHERE template_id = ? ORDER BY event_rowid DESC LIMIT ${WALK_SCAN}) t
       JOIN events e ON e.rowid = t.event_rowid WHERE ${where} ORDER BY e.rowid DESC LIMIT ?`,
    )
    .pluck();
  return (template, most) => statement.all(template, ...params, most) as number[];
}
