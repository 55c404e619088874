import type { Command } from 'commander';
import { VigilError } from '../../util/errors.ts';

/** Options of the verbs that run detection (analyze, hunt); `src/pipeline/detect-options.ts` resolves them. */
export function withDetectOptions(command: Command, verb: 'analyze' | 'hunt'): Command {
  const described = verb === 'hunt'
    ? command
        .requiredOption('-r, --rules <paths...>', 'Sigma rule files or directories to run (e.g. a SigmaHQ checkout)')
        .option('--with-builtin', 'also run the built-in rule pack')
    : command
        .option('-r, --rules <paths...>', 'extra Sigma rule files or directories, run beside the built-in pack')
        .option('--no-builtin', 'do not run the built-in rule pack');
  return withPlaceholders(described).option('--gap <minutes>', 'alerts further apart than this never join one incident (default 60, or triage.gapMinutes of the config)', parseMinutes);
}

export function withPlaceholders(command: Command): Command {
  return command.option('--placeholders <file>', 'YAML or JSON map of Sigma placeholder values for the expand modifier: {Workstations: [ws-*, lab-*]}');
}

function parseMinutes(value: string): number {
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new VigilError('E_USAGE', `--gap expects minutes > 0, got ${value}`);
  return minutes;
}
