import type { AnalysisMode, FlaggedClaim } from '../../schema/assist.ts';
import { LlmError, type LlmProvider } from '../providers/types.ts';
import type { OmittedFact } from './budget.ts';
import { checkGrounding, evidenceFromFacts } from './grounding.ts';
import { buildAnswerPrompt, type AnswerPrompt, type NarrationInput } from './prompt.ts';
import { NarrationError, collectReply } from './reply.ts';

export const DEFAULT_NARRATION_TIMEOUT_MS = 120_000;

/** Answer tokens reserved per mode unless configured; never more than a third of the context window. */
const ANSWER_TOKENS: Record<AnalysisMode, number> = { basic: 512, advanced: 1024, forensic: 2048 };

export interface NarrateOptions {
  signal?: AbortSignal;
  /** Sanitised text deltas as they stream (safe for a terminal); they add up to the final `text`. */
  onToken?: (delta: string) => void;
  timeoutMs?: number;
  maxAnswerTokens?: number;
  temperature?: number;
}

export interface Narration {
  /** The model's answer, sanitised: no escape sequences, controls, HTML, images or links. */
  text: string;
  /** What the answer names or cites that the facts do not contain. */
  flagged: FlaggedClaim[];
  promptVersion: string;
  /** Facts trimmed or left out to fit the context window. */
  omittedFacts: OmittedFact[];
  model: string | null;
  promptTokens: number;
  /** The reply was cut at the character cap (a model that would not stop). */
  truncated: boolean;
}

export function answerTokensFor(contextTokens: number, mode: AnalysisMode, configured?: number): number {
  return Math.max(32, Math.min(configured ?? ANSWER_TOKENS[mode], Math.floor(contextTokens / 3)));
}

/**
 * The LLM half of an answer: the facts (computed, most important first) go into the evidence fence within the
 * context budget, the reply streams through the output sanitiser to `onToken`, and the grounding check flags
 * what the reply names that the facts do not. Throws NarrationError on any provider failure, timeout, abort,
 * budget overflow or empty reply (see narrateOrFallback).
 */
export async function narrate(provider: LlmProvider, input: NarrationInput, options: NarrateOptions = {}): Promise<Narration> {
  const answerTokens = answerTokensFor(provider.contextTokens, input.mode, options.maxAnswerTokens);
  const prompt = promptWithin(provider, input, answerTokens);
  const reply = await collectReply(
    provider,
    { messages: prompt.messages, maxTokens: answerTokens, ...(options.temperature === undefined ? {} : { temperature: options.temperature }) },
    {
      timeoutMs: options.timeoutMs ?? DEFAULT_NARRATION_TIMEOUT_MS,
      maxChars: Math.max(4000, answerTokens * 16),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onToken === undefined ? {} : { onText: options.onToken }),
    },
  );
  if (reply.text.trim() === '') throw new NarrationError('empty', 'the model returned no text');
  return {
    text: reply.text,
    flagged: checkGrounding(reply.text, evidenceFromFacts(input.facts)),
    promptVersion: prompt.promptVersion,
    omittedFacts: prompt.omitted,
    model: provider.model ?? null,
    promptTokens: prompt.promptTokens,
    truncated: reply.truncated,
  };
}

function promptWithin(provider: LlmProvider, input: NarrationInput, answerTokens: number): AnswerPrompt {
  try {
    return buildAnswerPrompt(input, { countTokens: (text) => provider.countTokens(text), contextTokens: provider.contextTokens, answerTokens });
  } catch (error) {
    if (error instanceof LlmError) throw new NarrationError('budget', error.message, { cause: error });
    throw error;
  }
}
