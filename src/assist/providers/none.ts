import { LlmConfigSchema } from '../../schema/assist.ts';
import { estimateTokens } from './tokens.ts';
import { defineProvider, LlmError, type LlmProvider } from './types.ts';

/** Only its budgeting helpers are ever used: answers come from the deterministic path. */
const NONE_CONTEXT_TOKENS = 8192;

/** The default: no LLM. Answers are computed from the store alone; nothing connects anywhere. */
export const noneProvider = defineProvider({
  id: 'none',
  title: 'No LLM (deterministic answers only; the default)',
  configSchema: LlmConfigSchema,
  create: (config): LlmProvider => ({
    id: 'none',
    model: undefined,
    local: true,
    contextTokens: config.contextTokens ?? NONE_CONTEXT_TOKENS,
    chat: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(new LlmError('config', 'no LLM provider is configured (llm.provider: none): use the deterministic answer')),
      }),
    }),
    countTokens: estimateTokens,
    status: () => Promise.resolve({ provider: 'none', configured: false, reachable: false, checked: false, local: true }),
    close: () => Promise.resolve(),
  }),
});
