import type { Entities, RuleRef } from '../../schema/alert.ts';
import type { IncidentAlert } from '../../schema/incident.ts';
import { classifyIp } from '../../util/ip-class.ts';
import type { Line } from '../fold.ts';
import type { Criticality, ResolvedOptions } from '../options.ts';

/** Facts about an incident that scoring, recommendations and the narrative share. */

const FAILURE_TITLE = /\b(?:fail(?:ed|ure|ures|s)?|invalid|brute[- ]?forc\w*|spray\w*|guess\w*|denied|unsuccessful|(?:wrong|bad) password)\b/i;
const SUCCESS_TITLE = /\b(?:success(?:ful|fully)?|succeeded|accepted|logged (?:in|on))\b/i;
const NEGATED_SUCCESS = /\b(?:no|not|without|never)\s+(?:success|succeeded|accepted)/i;
const SPECIAL_PRIVILEGES = /\bspecial privileges\b|\b4672\b/i;

/** Says it succeeded, and does not say it did not (`brute force (no success)`). */
const saysSuccess = (title: string) => SUCCESS_TITLE.test(title) && !NEGATED_SUCCESS.test(title);

const isBruteForce = (t: string) => t === 'T1110' || t.startsWith('T1110.');
const isValidAccounts = (t: string) => t === 'T1078' || t.startsWith('T1078.');

/** A rule that itself reports a success after failures (tagged both brute force and valid accounts, or says so). */
function claimsSuccessAfterFailures(rule: RuleRef, line: IncidentAlert): boolean {
  const brute = line.techniques.some(isBruteForce);
  return (brute && line.techniques.some(isValidAccounts)) || (saysSuccess(rule.title) && (brute || FAILURE_TITLE.test(rule.title)));
}

export function isSuccessLine(line: IncidentAlert): boolean {
  if (FAILURE_TITLE.test(line.title)) return false;
  return saysSuccess(line.title) || (line.techniques.some(isValidAccounts) && !line.techniques.some(isBruteForce));
}

export function isFailureLine(line: IncidentAlert): boolean {
  return !isSuccessLine(line) && (line.techniques.some(isBruteForce) || FAILURE_TITLE.test(line.title));
}

/** Why the incident shows a success after failures, or undefined. */
export function successAfterFailures(lines: readonly Line[]): string | undefined {
  const ordered = lines.find((l) => l.line.type === 'temporal_ordered');
  if (ordered !== undefined) return `ordered correlation "${ordered.line.title}" completed: its later stage followed the earlier`;
  const claimed = lines.find((l) => claimsSuccessAfterFailures(l.rule, l.line));
  if (claimed !== undefined) return `rule "${claimed.line.title}" reports a success after failures`;
  for (const success of lines.filter((l) => isSuccessLine(l.line))) {
    for (const failure of lines.filter((l) => isFailureLine(l.line))) {
      const shared = sharedActor(success.line.entities, failure.line.entities);
      const after = failure.line.first_seen !== undefined && success.line.first_seen !== undefined && failure.line.first_seen <= success.line.first_seen;
      if (shared !== undefined && after) return `"${success.line.title}" at ${success.line.first_seen ?? ''} after "${failure.line.title}" for ${shared}`;
    }
  }
  return undefined;
}

function sharedActor(a: Entities, b: Entities): string | undefined {
  const lower = (list: readonly string[]) => new Set(list.map((v) => v.toLowerCase()));
  const ips = lower(b.source_ip);
  const ip = a.source_ip.find((v) => ips.has(v.toLowerCase()));
  if (ip !== undefined) return ip;
  const users = lower(b.user);
  return a.user.find((v) => users.has(v.toLowerCase()));
}

/** Failed attempts behind the failure-like lines: per-event matches summed, or the largest correlation. */
export function failedAttempts(lines: readonly Line[]): number {
  let matches = 0;
  let largest = 0;
  for (const { line } of lines) {
    if (!isFailureLine(line)) continue;
    if (line.type === 'match') matches += line.occurrences;
    else largest = Math.max(largest, line.occurrences);
  }
  return Math.max(matches, largest);
}

export interface ExternalSource {
  ip: string;
  documentation: boolean;
}

/**
 * Public source addresses. Documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 * 2001:db8::/32) count too: they stand in for public addresses in examples and tests.
 */
export function externalSources(entities: Entities): ExternalSource[] {
  const out: ExternalSource[] = [];
  for (const ip of entities.source_ip) {
    const cls = classifyIp(ip);
    if (cls === 'public' || cls === 'documentation') out.push({ ip, documentation: cls === 'documentation' });
  }
  return out;
}

/** Privileged accounts among the users (the bare name, without domain, is matched), and 4672-style rules. */
export function privilegedAccounts(entities: Entities, lines: readonly Line[], options: ResolvedOptions): string[] {
  const found = entities.user.filter((user) => {
    const bare = user.slice(user.lastIndexOf('\\') + 1).replace(/@.*$/, '');
    return options.privileged.some((re) => re.test(bare) || re.test(user));
  });
  const special = lines.find((l) => SPECIAL_PRIVILEGES.test(l.line.title));
  if (special !== undefined) found.push(`special privileges assigned ("${special.line.title}")`);
  return found;
}

export interface AssetMatch {
  value: string;
  pattern: string;
  criticality: Criticality;
}

const CRITICALITY_RANK: Record<Criticality, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The most critical asset among hosts and addresses (first matching rule per value). */
export function mostCriticalAsset(entities: Entities, options: ResolvedOptions): AssetMatch | undefined {
  let best: AssetMatch | undefined;
  for (const value of [...entities.host, ...entities.destination_ip, ...entities.source_ip]) {
    const rule = options.assets.find((a) => a.regex.test(value));
    if (rule === undefined) continue;
    if (best === undefined || CRITICALITY_RANK[rule.criticality] > CRITICALITY_RANK[best.criticality]) {
      best = { value, pattern: rule.pattern, criticality: rule.criticality };
    }
  }
  return best;
}
