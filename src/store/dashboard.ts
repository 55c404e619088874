import { SEVERITIES, type Severity } from '../schema/incident.ts';
import type { Db } from './database.ts';

/** Dashboard numbers: live counters (instant at any size) and the distribution of threats over incidents. */

export interface LiveCounters {
  /** Stored events (events are never deleted, so the highest rowid is their number). */
  events: number;
  alerts: number;
  incidents: Record<Severity, number>;
  analysis: { id: number; status: string; started_at: string; finished_at: string | null } | null;
}

export function liveCounters(db: Db): LiveCounters {
  const events = db.prepare('SELECT coalesce(max(rowid), 0) FROM events').pluck().get() as number;
  const alerts = db.prepare('SELECT count(*) FROM alerts').pluck().get() as number;
  const incidents = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const row of db.prepare('SELECT severity, count(*) AS n FROM incidents GROUP BY severity').all() as { severity: Severity; n: number }[]) {
    incidents[row.severity] = row.n;
  }
  const analysis = db.prepare('SELECT id, status, started_at, finished_at FROM analyses ORDER BY id DESC LIMIT 1').get() as LiveCounters['analysis'] | undefined;
  return { events, alerts, incidents, analysis: analysis ?? null };
}

export interface ThreatDistribution {
  techniques: { id: string; name: string; incidents: number }[];
  tactics: { shortname: string; name: string; incidents: number }[];
}

/** How many incidents carry each ATT&CK technique and tactic, most frequent first. */
export function threatDistribution(db: Db, top = 50): ThreatDistribution {
  const techniques = db
    .prepare(
      `SELECT json_extract(t.value, '$.id') AS id, json_extract(t.value, '$.name') AS name, count(DISTINCT i.id) AS incidents
       FROM incidents i, json_each(i.doc, '$.techniques') t GROUP BY 1 ORDER BY incidents DESC, id LIMIT ?`,
    )
    .all(top) as ThreatDistribution['techniques'];
  const tactics = db
    .prepare(
      `SELECT json_extract(t.value, '$.shortname') AS shortname, json_extract(t.value, '$.name') AS name, count(DISTINCT i.id) AS incidents
       FROM incidents i, json_each(i.doc, '$.tactics') t GROUP BY 1 ORDER BY incidents DESC, shortname LIMIT ?`,
    )
    .all(top) as ThreatDistribution['tactics'];
  return { techniques, tactics };
}
