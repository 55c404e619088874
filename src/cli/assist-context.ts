import type { Command } from 'commander';
import { Assistant } from '../assist/assistant.ts';
import { createAnswerCache } from '../assist/cache.ts';
import { configuredEmbedder } from '../assist/embedding.ts';
import { createProvider, effectiveLlmConfig } from '../assist/providers/registry.ts';
import { ANALYSIS_MODES, type AnalysisMode } from '../schema/assist.ts';
import type { Store } from '../store/index.ts';
import { VigilError } from '../util/errors.ts';
import { llmOverrides, withLlmOptions } from './commands/llm-options.ts';
import type { CliContext } from './context.ts';
import { paint } from './output.ts';

/** Options shared by `vigil ask` and `vigil chat`. */
export function assistOptions(command: Command): Command {
  return withLlmOptions(command.option('-m, --mode <mode>', `analysis mode: ${ANALYSIS_MODES.join(', ')} (default: assist.defaultMode of the config or the saved settings, else basic)`)).option(
    '--no-cache', 'compute the answer even if an identical question was answered on the same data');
}

export function parseMode(value: unknown): AnalysisMode {
  const mode = String(value);
  if (!(ANALYSIS_MODES as readonly string[]).includes(mode)) throw new VigilError('E_USAGE', `unknown mode ${mode} (${ANALYSIS_MODES.join(', ')})`);
  return mode as AnalysisMode;
}

/** `-m`, else the configured default mode (the config file, or the settings saved from the API), else basic. */
export function modeOption(ctx: CliContext, options: Record<string, unknown>): AnalysisMode {
  return parseMode(options.mode ?? ctx.config().assist?.defaultMode ?? 'basic');
}

/** The assistant for this invocation: provider and cache from the config, overridden by the options. */
export function createAssistant(ctx: CliContext, store: Store, options: Record<string, unknown>): Assistant {
  const config = ctx.config();
  const provider = createProvider(config.llm ?? {}, llmOverrides(options));
  const cache = createAnswerCache(config.assist?.cache);
  if (!provider.local && !ctx.output.json && !ctx.output.quiet) {
    ctx.output.err.write(paint(ctx.output, 'yellow', `note: provider ${provider.id} is a hosted service: the question and the log evidence leave this machine.\n`));
  }
  return new Assistant(store, provider, cache, { actor: ctx.actor, embedder: configuredEmbedder(provider, effectiveLlmConfig(config.llm ?? {}, llmOverrides(options))) });
}
