import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { PlaceholdersSchema, type VigilConfig } from '../schema/config.ts';
import { VigilError, errorMessage } from '../util/errors.ts';
import type { AnalyzeOptions, RuleSelection } from './analyze.ts';

/** What a detection run is asked for beside the configuration (the CLI's flags; the API's request body). */
export interface DetectFlags {
  rules?: string[];
  placeholders?: string;
  builtin?: boolean;
  withBuiltin?: boolean;
  gap?: number;
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

/**
 * The rule selection and triage options of a detection run: what it is asked for over the configuration file
 * (the request wins; an analysis adds the configured rule directories). `vigil analyze`, `vigil hunt` and
 * `POST /api/analyze` all resolve their options here.
 */
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
