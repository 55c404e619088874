import type { Command } from 'commander';
import type { AnalyzeOptions, RuleSelection } from '../../pipeline/analyze.ts';
import { VigilError } from '../../util/errors.ts';

/** Options of the verbs that run detection (analyze, hunt). */
export function withDetectOptions(command: Command, verb: 'analyze' | 'hunt'): Command {
  const described = verb === 'hunt'
    ? command
        .requiredOption('-r, --rules <paths...>', 'Sigma rule files or directories to run (e.g. a SigmaHQ checkout)')
        .option('--with-builtin', 'also run the built-in rule pack')
    : command
        .option('-r, --rules <paths...>', 'extra Sigma rule files or directories, run beside the built-in pack')
        .option('--no-builtin', 'do not run the built-in rule pack');
  return described.option('--gap <minutes>', 'alerts further apart than this never join one incident', parseMinutes, 60);
}

function parseMinutes(value: string): number {
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new VigilError('E_USAGE', `--gap expects minutes > 0, got ${value}`);
  return minutes;
}

export interface DetectFlags {
  rules?: string[];
  builtin?: boolean;
  withBuiltin?: boolean;
  gap: number;
}

export function detectOptions(flags: DetectFlags): RuleSelection & Omit<AnalyzeOptions, 'actor'> {
  const builtin = flags.withBuiltin === true || (flags.withBuiltin === undefined && flags.builtin !== false);
  return { builtin, extra: flags.rules ?? [], gapMinutes: flags.gap };
}
