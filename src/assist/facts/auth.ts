import type { Citations } from '../../schema/assist.ts';
import { cite } from './cite.ts';
import { and, column, eventIds, row, rows, scoped, tally, value, type Where } from './sql.ts';
import type { FactContext } from './types.ts';
import { BURST_MIN, BURST_WINDOW_MS, LOGIN_ACTIONS, PAM_FAILURE, UNKNOWN_ACCOUNT_ACTIONS, UNKNOWN_ACCOUNT_REASON } from './vocabulary.ts';

/** Login-attempt aggregates shared by the failed-login, suspicious-IP, brute-force and entity facts. */

export function failureWhere(ctx: FactContext, override: Parameters<typeof scoped>[3] = {}): Where {
  return scoped(ctx, ctx.logins.failure(), [], override);
}

export function successWhere(ctx: FactContext, override: Parameters<typeof scoped>[3] = {}): Where {
  return scoped(ctx, ctx.logins.success(), [], override);
}

/**
 * Hosts whose PAM authentication failures are their only record of failed logins (vocabulary.ts): a skip-scan
 * over the failed-outcome index, one seek per host.
 */
export function pamOnlyHosts(ctx: Pick<FactContext, 'db'>): string[] {
  const list = LOGIN_ACTIONS.map((a) => `'${a}'`).join(', ');
  const out: string[] = [];
  const next = (after: string) => value<string>(ctx, `SELECT host_name FROM events WHERE outcome = 'failure' AND action = '${PAM_FAILURE}' AND host_name > ? ORDER BY host_name LIMIT 1`, [after]);
  for (let host = next(''), n = 0; host !== undefined && n < 100_000; host = next(host), n++) {
    if (value(ctx, `SELECT 1 FROM events WHERE outcome = 'failure' AND action IN (${list}) AND host_name = ? LIMIT 1`, [host]) === undefined) out.push(host);
  }
  return out;
}

export interface SourceFailures {
  ip: string;
  events: number;
  attempts: number;
  first: number | null;
  last: number | null;
  users: number;
  /** One of its failure records (the first stored), for citations. */
  sampleRowid: number;
}

/** Every source IP with failed logins in scope, most attempts first. */
export function failuresBySource(ctx: FactContext): SourceFailures[] {
  const where = failureWhere(ctx);
  return rows<SourceFailures>(
    ctx,
    `SELECT e.source_ip AS ip, count(*) AS events, sum(e.count) AS attempts, min(e.ts_ms) AS first, max(e.ts_ms) AS last,
       count(DISTINCT e.user_name) AS users, min(e.rowid) AS sampleRowid
     FROM events e WHERE ${where.sql} AND e.source_ip IS NOT NULL GROUP BY e.source_ip ORDER BY attempts DESC, ip`,
    where.params,
  );
}

/**
 * Account names the systems said do not exist, in scope: sshd's `Invalid user` names, and Windows 4625 with
 * status 0xC0000064. The Windows reason is in the stored document, so only accounts that never logged on
 * successfully anywhere are looked up there (an account that logged on exists).
 */
export function unknownAccounts(ctx: FactContext): Set<string> {
  const sshd = scoped(ctx, `e.outcome = 'failure' AND e.action IN (${UNKNOWN_ACCOUNT_ACTIONS.map((a) => `'${a}'`).join(', ')}) AND e.user_name IS NOT NULL`);
  const windows = scoped(ctx, "e.outcome = 'failure' AND e.action = 'logon-failed' AND e.user_name IS NOT NULL");
  const neverLoggedOn = column<string>(ctx, `SELECT DISTINCT e.user_name FROM events e WHERE ${windows.sql}`, windows.params).filter(
    (user) => value(ctx, `SELECT 1 FROM events WHERE user_name = ? AND ${ctx.logins.success('events')} LIMIT 1`, [user]) === undefined,
  );
  const reason = and(windows, "e.user_name = ? AND json_extract(e.doc, '$.event.reason') = ?");
  return new Set([
    ...column<string>(ctx, `SELECT DISTINCT e.user_name FROM events e WHERE ${sshd.sql}`, sshd.params),
    ...neverLoggedOn.filter((user) => value(ctx, `SELECT 1 FROM events e WHERE ${reason.sql} LIMIT 1`, [...reason.params, user, UNKNOWN_ACCOUNT_REASON]) !== undefined),
  ]);
}

export interface SuccessAfterFailures {
  /** The source IP or user the failures and the success share. */
  key: string;
  failuresBefore: number;
  /** Records behind failuresBefore (a record may stand for several attempts). */
  failureEventsBefore: number;
  firstFailure: number;
  at: number;
  user: string | null;
  host: string | null;
  ip: string | null;
  successId: string;
}

interface FirstSuccess {
  key: string;
  first: number;
  at: number | null;
}

/**
 * The first successful login after failures, per source IP (`by: 'source_ip'`) or per account (`user_name`),
 * with how many failed attempts came before it. Most failures before the success first.
 */
