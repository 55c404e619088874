import type { Alert } from '../schema/alert.ts';
import { SEVERITY_RANK, type Incident, type Severity } from '../schema/incident.ts';
import { VigilError } from '../util/errors.ts';
import type { Db } from './database.ts';


export interface AnalysisCounts {
  events: number;
  alerts: number;
  incidents: number;
}

export interface IncidentFilter {
  severities?: readonly Severity[];
  technique?: string;
  /** Any entity value (IP, user, host). */
  entity?: string;
  limit?: number;
}

/**
 * Analyses (detect + triage over the whole store) and their results. The latest analysis replaces the
 * alerts and incidents of the previous one; ids are content hashes, so unchanged findings keep their ids.
 */
export class AnalysisLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  start(actor: string, options: Record<string, unknown>, rules: Record<string, unknown>): number {
    const result = this.db
      .prepare("INSERT INTO analyses (started_at, actor, options, rules, status) VALUES (?, ?, ?, ?, 'running')")
      .run(this.clock().toISOString(), actor, JSON.stringify(options), JSON.stringify(rules));
    return Number(result.lastInsertRowid);
  }

  /** Replaces the stored alerts and incidents with these, in one transaction. */
  replaceResults(analysisId: number, alerts: readonly Alert[], incidents: readonly Incident[]): void {
    const incidentOf = new Map<string, string>();
    for (const incident of incidents) for (const a of incident.alerts) for (const id of a.alert_ids) incidentOf.set(id, incident.id);
    const insertAlert = this.db.prepare(
      'INSERT OR REPLACE INTO alerts (id, analysis_id, incident_id, rule_id, level, type, first_seen, last_seen, count, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertIncident = this.db.prepare(
      'INSERT OR REPLACE INTO incidents (id, analysis_id, severity, severity_rank, score, title, first_seen, last_seen, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertEntity = this.db.prepare('INSERT OR IGNORE INTO incident_entities (incident_id, kind, value) VALUES (?, ?, ?)');
    const insertTechnique = this.db.prepare('INSERT OR IGNORE INTO incident_techniques (incident_id, technique) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const table of ['alerts', 'incidents', 'incident_entities', 'incident_techniques']) this.db.prepare(`DELETE FROM ${table}`).run();
      for (const a of alerts) {
        insertAlert.run(a.id, analysisId, incidentOf.get(a.id) ?? null, a.rule.id, a.rule.level, a.type, a.first_seen ?? null, a.last_seen ?? null, a.count, JSON.stringify(a));
      }
      for (const i of incidents) {
        insertIncident.run(i.id, analysisId, i.severity, SEVERITY_RANK[i.severity], i.score, i.title, i.first_seen ?? null, i.last_seen ?? null, JSON.stringify(i));
        for (const [kind, values] of Object.entries(i.entities)) for (const v of values) insertEntity.run(i.id, kind, v);
        for (const t of i.techniques) insertTechnique.run(i.id, t.id);
      }
    })();
  }

  finish(analysisId: number, status: 'completed' | 'failed', counts: AnalysisCounts): void {
    this.db
      .prepare('UPDATE analyses SET finished_at = ?, status = ?, events = ?, alerts = ?, incidents = ? WHERE id = ?')
      .run(this.clock().toISOString(), status, counts.events, counts.alerts, counts.incidents, analysisId);
  }

  incidents(filter: IncidentFilter = {}): { total: number; incidents: Incident[] } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.severities !== undefined && filter.severities.length > 0) {
      where.push(`i.severity IN (${filter.severities.map(() => '?').join(',')})`);
      params.push(...filter.severities);
    }
    if (filter.technique !== undefined) {
      where.push('i.id IN (SELECT incident_id FROM incident_techniques WHERE technique = ? OR technique LIKE ?)');
      params.push(filter.technique.toUpperCase(), `${filter.technique.toUpperCase()}.%`);
    }
    if (filter.entity !== undefined) {
      where.push('i.id IN (SELECT incident_id FROM incident_entities WHERE value = ?)');
      params.push(filter.entity);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM incidents i ${clause}`).get(...params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT doc FROM incidents i ${clause} ORDER BY severity_rank, first_seen, id LIMIT ?`)
      .pluck()
      .all(...params, Math.max(0, filter.limit ?? 1000)) as string[];
    return { total, incidents: rows.map((doc) => JSON.parse(doc) as Incident) };
  }

  /** The incident with this id or unique id prefix (≥ 4 characters). */
  incident(idOrPrefix: string): Incident | undefined {
    if (!/^[0-9a-f]{4,64}$/i.test(idOrPrefix)) return undefined;
    const rows = this.db
      .prepare('SELECT doc FROM incidents WHERE id >= ? AND id < ? ORDER BY id LIMIT 2')
      .pluck()
      .all(idOrPrefix.toLowerCase(), `${idOrPrefix.toLowerCase()}g`) as string[];
    if (rows.length > 1) throw new VigilError('E_USAGE', `incident id prefix ${idOrPrefix} is ambiguous; give more characters`);
    return rows[0] === undefined ? undefined : (JSON.parse(rows[0]) as Incident);
  }

  alertsOf(incidentId: string): Alert[] {
    const rows = this.db.prepare('SELECT doc FROM alerts WHERE incident_id = ? ORDER BY first_seen, id').pluck().all(incidentId) as string[];
    return rows.map((doc) => JSON.parse(doc) as Alert);
  }

  allAlerts(): Alert[] {
    return (this.db.prepare('SELECT doc FROM alerts ORDER BY first_seen, id').pluck().all() as string[]).map((doc) => JSON.parse(doc) as Alert);
  }

  latest(): { id: number; started_at: string; finished_at: string | null; status: string; rules: string; events: number; alerts: number; incidents: number } | undefined {
    return this.db.prepare('SELECT id, started_at, finished_at, status, rules, events, alerts, incidents FROM analyses ORDER BY id DESC LIMIT 1').get() as
      | { id: number; started_at: string; finished_at: string | null; status: string; rules: string; events: number; alerts: number; incidents: number }
      | undefined;
  }
}
