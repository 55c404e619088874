import type { Entities } from '../../schema/alert.ts';
import type { Recommendations, TechniqueRef } from '../../schema/incident.ts';
import { classifyIp } from '../../util/ip-class.ts';
import { parentTechniqueId } from '../attack/index.ts';
import { listOf } from '../score/severity.ts';
import { CREDENTIAL_GUIDANCE } from './guidance/credentials.ts';
import { DISCOVERY_GUIDANCE } from './guidance/discovery.ts';
import { EVASION_GUIDANCE } from './guidance/evasion.ts';
import { EXECUTION_GUIDANCE } from './guidance/execution.ts';
import { NETWORK_GUIDANCE } from './guidance/network.ts';
import { DEFAULT_GUIDANCE, TACTIC_GUIDANCE } from './guidance/tactics.ts';
import type { Guidance, GuidanceTable } from './types.ts';

export type { Guidance, GuidanceTable } from './types.ts';

/** Guidance by technique id. */
export const TECHNIQUE_GUIDANCE: GuidanceTable = {
  ...CREDENTIAL_GUIDANCE,
  ...EXECUTION_GUIDANCE,
  ...NETWORK_GUIDANCE,
  ...DISCOVERY_GUIDANCE,
  ...EVASION_GUIDANCE,
};

/** At most this many recommendations per group; the first techniques in kill-chain order come first. */
export const MAX_PER_GROUP = 10;

const GROUPS = ['containment', 'investigation', 'mitigation'] as const;
const PLACEHOLDER = /\{(ip|external_ip|internal_ip|user|host|dst)\}/g;
const INTERNAL = new Set(['private', 'shared', 'link-local']);

export interface RecommendationInput {
  /** Kill-chain order. */
  techniques: readonly TechniqueRef[];
  /** Tactic shortnames of the incident (techniques' and tags'). */
  tactics: readonly string[];
  /** A success after failures: the account is treated as compromised (Valid Accounts guidance first). */
  compromised: boolean;
  entities: Entities;
}

/**
 * Per technique: its parent's guidance (the broader, stronger actions), then its own; the groups neither covers come from the technique's first
 * tactic. Tactics that no technique covered add their own. Nothing at all: the default. Entities are
 * substituted.
 */
export function recommend(input: RecommendationInput): Recommendations {
  const picked = pickGuidance(input);
  const values = placeholderValues(input.entities);
  const out: Recommendations = { containment: [], investigation: [], mitigation: [] };
  for (const group of GROUPS) {
    for (const guidance of picked) {
      for (const template of guidance[group] ?? []) {
        const text = substitute(template, values);
        if (text !== undefined && !out[group].includes(text) && out[group].length < MAX_PER_GROUP) out[group].push(text);
      }
    }
  }
  return out;
}

function pickGuidance(input: RecommendationInput): Guidance[] {
  const ids = input.techniques.map((t) => t.id);
  if (input.compromised && !ids.some((id) => parentTechniqueId(id) === 'T1078')) ids.unshift('T1078');
  const picked: Guidance[] = [];
  const covered = new Set<string>();
  const add = (g: Guidance | undefined) => {
    if (g !== undefined && !picked.includes(g)) picked.push(g);
  };
  for (const id of ids) {
    const own = TECHNIQUE_GUIDANCE[id];
    const parent = parentTechniqueId(id) === id ? undefined : TECHNIQUE_GUIDANCE[parentTechniqueId(id)];
    const tactics = input.techniques.find((t) => t.id === id)?.tactics ?? [];
    tactics.forEach((t) => covered.add(t));
    add(parent);
    add(own);
    // Groups that neither the technique nor its parent covers come from its first tactic.
    const missing = GROUPS.filter((g) => (own?.[g] ?? []).length + (parent?.[g] ?? []).length === 0);
    const tactic = tactics[0] === undefined ? undefined : TACTIC_GUIDANCE[tactics[0]];
    if (tactic !== undefined && missing.length > 0) picked.push(Object.fromEntries(missing.map((g) => [g, tactic[g] ?? []])));
  }
  for (const tactic of input.tactics) if (!covered.has(tactic)) add(TACTIC_GUIDANCE[tactic]);
  if (picked.length === 0) add(DEFAULT_GUIDANCE);
  return picked;
}

type Values = Record<'ip' | 'external_ip' | 'internal_ip' | 'user' | 'host' | 'dst', string[]>;

const FALLBACK: Record<'ip' | 'user' | 'host' | 'dst', string> = {
  ip: 'the source addresses',
  user: 'the affected accounts',
  host: 'the affected hosts',
  dst: 'the destination addresses',
};

function placeholderValues(entities: Entities): Values {
  const cls = (ip: string) => classifyIp(ip);
  return {
    ip: entities.source_ip,
    external_ip: entities.source_ip.filter((ip) => cls(ip) === 'public' || cls(ip) === 'documentation'),
    internal_ip: entities.source_ip.filter((ip) => INTERNAL.has(cls(ip) ?? '')),
    user: entities.user,
    host: entities.host,
    dst: entities.destination_ip,
  };
}

/** The template with entity values in; undefined when it names a required entity the incident lacks. */
export function substitute(template: string, values: Values): string | undefined {
  let missing = false;
  const text = template.replace(PLACEHOLDER, (_, name: keyof Values) => {
    const list = values[name];
    if (list.length > 0) return listOf(list);
    if (name === 'external_ip' || name === 'internal_ip') missing = true;
    else return FALLBACK[name];
    return '';
  });
  return missing ? undefined : text;
}
