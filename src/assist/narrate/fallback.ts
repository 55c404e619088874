import type { FlaggedClaim } from '../../schema/assist.ts';
import type { LlmProvider } from '../providers/types.ts';
import type { OmittedFact } from './budget.ts';
import { narrate, type NarrateOptions } from './narrate.ts';
import type { NarrationInput } from './prompt.ts';
import { NarrationError } from './reply.ts';

export interface NarrationOutcome {
  /** The narrated answer, or `deterministicText` when there is no provider or narration failed. */
  text: string;
  /** Why the deterministic text was given although a provider is configured (`timeout: …`), else null. */
  fallback: string | null;
  flagged: FlaggedClaim[];
  promptVersion: string | null;
  omittedFacts: OmittedFact[];
  model: string | null;
  /**
   * Some text already reached `onToken` before narration failed: the caller printed part of an answer and
   * should say that what follows replaces it.
   */
  streamed: boolean;
}

/**
 * narrate(), or the deterministic text on any narration failure (provider error, timeout, abort, budget,
 * empty reply). Without a provider the deterministic text is the answer and `fallback` is null. Errors that
 * are not narration failures (a missing prompt file, a throwing onToken) propagate.
 */
export async function narrateOrFallback(
  provider: LlmProvider | null | undefined,
  input: NarrationInput,
  deterministicText: string,
  options: NarrateOptions = {},
): Promise<NarrationOutcome> {
  const deterministic = { text: deterministicText, flagged: [], promptVersion: null, omittedFacts: [], model: provider?.model ?? null };
  if (provider === null || provider === undefined) return { ...deterministic, fallback: null, streamed: false };
  let streamed = false;
  const onToken = (delta: string): void => {
    streamed = true;
    options.onToken?.(delta);
  };
  try {
    const narration = await narrate(provider, input, { ...options, onToken });
    return { ...narration, fallback: null, streamed };
  } catch (error) {
    if (!(error instanceof NarrationError)) throw error;
    return { ...deterministic, fallback: error.reason, streamed };
  }
}
