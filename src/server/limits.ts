import type { RatePolicy, ServerConfig } from '../schema/api/server-config.ts';

export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface ServerLimits {
  /** Largest single uploaded file, in bytes (413 beyond). */
  uploadFileBytes: number;
  /** Most files in one upload request. */
  uploadFiles: number;
  /** Largest JSON request body. */
  jsonBodyBytes: number;
  /** Lifetime of a browser session. */
  sessionTtlMs: number;
  /** Failed authentications per client address and minute before it is answered 429 (and no longer audited). */
  failedAuthPerMinute: number;
  /** Finished jobs kept in memory for the jobs list. */
  jobHistory: number;
  /** How long shutdown waits for a running job before stopping it. */
  shutdownJobWaitMs: number;
  /** Heap of a job thread (MiB). */
  jobHeapMb: number;
  rate: Record<RatePolicy, RateLimit>;
}

const MINUTE = 60_000;

export const DEFAULT_LIMITS: ServerLimits = {
  uploadFileBytes: 1024 * 1024 * 1024,
  uploadFiles: 20,
  jsonBodyBytes: 256 * 1024,
  sessionTtlMs: 12 * 60 * MINUTE,
  failedAuthPerMinute: 20,
  jobHistory: 200,
  shutdownJobWaitMs: 30_000,
  jobHeapMb: 512,
  rate: {
    login: { max: 10, windowMs: MINUTE },
    upload: { max: 30, windowMs: MINUTE },
    analyze: { max: 10, windowMs: MINUTE },
    search: { max: 1200, windowMs: MINUTE },
    export: { max: 60, windowMs: MINUTE },
    ask: { max: 30, windowMs: MINUTE },
  },
};

export type LimitsInput = Partial<Omit<ServerLimits, 'rate'>> & { rate?: Partial<Record<RatePolicy, RateLimit>> };

export function resolveLimits(...inputs: (LimitsInput | undefined)[]): ServerLimits {
  let limits = DEFAULT_LIMITS;
  for (const input of inputs) {
    if (input === undefined) continue;
    limits = { ...limits, ...input, rate: { ...limits.rate, ...input.rate } };
  }
  return limits;
}

/** The limits the `server:` block of the configuration sets. */
export function limitsFromConfig(config: ServerConfig | undefined): LimitsInput {
  if (config === undefined) return {};
  const input: LimitsInput = {};
  if (config.uploadMaxFileMb !== undefined) input.uploadFileBytes = Math.round(config.uploadMaxFileMb * 1024 * 1024);
  if (config.uploadMaxFiles !== undefined) input.uploadFiles = config.uploadMaxFiles;
  if (config.sessionHours !== undefined) input.sessionTtlMs = Math.round(config.sessionHours * 60 * MINUTE);
  if (config.rateLimits !== undefined) {
    input.rate = Object.fromEntries(Object.entries(config.rateLimits).map(([policy, max]) => [policy, { max, windowMs: MINUTE }]));
  }
  return input;
}

export type { RatePolicy };
