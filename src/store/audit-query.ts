import type { AuditEntry } from './audit.ts';
import type { Db } from './database.ts';

export interface AuditFilter {
  action?: string;
  actor?: string;
  /** ISO bounds on `at`: inclusive since, exclusive until. */
  since?: string;
  until?: string;
}

interface AuditRow extends Omit<AuditEntry, 'details'> {
  details: string;
}

function clauses(filter: AuditFilter): { where: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(sql);
    params.push(value);
  };
  add('action = ?', filter.action);
  add('actor = ?', filter.actor);
  add('at >= ?', filter.since);
  add('at < ?', filter.until);
  return { where: where.length > 0 ? where.join(' AND ') : '1', params };
}

const toEntry = (row: AuditRow): AuditEntry => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> });

/** Newest first, entries older than `before` (a sequence number) when given. */
export function auditPage(db: Db, filter: AuditFilter, limit: number, before?: number): { entries: AuditEntry[]; next: number | null } {
  const { where, params } = clauses(filter);
  const rows = db
    .prepare(`SELECT * FROM audit WHERE ${where} AND seq < ? ORDER BY seq DESC LIMIT ?`)
    .all(...params, before ?? Number.MAX_SAFE_INTEGER, limit + 1) as AuditRow[];
  const page = rows.slice(0, limit);
  return { entries: page.map(toEntry), next: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null };
}

/** Every matching entry, oldest first, read in chunks (no statement stays open between chunks). */
export function* auditChunks(db: Db, filter: AuditFilter, chunk = 1000): Generator<AuditEntry[]> {
  const { where, params } = clauses(filter);
  const select = db.prepare(`SELECT * FROM audit WHERE ${where} AND seq > ? ORDER BY seq LIMIT ?`);
  let after = 0;
  for (;;) {
    const rows = select.all(...params, after, chunk) as AuditRow[];
    if (rows.length === 0) return;
    yield rows.map(toEntry);
    after = rows[rows.length - 1]!.seq;
  }
}
