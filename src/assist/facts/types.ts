import type { AnalysisMode, Fact, Plan } from '../../schema/assist.ts';
import type { AnalysisLog } from '../../store/analyses.ts';
import type { Db } from '../../store/index.ts';
import type { Embedder } from '../retrieve/embedder.ts';

/** Where facts come from: the store and the results of its latest analysis. */
export interface FactSources {
  db: Db;
  analyses: AnalysisLog;
  /** The embedder for retrieval's vector half (default: the one the index was built with, when built-in). */
  embedder?: Embedder;
}

export interface GatherOptions {
  signal?: AbortSignal;
}

/** How much each mode lists (docs/assist-modes.md). `eventCount` is always the true total. */
export interface ModeLimits {
  /** Event ids listed per fact. */
  eventIds: number;
  /** Detail facts per list (IPs, incidents, users). */
  items: number;
  /** Values named inline in one sentence (users tried by an IP, …). */
  inline: number;
  /** Timeline entries. */
  timeline: number;
  /** Events retrieved for free questions. */
  retrieve: number;
  /** Entities of the answer given a cross-source view (advanced, forensic). */
  correlate: number;
  /** Entities whose full timeline is rebuilt (forensic). */
  reconstruct: number;
}

/** A fact before numbering (`F1`, `F2`… are given in answer order). */
export type FactDraft = Omit<Fact, 'id'>;

/** One analysis question's facts: the intent modules and the mode additions all take this. */
export interface FactContext {
  db: Db;
  analyses: AnalysisLog;
  embedder?: Embedder;
  /** The plan with its time scope resolved against the latest event. */
  plan: Plan;
  mode: AnalysisMode;
  limits: ModeLimits;
  latestEventMs: number | undefined;
  signal: AbortSignal | undefined;
  /** SQL conditions for failed and successful logins in this store (vocabulary.ts). */
  logins: { failure: (alias?: string) => string; success: (alias?: string) => string };
}

export type IntentFacts = (ctx: FactContext) => FactDraft[] | Promise<FactDraft[]>;
