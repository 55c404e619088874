import type { Job, JobKind, JobProgress, JobResult, JobStatus } from '../schema/api/jobs.ts';
import type { ZoneRule } from '../normalize/source-zones.ts';
import type { TriageOptionsInput } from '../schema/incident.ts';

/** A file saved for ingestion: where it is on disk, and what the uploader called it. */
export interface StagedFile {
  path: string;
  name: string;
  size: number;
  sha256: string;
}

export interface IngestPayload {
  files: StagedFile[];
  tz: string;
  /** Zones of files by uploaded name (`--tz-for`); absent from older job records. */
  zones?: ZoneRule[];
  format?: string;
  year?: number;
  /** Update stored events that this version reads differently (`ingest --refresh`). */
  refresh?: boolean;
}

export interface AnalyzePayload {
  builtin: boolean;
  extra: string[];
  placeholders?: Record<string, string[]>;
  triage: TriageOptionsInput;
}

/** Plain data only: a request crosses a thread (or, with a queue backend, a process) boundary. */
export type JobRequest =
  | { kind: 'ingest'; actor: string; payload: IngestPayload }
  | { kind: 'analyze'; actor: string; payload: AnalyzePayload };

export type ProgressUpdate = Partial<JobProgress>;

/** One started piece of work: its outcome, and a way to stop it (used at shutdown). */
export interface RunningWork {
  done: Promise<JobResult>;
  abort(): Promise<void>;
}

/** Starts a job's work somewhere (a worker thread here; a remote worker with a queue backend). */
export type JobExecutor = (request: JobRequest, dbPath: string, progress: (update: ProgressUpdate) => void) => RunningWork;

export interface JobFilter {
  kind?: JobKind;
  status?: JobStatus;
  limit?: number;
}

/**
 * Where job records outlive the process (the server keeps them in the store). The queue reports every change
 * with the job's whole state; the records may coalesce and write later (the last state of a job wins).
 */
export interface JobRecords {
  save(job: Job): void;
  get(id: string): Job | undefined;
  /** Most recent first, without the jobs in `except` (the queue holds newer copies of those). */
  list(filter: JobFilter & { limit: number; except: ReadonlySet<string> }): Job[];
}

/**
 * The job queue port: the server submits work and reads its state. The in-process queue runs one job at a
 * time per kind in worker threads; a Redis/BullMQ backend would implement the same interface.
 */
export interface JobQueue {
  submit(request: JobRequest, input: Job['input']): Job;
  get(id: string): Job | undefined;
  /** Most recent first. */
  list(filter?: JobFilter): Job[];
  /** Cancels a job that has not started; false when it is running or finished. */
  cancel(id: string): boolean;
  /** Called on every change of the job (progress, status); returns the unsubscribe function. */
  subscribe(id: string, listener: (job: Job) => void): () => void;
  /** Stops taking jobs, cancels queued ones, waits for running ones up to `timeoutMs`, then aborts them. */
  close(timeoutMs: number): Promise<void>;
}

export type { Job, JobKind, JobProgress, JobResult, JobStatus };
