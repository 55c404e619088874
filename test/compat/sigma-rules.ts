import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { LogSource } from '../../src/detect/types.ts';

/** SigmaHQ rule files read with the `yaml` package (the engine's loader lives elsewhere). */

export interface SigmaRuleDoc {
  file: string;
  id?: string;
  title?: string;
  logsource: LogSource;
  /** Field names used by the detection (modifiers removed); keyword-only rules have none. */
  fields: string[];
  keywords: boolean;
}

export function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(path));
    else if (entry.name.endsWith('.yml') || entry.name.endsWith('.yaml')) out.push(path);
  }
  return out.sort();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

function logsourceOf(value: unknown): LogSource {
  if (!isRecord(value)) return {};
  const out: LogSource = {};
  const product = lower(value['product']);
  const category = lower(value['category']);
  const service = lower(value['service']);
  if (product !== undefined) out.product = product;
  if (category !== undefined) out.category = category;
  if (service !== undefined) out.service = service;
  return out;
}

/** Field names of one search identifier; `keyword` is set when it holds plain values or `|modifier` keys. */
function searchFields(value: unknown, fields: Set<string>): boolean {
  let keyword = false;
  const maps = Array.isArray(value) ? value : [value];
  for (const item of maps) {
    if (!isRecord(item)) {
      keyword = true;
      continue;
    }
    for (const key of Object.keys(item)) {
      const name = key.split('|')[0] ?? '';
      if (name === '') keyword = true;
      else fields.add(name);
    }
  }
  return keyword;
}

function detectionFields(detection: unknown): { fields: string[]; keywords: boolean } {
  const fields = new Set<string>();
  let keywords = false;
  if (!isRecord(detection)) return { fields: [], keywords };
  for (const [name, value] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    if (searchFields(value, fields)) keywords = true;
  }
  return { fields: [...fields], keywords };
}

/** Every detection rule document of the given directories (correlation rules and documents without a logsource skipped). */
export function readSigmaRules(dirs: readonly string[]): SigmaRuleDoc[] {
  const out: SigmaRuleDoc[] = [];
  for (const dir of dirs) {
    for (const file of yamlFiles(dir)) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const value: unknown = doc.toJS();
        if (!isRecord(value) || !isRecord(value['logsource']) || !isRecord(value['detection'])) continue;
        const { fields, keywords } = detectionFields(value['detection']);
        out.push({
          file,
          id: typeof value['id'] === 'string' ? value['id'] : undefined,
          title: typeof value['title'] === 'string' ? value['title'] : undefined,
          logsource: logsourceOf(value['logsource']),
          fields,
          keywords,
        });
      }
    }
  }
  return out;
}