export function successesAfterFailures(ctx: FactContext, by: 'source_ip' | 'user_name'): SuccessAfterFailures[] {
  const fail = failureWhere(ctx);
  const ok = scoped(ctx, ctx.logins.success('s'), [], {}, 's');
  const found = rows<FirstSuccess>(
    ctx,
    `WITH f AS (SELECT e.${by} AS key, min(e.ts_ms) AS first FROM events e WHERE ${fail.sql} AND e.${by} IS NOT NULL AND e.ts_ms IS NOT NULL GROUP BY e.${by})
     SELECT f.key AS key, f.first AS first, (SELECT min(s.ts_ms) FROM events s WHERE s.${by} = f.key AND s.ts_ms > f.first AND ${ok.sql}) AS at FROM f`,
    [...fail.params, ...ok.params],
  ).filter((r): r is FirstSuccess & { at: number } => r.at !== null);
  return found
    .map((r) => {
      const before = row<{ attempts: number; events: number }>(ctx, `SELECT coalesce(sum(e.count), 0) AS attempts, count(*) AS events FROM events e WHERE ${fail.sql} AND e.${by} = ? AND e.ts_ms < ?`, [...fail.params, r.key, r.at])!;
      const success = row<{ id: string; user: string | null; host: string | null; ip: string | null }>(
        ctx,
        `SELECT lower(hex(s.id)) AS id, s.user_name AS user, s.host_name AS host, s.source_ip AS ip FROM events s WHERE s.${by} = ? AND s.ts_ms = ? AND ${ok.sql} ORDER BY s.rowid LIMIT 1`,
        [r.key, r.at, ...ok.params],
      )!;
      return { key: r.key, failuresBefore: before.attempts, failureEventsBefore: before.events, firstFailure: r.first, at: r.at, user: success.user, host: success.host, ip: success.ip, successId: success.id };
    })
    .sort((a, b) => b.failuresBefore - a.failuresBefore || a.at - b.at || a.key.localeCompare(b.key));
}

export interface Burst {
  ip: string;
  /** Most attempts within any BURST_WINDOW_MS. */
  peak: number;
  peakStart: number;
  /** Windows of BURST_WINDOW_MS holding BURST_MIN or more attempts, counted without overlap. */
  bursts: number;
}

interface Minute {
  ip: string;
  minute: number;
  n: number;
}

/** Per source IP: the busiest ten minutes of failed logins (from per-minute counts, a sliding window). */
export function failureBursts(ctx: FactContext): Burst[] {
  const where = failureWhere(ctx);
  const minutes = rows<Minute>(
    ctx,
    `SELECT e.source_ip AS ip, e.ts_ms / 60000 AS minute, sum(e.count) AS n FROM events e
     WHERE ${where.sql} AND e.source_ip IS NOT NULL AND e.ts_ms IS NOT NULL GROUP BY ip, minute ORDER BY ip, minute`,
    where.params,
  );
  const out: Burst[] = [];
  let start = 0;
  while (start < minutes.length) {
    let end = start;
    while (end < minutes.length && minutes[end]!.ip === minutes[start]!.ip) end++;
    out.push(slide(minutes.slice(start, end)));
    start = end;
  }
  return out.sort((a, b) => b.peak - a.peak || a.ip.localeCompare(b.ip));
}

function slide(minutes: readonly Minute[]): Burst {
  const windowMinutes = BURST_WINDOW_MS / 60_000;
  let peak = 0;
  let peakStart = 0;
  let bursts = 0;
  let burstUntil = -Infinity;
  let sum = 0;
  let head = 0;
  for (const m of minutes) {
    sum += m.n;
    while (minutes[head]!.minute <= m.minute - windowMinutes) sum -= minutes[head++]!.n;
    if (sum > peak) {
      peak = sum;
      peakStart = minutes[head]!.minute * 60_000;
    }
    if (sum >= BURST_MIN && m.minute >= burstUntil) {
      bursts++;
      burstUntil = m.minute + windowMinutes;
    }
  }
  return { ip: minutes[0]!.ip, peak, peakStart, bursts };
}

/** Citations of the busiest ten minutes of each burst: ids shared out over the windows, every record counted. */
export function burstCitations(ctx: FactContext, bursts: readonly { ip: string; peakStart: number }[]): Citations {
  const windows = bursts.map((b) => scoped(ctx, `${ctx.logins.failure()} AND e.ts_ms >= ? AND e.ts_ms < ?`, [b.peakStart, b.peakStart + BURST_WINDOW_MS], { sourceIp: b.ip }));
  const perWindow = Math.max(1, Math.ceil(ctx.limits.eventIds / Math.max(1, windows.length)));
  return cite(ctx, { events: windows.flatMap((w) => eventIds(ctx, w, perWindow)), eventCount: windows.reduce((n, w) => n + tally(ctx, w).events, 0) });
}
