import type { AnswerRecorder } from '../assist/assistant.ts';
import type { ProviderStatus } from '../assist/providers/types.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { VigilConfig } from '../schema/config.ts';
import type { Store } from '../store/index.ts';
import type { AssistantSlot } from './assistant-slot.ts';
import type { TokenUsage } from './auth/usage.ts';
import type { FailedAuthThrottle } from './auth/failures.ts';
import type { StoredJobRecords } from './job-records.ts';
import type { ServerLimits } from './limits.ts';
import type { ReadPool } from './reads/pool.ts';
import type { BreakdownCache } from './stats-cache.ts';
import type { TextCache } from './text-cache.ts';
import type { WriteGate } from './write-gate.ts';

/** What every route handler may use; built once by buildServer, closed with the server. */
export interface ServerContext {
  dbPath: string;
  /** The configuration the server was started with (the file's). */
  fileConfig: VigilConfig;
  /** In effect: the file's, with the settings saved from the API over it; replaced when an admin changes them. */
  config: VigilConfig;
  clock: () => Date;
  uploadDir: string;
  limits: ServerLimits;
  /** Read-only connection: searches and lists never wait for a writer (WAL). */
  reads: Store;
  /** The read-write connection, behind retries that never block the event loop. */
  writes: WriteGate;
  /**
   * Reader threads: `fast` for reads on indexed fields, `heavy` for those that may take long (words to
   * match, fields without an index, store-wide aggregates), so a heavy search never delays the others.
   */
  readers: { fast: ReadPool; heavy: ReadPool };
  breakdown: BreakdownCache;
  /** Incident list answers by analysis and query: incidents change only when an analysis completes. */
  incidentPages: TextCache;
  jobs: JobQueue;
  /** The default queue's records in the store (undefined with another queue backend). */
  jobRecords: StoredJobRecords | undefined;
  usage: TokenUsage;
  failures: FailedAuthThrottle;
  /** The configured LLM provider's status (reachability, model). */
  providerStatus: () => Promise<ProviderStatus>;
  /** Answers chat questions (reads through `reads`, records through `recorder`); replaced with the LLM settings. */
  assistants: AssistantSlot;
  /** Keeps an answered question (its session and audit record) through the write gate. */
  recorder: AnswerRecorder;
  /** Mark session cookies `Secure`. */
  secureCookies: boolean;
}
