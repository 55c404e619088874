import { JobSchema, type Job, type JobKind, type JobStatus } from '../schema/api/jobs.ts';
import type { ProcessOwner } from '../util/process-owner.ts';
import type { Db } from './database.ts';
import { cached } from './statements.ts';

/** The jobs table (src/store/migrations.ts): one row per job, its last known state. */
export const JOBS_TABLE_SQL = `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    input TEXT NOT NULL,
    progress TEXT NOT NULL,
    result TEXT,
    error TEXT,
    -- The server process that runs the job ({pid, host}): a restart tells its own jobs from another's.
    owner TEXT NOT NULL
  );
  CREATE INDEX jobs_unfinished ON jobs(status) WHERE status IN ('queued', 'running');
`;

export const INTERRUPTED = 'interrupted by restart: the server stopped while the job ran; what it had committed stays in the store';
export const NEVER_STARTED = 'the server stopped before the job started';

interface JobRow {
  id: string;
  kind: string;
  status: string;
  actor: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  input: string;
  progress: string;
  result: string | null;
  error: string | null;
  owner: string;
}

export interface StoredJobFilter {
  kind?: JobKind;
  status?: JobStatus;
  limit: number;
  /** Leave these out (the caller holds newer copies). */
  except?: ReadonlySet<string>;
}

const COLUMNS = 'id, kind, status, actor, created_at, started_at, finished_at, input, progress, result, error, owner';

function jobOf(row: JobRow): Job {
  return JobSchema.parse({
    id: row.id,
    kind: row.kind,
    status: row.status,
    actor: row.actor,
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
    input: JSON.parse(row.input) as unknown,
    progress: JSON.parse(row.progress) as unknown,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
  });
}

/** Job records kept across restarts: written by the server as jobs change, listed most recent first. */
export class JobLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  /** Inserts or updates the job's row with its current state. */
  save(job: Job, owner: ProcessOwner): void {
    cached(
      this.db,
      `INSERT INTO jobs (${COLUMNS}) VALUES (@id, @kind, @status, @actor, @created_at, @started_at, @finished_at, @input, @progress, @result, @error, @owner)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at, finished_at = excluded.finished_at,
         progress = excluded.progress, result = excluded.result, error = excluded.error, owner = excluded.owner`,
    ).run({
      id: job.id,
      kind: job.kind,
      status: job.status,
      actor: job.actor,
      created_at: job.created_at,
      started_at: job.started_at,
      finished_at: job.finished_at,
      input: JSON.stringify(job.input),
      progress: JSON.stringify(job.progress),
      result: job.result === null ? null : JSON.stringify(job.result),
      error: job.error,
      owner: JSON.stringify(owner),
    });
  }

  get(id: string): Job | undefined {
    const row = cached(this.db, `SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id) as JobRow | undefined;
    return row === undefined ? undefined : jobOf(row);
  }

  /** Most recent first (the order they were submitted in). */
  list(filter: StoredJobFilter): Job[] {
    const except = filter.except ?? new Set<string>();
    const rows = cached(
      this.db,
      `SELECT ${COLUMNS} FROM jobs WHERE (@kind IS NULL OR kind = @kind) AND (@status IS NULL OR status = @status) ORDER BY rowid DESC LIMIT @limit`,
    ).all({ kind: filter.kind ?? null, status: filter.status ?? null, limit: filter.limit + except.size }) as JobRow[];
    return rows.filter((row) => !except.has(row.id)).slice(0, filter.limit).map(jobOf);
  }

  /**
   * Ends the jobs a server left unfinished when it stopped without finishing them (killed, crashed, power
   * lost): a running one failed ("interrupted by restart"), a queued one cancelled. Jobs of another server
   * process that still runs are left alone. Returns the jobs so ended.
   */
  interruptOrphans(alive: (owner: ProcessOwner) => boolean): Job[] {
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE status IN ('queued', 'running') ORDER BY rowid`).all() as JobRow[];
    const orphans = rows.filter((row) => !alive(JSON.parse(row.owner) as ProcessOwner));
    const at = this.clock().toISOString();
    const end = this.db.prepare("UPDATE jobs SET status = @status, finished_at = @at, error = @error WHERE id = @id AND status IN ('queued', 'running')");
    for (const row of orphans) {
      const running = row.status === 'running';
      end.run({ id: row.id, at, status: running ? 'failed' : 'cancelled', error: running ? INTERRUPTED : NEVER_STARTED });
    }
    return orphans.map((row) => this.get(row.id)!);
  }
}
