import { createProvider, providerDefinitions } from '../../assist/providers/registry.ts';
import type { LlmProvider, ProviderStatus } from '../../assist/providers/types.ts';
import { VigilError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';
import { line, number, paint, printJson, table, terminalSafe, type Output } from '../output.ts';
import { defineCommand } from './command.ts';
import { llmOverrides, withLlmOptions } from './llm-options.ts';

/** Exit code of `llm status` when the configured provider cannot answer (docs/cli.md). */
export const LLM_NOT_READY_EXIT = 1;
/** Upper bound on the whole check; each provider's own status limit is shorter. */
const STATUS_WAIT_MS = 30_000;

/** `vigil llm status --json` (docs/cli.md). */
export interface LlmStatusReport extends ProviderStatus {
  title: string;
  checked: boolean;
  contextTokens: number;
  /** An LLM will narrate answers: configured, reachable, its models present. Always false for `none`. */
  usable: boolean;
  /** Said plainly whenever prompts (log data) would leave this machine. */
  warning?: string;
  note?: string;
}

export const llmCommand = defineCommand({
  name: 'llm',
  define: (c) =>
    withLlmOptions(
      c
        .description('Check the LLM provider: `vigil llm status` shows what is configured, whether it answers and which models it has.')
        .argument('[action]', 'status (default)', 'status'),
    ),
  async run(ctx: CliContext, args, options) {
    const action = args[0] as string;
    if (action !== 'status') throw new VigilError('E_USAGE', `llm: unknown action ${action} (status)`);
    const provider = createProvider(ctx.config().llm ?? {}, llmOverrides(options));
    try {
      const report = await statusReport(provider);
      if (ctx.output.json) printJson(ctx.output, report);
      else printReport(ctx.output, report);
      return report.provider === 'none' || report.usable ? 0 : LLM_NOT_READY_EXIT;
    } finally {
      await provider.close();
    }
  },
});

export async function statusReport(provider: LlmProvider): Promise<LlmStatusReport> {
  const status = provider.id === 'none' ? await provider.status() : await provider.status(AbortSignal.timeout(STATUS_WAIT_MS));
  const title = providerDefinitions().find((d) => d.id === provider.id)?.title ?? provider.id;
  const usable = status.provider !== 'none' && status.configured && status.reachable && status.modelAvailable !== false && status.embedModelAvailable !== false;
  const warning = status.local ? undefined : leavesMachine(status);
  const note = status.provider === 'none' ? 'no LLM is configured: answers are computed from the store alone; no network connection was made' : undefined;
  return { ...status, title, checked: status.checked ?? false, contextTokens: provider.contextTokens, usable, ...(warning === undefined ? {} : { warning }), ...(note === undefined ? {} : { note }) };
}

function leavesMachine(status: ProviderStatus): string {
  const host = status.endpoint === undefined ? 'the server' : new URL(status.endpoint).host;
  const who = status.provider === 'anthropic' ? `Anthropic (${host}), a hosted service` : host;
  return `prompts, including log data from your store, are sent to ${who}: they leave this machine`;
}

function printReport(o: Output, r: LlmStatusReport): void {
  if (r.warning !== undefined) line(o, paint(o, 'yellow', `warning: ${r.warning}`));
  if (r.provider === 'none') {
    line(o, `${paint(o, 'bold', 'provider')}  none: ${r.note ?? ''}`);
    line(o, 'To use an LLM, set llm.provider and llm.model in vigil.config.yml (docs/assist-providers.md).');
    return;
  }
  const yes = (value: boolean | undefined, good: string, bad: string) => (value === undefined ? '' : value ? paint(o, 'green', good) : paint(o, 'red', bad));
  const rows: string[][] = [
    ['provider', `${r.provider}: ${r.title}`],
    ['configured', r.configured ? 'yes' : paint(o, 'red', 'no')],
    ['endpoint', `${terminalSafe(r.endpoint ?? '-')} (${r.local ? 'this machine' : 'another machine'})`],
    ['reachable', r.checked ? yes(r.reachable, 'yes', 'no') : 'not checked'],
    ['model', `${terminalSafe(r.model ?? '(not set)')} ${yes(r.modelAvailable, '(available)', '(not on the server)')}`.trim()],
    ['embedding model', `${terminalSafe(r.embedModel ?? '(not set)')} ${yes(r.embedModelAvailable, '(available)', '(not on the server)')}`.trim()],
    ['context', `${number(r.contextTokens)} tokens`],
  ];
  if (r.models !== undefined) rows.push(['models', r.models.length === 0 ? '(none)' : r.models.map(terminalSafe).join(', ')]);
  if (r.error !== undefined) rows.push(['problem', paint(o, 'red', terminalSafe(r.error))]);
  line(o, table(rows, ''));
  line(o, r.usable ? paint(o, 'green', 'ready: answers will be narrated by this model') : paint(o, 'red', 'not ready: answers fall back to the deterministic path'));
}
