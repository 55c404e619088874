import type { Db } from './database.ts';
import { storeStats, type StoreStats } from './stats.ts';

/** A first look at the stored data: the numbers an analyst checks before any rule runs. */

export interface SourceActivity {
  ip: string;
  attempts: number;
  users: number;
  first: string | null;
  last: string | null;
  succeededAfter: boolean;
}

export interface Overview {
  stats: StoreStats;
  failedAuthBySource: SourceActivity[];
  deniedBySource: { ip: string; denied: number; ports: number; targets: number }[];
  webErrorsByClient: { client: string; errors: number; paths: number }[];
  topProcesses: { name: string; count: number }[];
}

export function overview(db: Db, top = 10): Overview {
  const failed = db
    .prepare(
      `SELECT source_ip AS ip, sum(count) AS attempts, count(DISTINCT user_name) AS users, min(ts) AS first, max(ts) AS last
       FROM events WHERE outcome = 'failure' AND (',' || category || ',') LIKE '%,authentication,%' AND source_ip IS NOT NULL
       GROUP BY source_ip ORDER BY attempts DESC, ip LIMIT ?`,
    )
    .all(top) as Omit<SourceActivity, 'succeededAfter'>[];
  const success = db.prepare(
    `SELECT 1 FROM events WHERE source_ip = ? AND outcome = 'success' AND (',' || category || ',') LIKE '%,authentication,%' AND ts > ? LIMIT 1`,
  );
  return {
    stats: storeStats(db, top),
    failedAuthBySource: failed.map((f) => ({ ...f, succeededAfter: success.get(f.ip, f.first ?? '') !== undefined })),
    deniedBySource: db
      .prepare(
        `SELECT source_ip AS ip, sum(count) AS denied, count(DISTINCT destination_port) AS ports, count(DISTINCT destination_ip) AS targets
         FROM events WHERE outcome = 'failure' AND source_ip IS NOT NULL
           AND (action LIKE 'firewall-%' OR action = 'network-connection-blocked' OR (dataset = 'zeek.conn' AND action = 'network-connection'))
         GROUP BY source_ip ORDER BY denied DESC, ip LIMIT ?`,
      )
      .all(top) as Overview['deniedBySource'],
    webErrorsByClient: db
      .prepare(
        `SELECT coalesce(source_ip, json_extract(doc, '$.source.domain')) AS client, count(*) AS errors,
           count(DISTINCT json_extract(doc, '$.url.path')) AS paths
         FROM events WHERE (',' || category || ',') LIKE '%,web,%' AND json_extract(doc, '$.http.response.status_code') >= 400
         GROUP BY client HAVING client IS NOT NULL ORDER BY errors DESC, client LIMIT ?`,
      )
      .all(top) as Overview['webErrorsByClient'],
    topProcesses: db
      .prepare(
        `SELECT process_name AS name, count(*) AS count FROM events WHERE action = 'process-start' AND process_name IS NOT NULL
         GROUP BY process_name ORDER BY count DESC, name LIMIT ?`,
      )
      .all(top) as Overview['topProcesses'],
  };
}
