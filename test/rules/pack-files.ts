import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The built-in rule pack as files: rule files, their cases files, and the YAML documents of each rule file. */

export const RULES_DIR = join(import.meta.dirname, '..', '..', 'rules');
export const CASES_SUFFIX = '.cases.yml';

export interface PackFiles {
  /** Rule files relative to the pack directory, `/`-separated, sorted. */
  rules: string[];
  cases: string[];
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) out.push(path);
  }
}

export function packFiles(root = RULES_DIR): PackFiles {
  const all: string[] = [];
  walk(root, all);
  const names = all.map((path) => relative(root, path).split(sep).join('/')).sort();
  return { rules: names.filter((n) => !n.endsWith(CASES_SUFFIX)), cases: names.filter((n) => n.endsWith(CASES_SUFFIX)) };
}

/** `web/sqli.yml` → `web/sqli.cases.yml` (and `.yaml` alike). */
export function casesFileOf(ruleFile: string): string {
  return ruleFile.replace(/\.ya?ml$/, CASES_SUFFIX);
}

export type RuleDoc = Record<string, unknown>;

/** Every YAML document of a rule file as plain data; a YAML error throws with the file name. */
export function ruleDocs(ruleFile: string, root = RULES_DIR): RuleDoc[] {
  const text = readFileSync(join(root, ruleFile), 'utf8');
  return parseAllDocuments(text).map((doc, index) => {
    if (doc.errors.length > 0) throw new Error(`${ruleFile} document ${index + 1}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${ruleFile} document ${index + 1}: not a mapping`);
    return value as RuleDoc;
  });
}

export function isCorrelation(doc: RuleDoc): boolean {
  return doc.correlation !== undefined;
}

/** Names and ids a correlation refers to. */
export function correlationRefs(doc: RuleDoc): string[] {
  const correlation = doc.correlation;
  if (correlation === null || typeof correlation !== 'object') return [];
  const rules = (correlation as Record<string, unknown>).rules;
  const list = Array.isArray(rules) ? rules : [rules];
  return list.filter((r): r is string => typeof r === 'string');
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
