/** The LLM half of answering: fenced facts within a token budget, a sanitised streamed reply, grounding. */
export { narrate, answerTokensFor, DEFAULT_NARRATION_TIMEOUT_MS, type NarrateOptions, type Narration } from './narrate.ts';
export { narrateOrFallback, type NarrationOutcome } from './fallback.ts';
export { NarrationError, type NarrationFailure } from './reply.ts';
export { buildAnswerPrompt, type NarrationInput, type AnswerPrompt } from './prompt.ts';
export { fitFacts, promptTokens, MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS, type OmittedFact, type FactBudget } from './budget.ts';
export { newFence, neutralise, neutraliseData, fenced, type Fence } from './fence.ts';
export { createOutputSanitizer, safeModelText, type OutputSanitizer } from './output.ts';
export { checkGrounding, evidenceFromFacts, buildEvidence, type GroundingEvidence } from './grounding.ts';
export { extractClaims, type Claim } from './claims.ts';
export { PROMPT_VERSIONS, loadPrompt, promptsDir } from './prompt-files.ts';
