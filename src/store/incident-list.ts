import type { Incident, Severity } from '../schema/incident.ts';
import type { Db } from './database.ts';

export interface IncidentQuery {
  severities?: readonly Severity[];
  /** ATT&CK technique id; a technique also matches its sub-techniques. */
  technique?: string;
  /** Any entity value (IP, user, host). */
  entity?: string;
  /** ISO bounds: incidents active at or after `since` (last seen), started before `until` (first seen). */
  since?: string;
  until?: string;
  sort: 'severity' | 'first_seen' | 'last_seen' | 'score';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** Default direction per sort key: the most severe, newest or highest first; first_seen oldest first. */
const DEFAULT_ORDER: Record<IncidentQuery['sort'], 'asc' | 'desc'> = { severity: 'desc', first_seen: 'asc', last_seen: 'desc', score: 'desc' };

function orderBy(sort: IncidentQuery['sort'], order: 'asc' | 'desc'): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  switch (sort) {
    // A lower rank is more severe: descending severity is ascending rank.
    case 'severity':
      return `severity_rank ${order === 'desc' ? 'ASC' : 'DESC'}, score ${dir}, first_seen, id`;
    case 'score':
      return `score ${dir}, severity_rank, first_seen, id`;
    case 'first_seen':
      return `first_seen IS NULL, first_seen ${dir}, severity_rank, id`;
    case 'last_seen':
      return `last_seen IS NULL, last_seen ${dir}, severity_rank, id`;
  }
}

/** Incidents of the latest analysis: filtered, sorted and paged (offsets: the set changes only with an analysis). */
export function listIncidents(db: Db, query: IncidentQuery): { total: number; incidents: Incident[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.severities !== undefined && query.severities.length > 0) {
    where.push(`severity IN (${query.severities.map(() => '?').join(',')})`);
    params.push(...query.severities);
  }
  if (query.technique !== undefined) {
    const technique = query.technique.toUpperCase();
    where.push('id IN (SELECT incident_id FROM incident_techniques WHERE technique = ? OR (technique >= ? AND technique < ?))');
    params.push(technique, `${technique}.`, `${technique}/`);
  }
  if (query.entity !== undefined) {
    where.push('id IN (SELECT incident_id FROM incident_entities WHERE value = ?)');
    params.push(query.entity);
  }
  if (query.since !== undefined) {
    where.push('last_seen >= ?');
    params.push(query.since);
  }
  if (query.until !== undefined) {
    where.push('first_seen < ?');
    params.push(query.until);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT count(*) FROM incidents ${clause}`).pluck().get(...params) as number;
  const docs = db
    .prepare(`SELECT doc FROM incidents ${clause} ORDER BY ${orderBy(query.sort, query.order ?? DEFAULT_ORDER[query.sort])} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...params, query.limit, query.offset) as string[];
  return { total, incidents: docs.map((doc) => JSON.parse(doc) as Incident) };
}

/** Incidents whose evidence cites this event (32 hex digits). */
export function incidentsCiting(db: Db, eventId: string): { id: string; title: string; severity: Severity }[] {
  return db
    .prepare("SELECT id, title, severity FROM incidents WHERE instr(doc, ?) > 0 ORDER BY severity_rank, first_seen, id")
    .all(`"${eventId.toLowerCase()}"`) as { id: string; title: string; severity: Severity }[];
}
