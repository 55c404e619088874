import type { Db } from './database.ts';

export interface FileReport {
  path: string;
  size?: number;
  format?: string;
  formatScore?: number;
  /** The container runtime (`cri`, `docker`) whose wrapper each line carries; the format reads the wrapped lines. */
  container?: string;
  lines: number;
  records: number;
  events: number;
  inserted: number;
  duplicates: number;
  /** Stored events this input's records updated (read again by `ingest --refresh` and read differently); absent without refresh. */
  updated?: number;
  meta: number;
  errors: number;
  fallbacks: number;
  errorSamples: { line: number; offset?: number; reason: string }[];
  problem?: string;
  /** Why the parse thread could not finish this input; it was then read again inline from its start. */
  rereadInline?: string;
  /**
   * The identity of an earlier ingested log that this input starts with (the same log renamed, copied,
   * compressed or grown since): its events keep that log's ids, so what was stored then is not added again.
   */
  sameLogAs?: string;
  /** The zone a `--tz-for` rule gave this input's times that name none (absent: the run's `--tz`). */
  tz?: string;
  durationMs: number;
}

export class RunLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  start(actor: string, options: Record<string, unknown>): number {
    const result = this.db
      .prepare("INSERT INTO ingest_runs (started_at, actor, options, status) VALUES (?, ?, ?, 'running')")
      .run(this.clock().toISOString(), actor, JSON.stringify(options));
    return Number(result.lastInsertRowid);
  }

  recordFile(runId: number, report: FileReport): void {
    this.db
      .prepare(
        `INSERT INTO ingest_files (run_id, path, size, format, format_score, lines, records, events, inserted, duplicates,
          updated, meta, errors, fallbacks, error_samples, problem, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId, report.path, report.size ?? null, report.format ?? null, report.formatScore ?? null, report.lines,
        report.records, report.events, report.inserted, report.duplicates, report.updated ?? 0, report.meta, report.errors, report.fallbacks,
        JSON.stringify(report.errorSamples), report.problem ?? null, Math.round(report.durationMs),
      );
  }

  finish(runId: number, status: 'completed' | 'failed' | 'interrupted'): void {
    this.db.prepare('UPDATE ingest_runs SET finished_at = ?, status = ? WHERE id = ?').run(this.clock().toISOString(), status, runId);
  }
}
