import type { AnalysisMode, Fact, Intent } from '../../schema/assist.ts';
import type { ChatMessage } from '../providers/types.ts';
import { fitFacts, type FactBudget, type FittedFacts } from './budget.ts';
import { renderFact } from './evidence.ts';
import { VALUE_CAPS, fenced, neutralise, newFence, type Fence } from './fence.ts';
import { PROMPT_VERSIONS, fill, loadPrompt, section } from './prompt-files.ts';

export interface NarrationInput {
  question: string;
  mode: AnalysisMode;
  intent: Intent;
  /** Computed facts, most important first (the budget trims from the end). */
  facts: readonly Fact[];
}

export interface AnswerPrompt extends FittedFacts {
  promptVersion: string;
  fence: Fence;
}

/**
 * The answer request: a system message (role, rules, the fence's tags, the mode's instructions) and a user
 * message (the question, then every fact that fits inside the evidence fence). Facts are fitted to
 * `budget` (see fitFacts); the fence gets a fresh nonce unless one is given.
 */
export function buildAnswerPrompt(input: NarrationInput, budget: FactBudget, fence: Fence = newFence()): AnswerPrompt {
  const file = loadPrompt(PROMPT_VERSIONS.answer);
  const system = `${fill(section(file, 'system'), { nonce: fence.nonce })}\n\n${section(file, `mode.${input.mode}`)}`;
  const question = neutralise(input.question, VALUE_CAPS.question, fence);
  const compose = (blocks: readonly string[], dropped: number): ChatMessage[] => {
    const body = blocks.length > 0 ? blocks.join('\n\n') : '(no facts: nothing in the store matched the question)';
    const omitted = dropped > 0 ? `(${dropped} lower-priority fact${dropped === 1 ? ' was' : 's were'} left out to fit the context window.)\n\n` : '';
    const user = fill(section(file, 'user'), { question, intent: input.intent, evidence: fenced(fence, body), omitted });
    return [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ];
  };
  const fitted = fitFacts(input.facts, budget, { compose, render: (fact, detail) => renderFact(fact, detail, fence) });
  return { ...fitted, promptVersion: file.version, fence };
}
