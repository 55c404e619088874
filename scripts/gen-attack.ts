import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AttackTableSchema, ATTACK_TABLE_FILE, type AttackTable, type AttackTechnique } from '../src/triage/attack/table.ts';

/**
 * Writes the compact ATT&CK table that triage reads (data/attack/enterprise-attack.json) from the MITRE
 * Enterprise extract in the shared data, plus the ATT&CK licence it must travel with.
 *
 *   node --import tsx scripts/gen-attack.ts [source.json] [repo root]
 */

/** The columns of the Enterprise matrix, left to right. The source lists tactics by id, not in this order. */
export const KILL_CHAIN = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
] as const;

interface SourceTactic {
  id: string;
  shortname: string;
  name: string;
  url: string;
}

interface SourceTechnique {
  id: string;
  name: string;
  tactics: string[];
  url: string;
}

interface Source {
  source: string;
  version: string;
  tactics: SourceTactic[];
  techniques: SourceTechnique[];
}

const REPO_ROOT = resolve(import.meta.dirname, '..');
export const DEFAULT_SOURCE = join(REPO_ROOT, '..', 'shared', 'data', 'attack', 'enterprise-attack-v18.1.json');
const LICENSE_FILE = 'data/attack/LICENSE.txt';

/** Source JSON + its licence text → the validated table. Throws on anything unexpected. */
export function buildAttackTable(source: Source, licenseText: string): AttackTable {
  const rank = new Map<string, number>(KILL_CHAIN.map((shortname, i) => [shortname, i]));
  const unknown = source.tactics.filter((t) => !rank.has(t.shortname)).map((t) => t.shortname);
  if (unknown.length > 0 || source.tactics.length !== KILL_CHAIN.length) {
    throw new Error(`tactics differ from the Enterprise kill chain: unknown ${unknown.join(', ') || 'none'}, ${String(source.tactics.length)} in the source`);
  }
  const byChain = (a: string, b: string) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
  const tactics = [...source.tactics]
    .sort((a, b) => byChain(a.shortname, b.shortname))
    .map(({ id, shortname, name, url }) => ({ id, shortname, name, url }));
  const techniques: AttackTechnique[] = [...source.techniques]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ id, name, tactics: list, url }) => ({ id, name, tactics: [...list].sort(byChain), url }));
  return AttackTableSchema.parse({
    domain: 'enterprise-attack',
    version: source.version.replace(/^v/i, ''),
    source: source.source,
    copyright: copyrightOf(licenseText),
    license: `ATT&CK terms of use: ${LICENSE_FILE}`,
    tactics,
    techniques,
  });
}

function copyrightOf(licenseText: string): string {
  const line = licenseText.split(/\r?\n/).find((l) => l.startsWith('"©'));
  if (line === undefined) throw new Error('no copyright line in the ATT&CK licence');
  return line.replace(/^"|"$/g, '');
}

/** The ATT&CK part of MITRE's LICENSE.txt (it also covers CAPEC, which we do not ship). */
export function attackLicense(licenseText: string): string {
  const end = licenseText.indexOf('\nCAPEC');
  return `${(end < 0 ? licenseText : licenseText.slice(0, end)).trimEnd()}\n`;
}

/** Pretty at the top, one technique per line: small diffs when ATT&CK is updated. */
export function serializeAttackTable(table: AttackTable): string {
  const head = Object.entries(table)
    .filter(([key]) => key !== 'tactics' && key !== 'techniques')
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const list = (items: readonly unknown[]) => items.map((item, i) => `    ${JSON.stringify(item)}${i < items.length - 1 ? ',' : ''}`);
  return ['{', ...head, '  "tactics": [', ...list(table.tactics), '  ],', '  "techniques": [', ...list(table.techniques), '  ]', '}', ''].join('\n');
}

function main(args: string[]): void {
  const sourcePath = resolve(args[0] ?? DEFAULT_SOURCE);
  const root = resolve(args[1] ?? REPO_ROOT);
  const licensePath = join(dirname(sourcePath), 'LICENSE.txt');
  if (!existsSync(licensePath)) throw new Error(`${licensePath} is missing: the table may not be copied without it`);
  const licenseText = readFileSync(licensePath, 'utf8');
  const table = buildAttackTable(JSON.parse(readFileSync(sourcePath, 'utf8')) as Source, licenseText);
  mkdirSync(join(root, 'data', 'attack'), { recursive: true });
  writeFileSync(join(root, ATTACK_TABLE_FILE), serializeAttackTable(table));
  writeFileSync(join(root, LICENSE_FILE), attackLicense(licenseText));
  process.stdout.write(`ATT&CK ${table.version}: ${String(table.tactics.length)} tactics, ${String(table.techniques.length)} techniques → ${ATTACK_TABLE_FILE}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
