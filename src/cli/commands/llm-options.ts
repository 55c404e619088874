import { Option, type Command } from 'commander';
import type { ProviderOverrides } from '../../assist/providers/registry.ts';
import { PROVIDER_IDS, type ProviderId } from '../../schema/assist.ts';

/** `--llm <provider>` and `--model <name>`: the verbs that use an LLM (llm status, ask) take both. */
export function withLlmOptions(command: Command): Command {
  return command
    .addOption(new Option('--llm <provider>', 'LLM provider to use instead of llm.provider of the config').choices(PROVIDER_IDS))
    .option('--model <name>', 'model to use instead of llm.model of the config');
}

export function llmOverrides(options: Record<string, unknown>): ProviderOverrides {
  return {
    ...(typeof options.llm === 'string' ? { provider: options.llm as ProviderId } : {}),
    ...(typeof options.model === 'string' ? { model: options.model } : {}),
  };
}
