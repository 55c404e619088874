import type { Fact } from '../../schema/assist.ts';
import { LlmError, type ChatMessage } from '../providers/types.ts';
import type { FactDetail } from './evidence.ts';

/**
 * Tokens a chat template adds around each message (role header, separators) and before the reply, on top
 * of what `countTokens` counts for the content. Generous for ChatML, Llama 3, Mistral and Gemma templates.
 */
export const MESSAGE_OVERHEAD_TOKENS = 8;
export const REPLY_PRIMING_TOKENS = 4;

export type CountTokens = (text: string) => number;

/** Prompt tokens of a request: content plus template overhead (the reply's reserve is added separately). */
export function promptTokens(count: CountTokens, messages: readonly ChatMessage[]): number {
  return messages.reduce((n, m) => n + count(m.content) + MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS);
}

/** What the budget left out of a fact: its cited id lists, its data (and the id lists), or all of it. */
export interface OmittedFact {
  id: string;
  title: string;
  omitted: 'citations' | 'data' | 'fact';
}

export interface FactBudget {
  countTokens: CountTokens;
  contextTokens: number;
  /** Tokens reserved for the reply (sent as the request's `maxTokens`). */
  answerTokens: number;
}

export interface FactLayout {
  /** The messages for an evidence body (the kept facts' blocks) and the facts left out entirely. */
  compose: (blocks: readonly string[], dropped: number) => ChatMessage[];
  render: (fact: Fact, detail: FactDetail) => string;
}

export interface FittedFacts {
  messages: ChatMessage[];
  kept: { fact: Fact; detail: FactDetail }[];
  omitted: OmittedFact[];
  promptTokens: number;
}

type Level = FactDetail | 'dropped';
const LEVELS: readonly Level[] = ['full', 'no-citations', 'no-data', 'dropped'];
const OMITTED: Record<Exclude<Level, 'full'>, OmittedFact['omitted']> = { 'no-citations': 'citations', 'no-data': 'data', dropped: 'fact' };

/**
 * Fits facts (most important first) into the context window: when they do not fit, the least important lose
 * their cited id lists first, then (all of those gone) their data, then whole facts go, from the last up.
 * The result is checked on the actual messages; it never exceeds `contextTokens - answerTokens`. Throws
 * LlmError `budget` when not even the question and the instructions fit, or when no fact fits at all.
 */
export function fitFacts(facts: readonly Fact[], budget: FactBudget, layout: FactLayout): FittedFacts {
  const limit = budget.contextTokens - budget.answerTokens;
  const fixed = promptTokens(budget.countTokens, layout.compose([], 0));
  if (fixed > limit) throw new LlmError('budget', `the instructions and question need ${fixed} tokens; ${limit} are left after reserving ${budget.answerTokens} for the answer`);
  const levels: Level[] = facts.map(() => 'full');
  const cost = costTable(facts, budget.countTokens, layout);
  let total = fixed + facts.reduce((n, _, i) => n + cost(i, 'full'), 0);
  for (const level of LEVELS.slice(1)) {
    for (let i = facts.length - 1; i >= 0 && total > limit; i--) {
      total += cost(i, level) - cost(i, levels[i] ?? 'full');
      levels[i] = level;
    }
  }
  return settle(facts, levels, budget, layout, limit);
}

function costTable(facts: readonly Fact[], count: CountTokens, layout: FactLayout): (i: number, level: Level) => number {
  const memo = new Map<string, number>();
  return (i, level) => {
    if (level === 'dropped') return 0;
    const key = `${i}:${level}`;
    let value = memo.get(key);
    if (value === undefined) {
      value = count(layout.render(facts[i]!, level)) + 1;
      memo.set(key, value);
    }
    return value;
  };
}

/** Composes the chosen levels; while the real count is over (counts of parts need not add up), drops more. */
function settle(facts: readonly Fact[], levels: Level[], budget: FactBudget, layout: FactLayout, limit: number): FittedFacts {
  for (;;) {
    const kept = facts.flatMap((fact, i) => (levels[i] === 'dropped' ? [] : [{ fact, detail: levels[i] as FactDetail }]));
    if (facts.length > 0 && kept.length === 0) {
      throw new LlmError('budget', `no fact fits in ${limit} prompt tokens (context ${budget.contextTokens}, answer ${budget.answerTokens})`);
    }
    const messages = layout.compose(kept.map((k) => layout.render(k.fact, k.detail)), facts.length - kept.length);
    const tokens = promptTokens(budget.countTokens, messages);
    if (tokens <= limit) {
      const omitted = facts.flatMap((fact, i) => {
        const level = levels[i] ?? 'full';
        return level === 'full' ? [] : [{ id: fact.id, title: fact.title, omitted: OMITTED[level] }];
      });
      return { messages, kept, omitted, promptTokens: tokens };
    }
    const last = levels.findLastIndex((l) => l !== 'dropped');
    levels[last] = 'dropped';
  }
}
