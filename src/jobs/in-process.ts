import { randomBytes } from 'node:crypto';
import { errorMessage } from '../util/errors.ts';
import type { Job, JobExecutor, JobFilter, JobKind, JobQueue, JobRecords, JobRequest, RunningWork } from './types.ts';

const FINISHED = new Set<Job['status']>(['completed', 'failed', 'cancelled']);
const STOPPED = 'the server shut down while the job ran; what it had committed stays in the store';

interface Entry {
  job: Job;
  request: JobRequest;
  work?: RunningWork;
  /** Set when shutdown stops the job: its end is then a cancellation, not a failure. */
  stopping?: boolean;
}

export interface InProcessQueueOptions {
  clock: () => Date;
  /** Finished jobs kept in memory. */
  history: number;
  /** Where every change is recorded, and older jobs are listed from (the store); memory only without. */
  records?: JobRecords;
}

const DEFAULT_LIMIT = 50;

/**
 * Jobs run in this process, one at a time per kind (an ingest and an analysis may overlap; two ingests
 * never do), in submission order. Live state is in memory (with the last `history` finished jobs); with
 * `records`, every change is recorded there too, and jobs no longer in memory are read from there.
 */
export class InProcessQueue implements JobQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<JobKind, Entry[]>();
  private readonly running = new Map<JobKind, Entry>();
  private readonly listeners = new Map<string, Set<(job: Job) => void>>();
  private closed = false;

  constructor(
    private readonly execute: JobExecutor,
    private readonly dbPath: string,
    private readonly options: InProcessQueueOptions,
  ) {}

  submit(request: JobRequest, input: Job['input']): Job {
    if (this.closed) throw new Error('the job queue is closed');
    const job: Job = {
      id: randomBytes(8).toString('hex'),
      kind: request.kind,
      status: 'queued',
      actor: request.actor,
      created_at: this.now(),
      started_at: null,
      finished_at: null,
      input,
      progress: { bytes: 0, bytesTotal: null, events: 0, file: null, filesDone: 0, filesTotal: input.files.length > 0 ? input.files.length : null },
      result: null,
      error: null,
    };
    if (input.files.length > 0) job.progress.bytesTotal = input.files.reduce((sum, f) => sum + f.size, 0);
    const entry: Entry = { job, request };
    this.entries.set(job.id, entry);
    const queue = this.pending.get(job.kind) ?? [];
    queue.push(entry);
    this.pending.set(job.kind, queue);
    this.changed(entry);
    this.prune();
    this.startNext(job.kind);
    return structuredClone(entry.job);
  }

  get(id: string): Job | undefined {
    const entry = this.entries.get(id);
    return entry === undefined ? this.options.records?.get(id) : structuredClone(entry.job);
  }

  list(filter: JobFilter = {}): Job[] {
    const limit = filter.limit ?? (this.options.records === undefined ? this.entries.size : DEFAULT_LIMIT);
    const live = structuredClone(
      [...this.entries.values()]
        .map((e) => e.job)
        .filter((j) => (filter.kind === undefined || j.kind === filter.kind) && (filter.status === undefined || j.status === filter.status))
        .reverse()
        .slice(0, limit),
    );
    const records = this.options.records;
    if (records === undefined) return live;
    const earlier = records.list({ ...filter, limit, except: new Set(this.entries.keys()) });
    // Stable: among jobs created in the same millisecond, the live ones (submitted later) stay first.
    return [...live, ...earlier].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0)).slice(0, limit);
  }

  cancel(id: string): boolean {
    const entry = this.entries.get(id);
    if (entry?.job.status !== 'queued') return false;
    const queue = this.pending.get(entry.job.kind) ?? [];
    this.pending.set(entry.job.kind, queue.filter((e) => e !== entry));
    this.finish(entry, 'cancelled', null, 'cancelled before it started');
    return true;
  }

  subscribe(id: string, listener: (job: Job) => void): () => void {
    const set = this.listeners.get(id) ?? new Set();
    set.add(listener);
    this.listeners.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    for (const queue of this.pending.values()) for (const entry of queue) this.finish(entry, 'cancelled', null, 'the server shut down before the job started');
    this.pending.clear();
    const running = [...this.running.values()];
    const settled = Promise.allSettled(running.flatMap((e) => (e.work === undefined ? [] : [e.work.done])));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      settled.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!timedOut) return;
    await Promise.all(running.map(async (entry) => {
      entry.stopping = true;
      await entry.work?.abort();
      this.finish(entry, 'cancelled', null, STOPPED);
    }));
  }

  private startNext(kind: JobKind): void {
    if (this.closed || this.running.has(kind)) return;
    const entry = this.pending.get(kind)?.shift();
    if (entry === undefined) return;
    this.running.set(kind, entry);
    entry.job.status = 'running';
    entry.job.started_at = this.now();
    this.changed(entry);
    const work = this.execute(entry.request, this.dbPath, (update) => {
      if (FINISHED.has(entry.job.status)) return;
      Object.assign(entry.job.progress, update);
      this.changed(entry);
    });
    entry.work = work;
    work.done.then(
      (result) => this.finish(entry, 'completed', result, null),
      (error: unknown) => (entry.stopping === true ? this.finish(entry, 'cancelled', null, STOPPED) : this.finish(entry, 'failed', null, errorMessage(error))),
    ).finally(() => {
      if (this.running.get(kind) === entry) this.running.delete(kind);
      this.startNext(kind);
    });
  }

  private finish(entry: Entry, status: Job['status'], result: Job['result'], error: string | null): void {
    if (FINISHED.has(entry.job.status)) return;
    entry.job.status = status;
    entry.job.finished_at = this.now();
    entry.job.result = result;
    entry.job.error = error;
    if (status === 'completed' && entry.job.progress.filesTotal !== null) entry.job.progress.filesDone = entry.job.progress.filesTotal;
    entry.work = undefined;
    this.changed(entry);
  }

  /** Records the job's new state and tells its listeners. */
  private changed(entry: Entry): void {
    const listeners = this.listeners.get(entry.job.id);
    if (listeners === undefined && this.options.records === undefined) return;
    const snapshot = structuredClone(entry.job);
    this.options.records?.save(snapshot);
    for (const listener of listeners ?? []) listener(snapshot);
  }

  /** Forgets the oldest finished jobs beyond the history size. */
  private prune(): void {
    const finished = [...this.entries.values()].filter((e) => FINISHED.has(e.job.status));
    for (const entry of finished.slice(0, Math.max(0, finished.length - this.options.history))) this.entries.delete(entry.job.id);
  }

  private now(): string {
    return this.options.clock().toISOString();
  }
}
