import { TriageOptionsSchema, type TriageOptionsInput } from '../schema/incident.ts';
import { VigilError } from '../util/errors.ts';

export type Criticality = 'critical' | 'high' | 'medium' | 'low';

export interface AssetRule {
  pattern: string;
  criticality: Criticality;
  regex: RegExp;
}

/** Triage options, validated, with every pattern compiled once. */
export interface ResolvedOptions {
  gapMs: number;
  assets: AssetRule[];
  privileged: RegExp[];
  privilegedPatterns: string[];
}

/**
 * Accounts treated as privileged. Machine accounts (`WS-07$`) are not: they are the subject of most
 * system-level Windows events and would mark nearly every Windows incident privileged.
 */
export const DEFAULT_PRIVILEGED_USERS = [
  'root',
  'administrator',
  'admin',
  'sa',
  'domain admins',
  'enterprise admins',
  'adm.*',
  'adm-*',
  'adm_*',
  '*-adm',
  '*_adm',
  '*.adm',
  '*-admin',
  '*_admin',
];

export function resolveOptions(input: TriageOptionsInput = {}): ResolvedOptions {
  const parsed = TriageOptionsSchema.safeParse(input);
  if (!parsed.success) throw new VigilError('E_CONFIG', `invalid triage options: ${parsed.error.message}`);
  const options = parsed.data;
  const privilegedPatterns = [...DEFAULT_PRIVILEGED_USERS, ...options.privilegedUsers];
  return {
    gapMs: options.gapMinutes * 60_000,
    assets: options.assets.map((a) => ({ ...a, regex: globRegex(a.pattern) })),
    privileged: privilegedPatterns.map(globRegex),
    privilegedPatterns,
  };
}

/** `*` any run, `?` one character, everything else literal; whole value, case-insensitive. */
export function globRegex(glob: string): RegExp {
  let source = '';
  for (const ch of glob.replace(/\*+/g, '*')) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}
