import type { FieldGetter } from '../../types.ts';

/**
 * How one Sigma field name is read, by the kind of record an event came from: Windows event records
 * (`win`, raw EventData), auditd records (`audit`, the original record text) and everything else
 * (`other`, our schema fields). A missing kind falls back to `other` (our schema fields exist on every event).
 */
export interface FieldDef {
  win?: FieldGetter;
  audit?: FieldGetter;
  other?: FieldGetter;
}

/** A table of Sigma names for one family of logsources. */
export interface Taxonomy {
  id: string;
  /** Case-insensitive unless the source's own names differ only by case (auditd: `SYSCALL` vs `syscall`). */
  caseSensitive: boolean;
  get(name: string): FieldDef | undefined;
  names(): readonly string[];
}

export function taxonomy(id: string, entries: Readonly<Record<string, FieldDef>>, caseSensitive = false): Taxonomy {
  const exact = new Map(Object.entries(entries));
  const folded = new Map<string, FieldDef>();
  for (const [name, def] of exact) if (!folded.has(name.toLowerCase())) folded.set(name.toLowerCase(), def);
  return {
    id,
    caseSensitive,
    get: (name) => exact.get(name) ?? (caseSensitive ? undefined : folded.get(name.toLowerCase())),
    names: () => [...exact.keys()],
  };
}

/** Entries that read our schema fields for every kind of event. */
export function ecsEntries(map: Readonly<Record<string, FieldGetter>>): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const [name, getter] of Object.entries(map)) out[name] = { other: getter };
  return out;
}
