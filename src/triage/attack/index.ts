import type { TacticRef, TechniqueRef } from '../../schema/incident.ts';
import { attackTable, type AttackTactic, type AttackTechnique } from './table.ts';

export { attackTable, attackTablePath, ATTACK_TABLE_FILE, type AttackTable } from './table.ts';

/** Lookups over the ATT&CK table, built once on first use. */
interface Index {
  techniques: Map<string, AttackTechnique>;
  tactics: Map<string, AttackTactic>;
  rank: Map<string, number>;
}

let index: Index | undefined;

function lookup(): Index {
  if (index !== undefined) return index;
  const table = attackTable();
  const tactics = new Map<string, AttackTactic>();
  for (const tactic of table.tactics) {
    tactics.set(tactic.shortname, tactic);
    tactics.set(tactic.id.toLowerCase(), tactic);
  }
  index = {
    techniques: new Map(table.techniques.map((t) => [t.id, t])),
    tactics,
    rank: new Map(table.tactics.map((t, i) => [t.shortname, i])),
  };
  return index;
}

/** The ATT&CK release of the table (`18.1`). */
export function attackVersion(): string {
  return attackTable().version;
}

export function normalizeTechniqueId(id: string): string {
  return id.trim().toUpperCase();
}

/** `T1110.001` → `T1110`; a technique id is its own parent. */
export function parentTechniqueId(id: string): string {
  const dot = id.indexOf('.');
  return dot < 0 ? id : id.slice(0, dot);
}

/** A technique as incidents carry it. An id the table lacks is kept (name = id, no URL) and flagged. */
export function techniqueRef(rawId: string): TechniqueRef {
  const id = normalizeTechniqueId(rawId);
  const found = lookup().techniques.get(id);
  if (found === undefined) return { id, name: id, tactics: [], known: false };
  return { id, name: found.name, tactics: [...found.tactics], url: found.url, known: true };
}

/** A tactic by shortname (`credential-access`), Sigma tag spelling (`credential_access`) or id (`TA0006`). */
export function tacticRef(key: string): TacticRef | undefined {
  const found = lookup().tactics.get(key.trim().toLowerCase().replaceAll('_', '-'));
  return found === undefined ? undefined : { ...found };
}

/** The tactic shortnames named by Sigma tags (`attack.credential-access`, `attack.ta0006`), table order. */
export function tacticsOfTags(tags: readonly string[]): string[] {
  const found = new Set<string>();
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (!lower.startsWith('attack.')) continue;
    const tactic = tacticRef(lower.slice('attack.'.length));
    if (tactic !== undefined) found.add(tactic.shortname);
  }
  return sortTactics([...found]);
}

/** Position of a tactic in the kill chain; unknown shortnames sort last. */
export function killChainRank(shortname: string): number {
  return lookup().rank.get(shortname) ?? Number.MAX_SAFE_INTEGER;
}

export function sortTactics(shortnames: readonly string[]): string[] {
  return [...new Set(shortnames)].sort((a, b) => killChainRank(a) - killChainRank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Kill-chain order of each technique's first tactic, then id; unknown techniques last. */
export function sortTechniques(refs: readonly TechniqueRef[]): TechniqueRef[] {
  const first = (t: TechniqueRef) => (t.tactics[0] === undefined ? Number.MAX_SAFE_INTEGER : killChainRank(t.tactics[0]));
  return [...refs].sort((a, b) => first(a) - first(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The kill-chain-ordered tactic refs for a set of shortnames (unknown shortnames are dropped). */
export function tacticRefs(shortnames: readonly string[]): TacticRef[] {
  return sortTactics(shortnames)
    .map((s) => tacticRef(s))
    .filter((t): t is TacticRef => t !== undefined);
}
