import type { Answer, AnalysisMode, Citation, Fact } from '../schema/assist.ts';
import type { Store } from '../store/index.ts';
import { cacheKey, type AnswerCache } from './cache.ts';
import { questionEmbedder } from './embedding.ts';
import { gatherFacts, planQuestion, renderReport, storePlanOptions } from './facts/index.ts';
import { narrateOrFallback } from './narrate/index.ts';
import type { LlmProvider } from './providers/types.ts';
import type { Embedder } from './retrieve/embedder.ts';

export interface AskOptions {
  mode?: AnalysisMode;
  signal?: AbortSignal;
  /** Receives the answer text as it is produced (model deltas, or the whole report at once). */
  onToken?: (delta: string) => void;
  /** Persist the exchange in this chat session. */
  sessionId?: string;
  useCache?: boolean;
  /** Who asks, for the audit log (default: the assistant's actor). */
  actor?: string;
}

/** Keeps an answered question: in its chat session, and in the audit chain. */
export type AnswerRecorder = (entry: { actor: string; question: string; answer: Answer; sessionId: string | undefined }) => void | Promise<void>;

export interface AssistantOptions {
  actor?: string;
  embedder?: Embedder;
  /** Default: synchronous writes on the assistant's store. The server passes one that goes through its write gate. */
  recorder?: AnswerRecorder;
  now?: () => number;
}

/** Every id the facts cite, events first, each once. */
export function citationsOf(facts: readonly Fact[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  const add = (kind: Citation['kind'], id: string): void => {
    if (seen.has(`${kind}:${id}`)) return;
    seen.add(`${kind}:${id}`);
    out.push({ kind, id });
  };
  for (const f of facts) for (const id of f.citations.events) add('event', id);
  for (const f of facts) for (const id of f.citations.alerts) add('alert', id);
  for (const f of facts) for (const id of f.citations.incidents) add('incident', id);
  return out;
}

/**
 * Answers questions about the store: plan → facts over all matching events → deterministic report, narrated
 * by the LLM provider when one is configured (with a grounding check, and the report as the fallback).
 */
export class Assistant {
  private readonly actor: string;
  private readonly embedder: Embedder | undefined;
  private readonly recorder: AnswerRecorder;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    readonly provider: LlmProvider,
    readonly cache: AnswerCache,
    options: AssistantOptions = {},
  ) {
    this.actor = options.actor ?? 'assistant';
    this.embedder = options.embedder;
    this.recorder = options.recorder ?? ((entry) => recordAnswer(store, entry));
    this.now = options.now ?? Date.now;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const started = this.now();
    const mode = options.mode ?? 'basic';
    const revision = this.store.dataRevision();
    const model = this.provider.id === 'none' ? null : (this.provider.model ?? null);
    const key = cacheKey({ revision, question, mode, provider: this.provider.id, model });
    const hit = options.useCache === false ? undefined : await this.cache.get(key);
    const answer = hit !== undefined ? { ...hit, question, cached: true, elapsed_ms: this.now() - started } : await this.compute(question, mode, revision, model, options);
    if (hit !== undefined) options.onToken?.(answer.answer);
    else if (answer.fallback === null && options.useCache !== false) await this.cache.set(key, answer);
    await this.recorder({ actor: options.actor ?? this.actor, question, answer, sessionId: options.sessionId });
    return answer;
  }

  private async compute(question: string, mode: AnalysisMode, revision: string, model: string | null, options: AskOptions): Promise<Answer> {
    const started = this.now();
    const plan = planQuestion(question, mode, storePlanOptions(this.store.db));
    const embedder = questionEmbedder(this.store.db, this.embedder);
    const facts = await gatherFacts({ db: this.store.db, analyses: this.store.analyses, embedder }, plan, { signal: options.signal });
    const report = renderReport(plan, facts, mode);
    let text = report;
    let flagged: Answer['flagged'] = [];
    let fallback: string | null = null;
    if (this.provider.id === 'none') options.onToken?.(report);
    else {
      const narrated = await narrateOrFallback(this.provider, { question, mode, intent: plan.intent, facts }, report, { signal: options.signal, onToken: options.onToken });
      ({ text, flagged, fallback } = narrated);
      if (fallback !== null) options.onToken?.(`${narrated.streamed ? `\n\n(the model stopped: ${fallback}; Vigil's own answer follows)\n\n` : ''}${report}`);
    }
    return {
      question,
      mode,
      intent: plan.intent,
      answer: text,
      facts,
      citations: citationsOf(facts),
      flagged,
      provider: this.provider.id,
      model,
      fallback,
      cached: false,
      revision,
      elapsed_ms: this.now() - started,
    };
  }

  async close(): Promise<void> {
    await this.cache.close();
    await this.provider.close();
  }
}

/** The default recorder: the exchange in its session (if any) and a `question` record in the audit chain. */
export function recordAnswer(store: Store, entry: { actor: string; question: string; answer: Answer; sessionId: string | undefined }): void {
  const { answer, sessionId } = entry;
  if (sessionId !== undefined) store.chats.appendExchange(sessionId, entry.question, answer);
  store.audit.append({
    actor: entry.actor,
    action: 'question',
    target: entry.question.slice(0, 500),
    details: {
      mode: answer.mode,
      intent: answer.intent,
      provider: answer.provider,
      model: answer.model,
      facts: answer.facts.length,
      citations: answer.citations.length,
      flagged: answer.flagged.length,
      cached: answer.cached,
      fallback: answer.fallback,
      session: sessionId ?? null,
      revision: answer.revision,
    },
  });
}
