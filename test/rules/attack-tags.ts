import { readFileSync } from 'node:fs';
import { stringList, type RuleDoc } from './pack-files.ts';

/**
 * ATT&CK tags of rule documents against an ATT&CK table: every `attack.tNNNN[.NNN]` must be a technique of the
 * table, and the document must carry at least one `attack.<tactic>` tag that is a tactic of its techniques.
 */

export interface AttackTable {
  /** Technique id (`T1003.001`) → tactic short names (`credential-access`); empty when the table has none. */
  techniques: Map<string, string[]>;
}

const TECHNIQUE_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/;
/** Tactic tags as Sigma writes them (ATT&CK short names); `attack.g…`/`attack.s…` are groups and software. */
const TACTIC_TAG = /^attack\.([a-z]+(?:-[a-z]+)*)$/;

/** Reads `{ techniques: [{ id, tactics }] }` or a bare array of such techniques. */
export function readAttackTable(path: string): AttackTable {
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const list: unknown = Array.isArray(data) ? data : (data as Record<string, unknown> | null)?.techniques;
  if (!Array.isArray(list)) throw new Error(`${path}: no technique list`);
  const techniques = new Map<string, string[]>();
  for (const item of list as unknown[]) {
    if (item === null || typeof item !== 'object') continue;
    const record = item as Record<string, unknown>;
    if (typeof record.id === 'string') techniques.set(record.id.toUpperCase(), stringList(record.tactics));
  }
  return { techniques };
}

export function techniqueTags(doc: RuleDoc): string[] {
  return stringList(doc.tags).flatMap((tag) => {
    const m = TECHNIQUE_TAG.exec(tag);
    return m?.[1] === undefined ? [] : [m[1].toUpperCase()];
  });
}

export function tacticTags(doc: RuleDoc): string[] {
  return stringList(doc.tags).flatMap((tag) => {
    const m = TACTIC_TAG.exec(tag);
    return m?.[1] === undefined ? [] : [m[1]];
  });
}

/** What is wrong with the ATT&CK tags of one document, as readable lines (empty when nothing is). */
export function attackTagProblems(doc: RuleDoc, table: AttackTable): string[] {
  const problems: string[] = [];
  const techniques = techniqueTags(doc);
  const tactics = tacticTags(doc);
  if (techniques.length === 0) problems.push('no attack.tNNNN technique tag');
  if (tactics.length === 0) problems.push('no attack.<tactic> tag');
  const allowed = new Set<string>();
  for (const id of techniques) {
    const known = table.techniques.get(id);
    if (known === undefined) problems.push(`${id} is not an ATT&CK technique`);
    else for (const tactic of known) allowed.add(tactic);
  }
  for (const tactic of tactics) {
    if (allowed.size > 0 && !allowed.has(tactic)) problems.push(`tactic ${tactic} belongs to none of ${techniques.join(', ')}`);
  }
  return problems;
}
