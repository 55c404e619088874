import { createHash } from 'node:crypto';
import type { Db } from './database.ts';

/** Append-only, hash-chained audit log: each record carries the hash of the previous one. */

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export interface AuditInput {
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  const body = canonical({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, target: row.target, details: row.details });
  return createHash('sha256').update(row.prev_hash).update('\n').update(body).digest('hex');
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  append(input: AuditInput): AuditEntry {
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const row: Omit<AuditRow, 'hash'> = {
        seq: (last?.seq ?? 0) + 1,
        at: this.clock().toISOString(),
        actor: input.actor,
        action: input.action,
        target: input.target ?? null,
        details: canonical(input.details ?? {}),
        prev_hash: last?.hash ?? GENESIS_HASH,
      };
      const hash = auditHash(row);
      this.db
        .prepare('INSERT INTO audit (seq, at, actor, action, target, details, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @target, @details, @prev_hash, @hash)')
        .run({ ...row, hash });
      return toEntry({ ...row, hash });
    }).immediate();
  }

  list(filter: { action?: string; actor?: string; limit?: number } = {}): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM audit WHERE (@action IS NULL OR action = @action) AND (@actor IS NULL OR actor = @actor)
         ORDER BY seq DESC LIMIT @limit`,
      )
      .all({ action: filter.action ?? null, actor: filter.actor ?? null, limit: filter.limit ?? 100 }) as AuditRow[];
    return rows.reverse().map(toEntry);
  }

  /** Recomputes the whole chain; reports the first record whose hash or link does not hold. */
  verify(): { ok: boolean; records: number; firstBad?: { seq: number; reason: string } } {
    let previous = GENESIS_HASH;
    let expectedSeq = 1;
    let records = 0;
    for (const row of this.db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      records++;
      if (row.seq !== expectedSeq) return { ok: false, records, firstBad: { seq: row.seq, reason: `record ${expectedSeq} is missing` } };
      if (row.prev_hash !== previous) return { ok: false, records, firstBad: { seq: row.seq, reason: 'link to the previous record is broken' } };
      if (auditHash(row) !== row.hash) return { ok: false, records, firstBad: { seq: row.seq, reason: 'record content does not match its hash' } };
      previous = row.hash;
      expectedSeq++;
    }
    return { ok: true, records };
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return { ...row, details: JSON.parse(row.details) as Record<string, unknown> };
}
