import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { VigilError } from '../../util/errors.ts';

/**
 * The ATT&CK table as committed in data/attack/enterprise-attack.json (written by scripts/gen-attack.ts from
 * the MITRE data). Every technique and tactic name, tactic list and URL that triage shows comes from here.
 */

const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;

export const AttackTacticSchema = z.object({
  id: z.string().regex(/^TA\d{4}$/),
  shortname: z.string().regex(/^[a-z]+(?:-[a-z]+)*$/),
  name: z.string().min(1),
  url: z.url(),
});
export type AttackTactic = z.infer<typeof AttackTacticSchema>;

export const AttackTechniqueSchema = z.object({
  id: z.string().regex(TECHNIQUE_ID),
  name: z.string().min(1),
  /** Tactic shortnames, in kill-chain order. */
  tactics: z.array(z.string()).min(1),
  url: z.url(),
});
export type AttackTechnique = z.infer<typeof AttackTechniqueSchema>;

export const AttackTableSchema = z.object({
  domain: z.literal('enterprise-attack'),
  /** ATT&CK release, without the `v` (`18.1`). */
  version: z.string().regex(/^\d+(?:\.\d+)*$/),
  source: z.string(),
  copyright: z.string(),
  license: z.string(),
  /** Kill-chain order (the order of the Enterprise matrix columns). */
  tactics: z.array(AttackTacticSchema).min(1),
  /** Sorted by id; sub-techniques follow their parent. */
  techniques: z.array(AttackTechniqueSchema).min(1),
});
export type AttackTable = z.infer<typeof AttackTableSchema>;

export const ATTACK_TABLE_FILE = 'data/attack/enterprise-attack.json';

/**
 * Where the table is, relative to this module: `src/triage/attack/` under tsx and `dist/triage/attack/` when
 * compiled both sit three levels below the package root; one more level covers a `dist/src/…` layout.
 */
const CANDIDATES = ['../../../', '../../../../'].map((up) => fileURLToPath(new URL(up + ATTACK_TABLE_FILE, import.meta.url)));

let cached: AttackTable | undefined;

/** The table, read and validated once per process. */
export function attackTable(): AttackTable {
  cached ??= loadAttackTable();
  return cached;
}

export function attackTablePath(): string {
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found === undefined) throw new VigilError('E_INTERNAL', `ATT&CK table not found (looked at ${CANDIDATES.join(', ')})`);
  return found;
}

function loadAttackTable(): AttackTable {
  const path = attackTablePath();
  const parsed = AttackTableSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new VigilError('E_INTERNAL', `ATT&CK table ${path} is invalid: ${parsed.error.message}`);
  return parsed.data;
}
