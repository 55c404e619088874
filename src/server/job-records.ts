import type { JobFilter, JobRecords } from '../jobs/types.ts';
import type { Job } from '../schema/api/jobs.ts';
import type { Store } from '../store/index.ts';
import { currentOwner, ownerAlive, type ProcessOwner } from '../util/process-owner.ts';
import type { WriteGate } from './write-gate.ts';

export interface StoredJobRecordsOptions {
  /** A job whose status did not change is written at most this often (progress). */
  progressIntervalMs?: number;
  onError?: (error: unknown) => void;
  owner?: ProcessOwner;
}

/**
 * The server's job records in the store (`jobs` table). Writes go through the write gate, never blocking the
 * event loop: the states of a job are coalesced (only the latest is written), a status change is written at
 * once, progress at most once a second, so a job thread's ingest is not slowed by its own progress reports.
 * Reads use the server's read-only connection.
 */
export class StoredJobRecords implements JobRecords {
  private readonly pending = new Map<string, Job>();
  /** The status last handed to the store per unfinished job: a different one is written at once. */
  private readonly statuses = new Map<string, Job['status']>();
  private readonly interval: number;
  private readonly owner: ProcessOwner;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private draining: Promise<void> | undefined;

  constructor(
    private readonly writes: WriteGate,
    private readonly reads: Store,
    private readonly options: StoredJobRecordsOptions = {},
  ) {
    this.interval = options.progressIntervalMs ?? 1000;
    this.owner = options.owner ?? currentOwner();
  }

  save(job: Job): void {
    this.pending.set(job.id, job);
    if (this.statuses.get(job.id) !== job.status) {
      this.statuses.set(job.id, job.status);
      this.immediate ??= setImmediate(() => {
        this.immediate = undefined;
        void this.flush();
      });
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.interval).unref();
    }
  }

  get(id: string): Job | undefined {
    return this.pending.get(id) ?? this.reads.jobs.get(id);
  }

  list(filter: JobFilter & { limit: number; except: ReadonlySet<string> }): Job[] {
    return this.reads.jobs.list(filter);
  }

  /** Writes every pending state (also those saved while it writes); resolves when none is left. */
  flush(): Promise<void> {
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /** Writes what is pending (a second try after a failure, no more) and stops the timers: the server's close. */
  async close(): Promise<void> {
    for (let attempt = 0; attempt < 2 && (this.pending.size > 0 || this.draining !== undefined); attempt++) await this.flush();
    clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending.clear();
      try {
        await this.writes.run((store) => {
          for (const job of batch) store.jobs.save(job, this.owner);
        });
      } catch (error) {
        // Kept for the next try, unless a newer state arrived meanwhile.
        for (const job of batch) if (!this.pending.has(job.id)) this.pending.set(job.id, job);
        this.options.onError?.(error);
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          void this.flush();
        }, this.interval).unref();
        return;
      }
      for (const job of batch) if (job.status !== 'queued' && job.status !== 'running') this.statuses.delete(job.id);
    }
  }
}

/**
 * At start: the jobs a previous server process left queued or running when it died (no graceful close ends
 * them) end now, a running one failed ("interrupted by restart"), a queued one cancelled; each gets an
 * audit record. Jobs of another server process that still runs on this store are left alone.
 */
export function interruptOrphanJobs(store: Store): Job[] {
  return store.db.transaction(() => {
    const orphans = store.jobs.interruptOrphans(ownerAlive);
    for (const job of orphans) {
      store.audit.append({ actor: 'server', action: 'job-interrupted', target: job.id, details: { kind: job.kind, status: job.status, wasRunning: job.started_at !== null, submittedBy: job.actor } });
    }
    return orphans;
  }).immediate();
}
