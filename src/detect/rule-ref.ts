import type { RuleLevel, RuleRef } from '../schema/alert.ts';
import { RuleLevelSchema, RuleStatusSchema } from '../schema/alert.ts';
import { contentHash } from '../util/hash.ts';

/** The parts of a Sigma rule document (detection or correlation) that every alert carries. */
export function ruleRefOf(doc: Record<string, unknown>, origin: RuleRef['origin'], file: string): RuleRef {
  const tags = Array.isArray(doc.tags) ? doc.tags.filter((t): t is string => typeof t === 'string') : [];
  const id = typeof doc.id === 'string' && doc.id !== '' ? doc.id : typeof doc.name === 'string' && doc.name !== '' ? doc.name : `file-${contentHash([file], 16)}`;
  const title = typeof doc.title === 'string' && doc.title !== '' ? doc.title : id;
  const status = RuleStatusSchema.safeParse(typeof doc.status === 'string' ? doc.status.toLowerCase() : undefined);
  return { id, title, level: levelOf(doc.level), tags, techniques: techniquesOf(tags), origin, file, ...(status.success ? { status: status.data } : {}) };
}

/** Sigma levels; a missing or unknown level reads as `medium`, the specification's most common default. */
export function levelOf(value: unknown): RuleLevel {
  const parsed = RuleLevelSchema.safeParse(typeof value === 'string' ? value.toLowerCase() : value);
  return parsed.success ? parsed.data : 'medium';
}

const TECHNIQUE_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

/** `attack.t1110.001` → `T1110.001`, distinct, in tag order. */
export function techniquesOf(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const m = TECHNIQUE_TAG.exec(tag);
    const id = m?.[1]?.toUpperCase();
    if (id !== undefined && !out.includes(id)) out.push(id);
  }
  return out;
}
