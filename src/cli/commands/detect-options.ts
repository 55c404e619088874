import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { AnalyzeOptions, RuleSelection } from '../../pipeline/analyze.ts';
import { PlaceholdersSchema, type VigilConfig } from '../../schema/config.ts';
import { VigilError, errorMessage } from '../../util/errors.ts';

/** Options of the verbs that run detection (analyze, hunt). */
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

/** Reads a placeholder file: a map of names (without `%`) to a value or a list of values. */
export function loadPlaceholders(path: string | undefined): Record<string, string[]> | undefined {
  if (path === undefined) return undefined;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new VigilError('E_CONFIG', `cannot read placeholder file ${path}: ${errorMessage(error)}`);
  }
  const parsed = PlaceholdersSchema.safeParse(raw);
  if (!parsed.success) throw new VigilError('E_CONFIG', `invalid placeholder file ${path}: expected a map of names to strings or lists of strings`);
  return placeholderValues(parsed.data);
}

function placeholderValues(map: z.infer<typeof PlaceholdersSchema>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k.replace(/^%|%$/g, ''), Array.isArray(v) ? v.map(String) : [String(v)]]));
}

function parseMinutes(value: string): number {
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new VigilError('E_USAGE', `--gap expects minutes > 0, got ${value}`);
  return minutes;
}

export interface DetectFlags {
  rules?: string[];
  placeholders?: string;
  builtin?: boolean;
  withBuiltin?: boolean;
  gap?: number;
}

/** Command-line options over the configuration file (options win; an analysis adds the configured rule directories). */
export function detectOptions(verb: 'analyze' | 'hunt', flags: DetectFlags, config: VigilConfig = {}): RuleSelection & Omit<AnalyzeOptions, 'actor'> {
  // A hunt runs the rules it is given (and the pack only with --with-builtin); an analysis runs the pack and
  // the configured rule directories, plus any given.
  const builtin = verb === 'hunt' ? flags.withBuiltin === true : flags.builtin !== false;
  const configured = verb === 'analyze' ? (config.detection?.rules ?? []) : [];
  const configPlaceholders = config.detection?.placeholders === undefined ? undefined : placeholderValues(config.detection.placeholders);
  return {
    builtin,
    extra: [...configured, ...(flags.rules ?? [])],
    gapMinutes: flags.gap ?? config.triage?.gapMinutes ?? 60,
    assets: config.triage?.assets,
    privilegedUsers: config.triage?.privilegedUsers,
    placeholders: loadPlaceholders(flags.placeholders) ?? configPlaceholders,
  };
}
