import { setOwn, str } from '../../values.ts';
import type { FieldAlias } from '../aliases.ts';
import { convert, type Kind, type Value } from './convert.ts';
import { canon, flatten, type Entry } from './flatten.ts';
import { joinDateAndTime } from './time.ts';

export interface CompiledAlias {
  target: string;
  kind: Kind;
}

/** Where a canonical key appears in the table: which alias, at which rank among its keys. */
interface KeyRef {
  alias: number;
  rank: number;
}

export interface Compiled {
  aliases: readonly CompiledAlias[];
  keyIndex: ReadonlyMap<string, readonly KeyRef[]>;
  typeHints: ReadonlySet<string>;
  sourceHints: ReadonlySet<string>;
}

/** What a record's fields resolved to, before they are shaped into `EventFields`. */
export interface Resolved {
  /** Schema target → converted value. */
  values: Map<string, Value>;
  labels: Record<string, string>;
  typeHints: string[];
  sourceHints: string[];
  timeIsUtc: boolean;
}

export function compileAliases(table: readonly FieldAlias[]): Pick<Compiled, 'aliases' | 'keyIndex'> {
  const keyIndex = new Map<string, KeyRef[]>();
  table.forEach((alias, index) => {
    [...new Set(alias.keys.map(canon))].forEach((key, rank) => {
      const refs = keyIndex.get(key) ?? [];
      refs.push({ alias: index, rank });
      keyIndex.set(key, refs);
    });
  });
  return { aliases: table.map(({ target, kind }) => ({ target, kind })), keyIndex };
}

export function compileKeys(keys: readonly string[]): ReadonlySet<string> {
  return new Set(keys.map(canon));
}

interface Lookup {
  entries: Entry[];
  used: Set<Entry>;
}

/** The first unused entry for a canonical key: a whole-path match, else one under wrapper objects. */
function firstCandidate(lookup: Lookup, key: string): Entry | undefined {
  const free = lookup.entries.filter((e) => !lookup.used.has(e));
  return free.find((e) => e.canon === key) ?? free.find((e) => e.inner === key);
}

const TIME_NAMES = new Set(['@timestamp', 'timestamp', 'time', 'event.created']);
const LABEL_PREFIX = 'labels.';

/** The user mapping: each listed key goes to its schema path; unknown paths become labels of that name. */
function applyMapping(lookup: Lookup, mapping: Readonly<Record<string, string>>, compiled: Compiled, out: Resolved): void {
  for (const [key, rawTarget] of Object.entries(mapping)) {
    if (typeof rawTarget !== 'string') continue; // the mapping comes from user config
    const target = TIME_NAMES.has(rawTarget.trim()) ? '@timestamp' : rawTarget.trim();
    const entry = lookup.entries.find((e) => e.path === key && !lookup.used.has(e)) ?? firstCandidate(lookup, canon(key));
    if (entry === undefined) continue;
    const alias = compiled.aliases.find((a) => a.target === target || a.target === `event.${target}`);
    if (alias === undefined) {
      const label = target.startsWith(LABEL_PREFIX) ? target.slice(LABEL_PREFIX.length) : target;
      const value = labelValue(entry.value);
      if (value !== undefined && label !== '') {
        setOwn(out.labels, label, value);
        lookup.used.add(entry);
      }
      continue;
    }
    if (out.values.has(alias.target)) continue;
    const value = convert(alias.kind, entry.value);
    if (value === undefined) continue;
    out.values.set(alias.target, value);
    lookup.used.add(entry);
    if (alias.target === '@timestamp') out.timeIsUtc = entry.canon.includes('utc');
  }
}

/** Separate `date` and `time` columns (CSV exports, W3C-like logs) make one timestamp. */
function applyDateAndTime(lookup: Lookup, out: Resolved): void {
  if (out.values.has('@timestamp')) return;
  const date = firstCandidate(lookup, 'date');
  const clock = firstCandidate(lookup, 'time');
  if (date === undefined || clock === undefined) return;
  const joined = joinDateAndTime(date.value, clock.value);
  if (joined === undefined) return;
  out.values.set('@timestamp', joined);
  lookup.used.add(date).add(clock);
}

interface Candidate {
  entry: Entry;
  /** Key rank × 2, +1 when only the path under wrapper objects matched; lower wins. */
  score: number;
  order: number;
}

/** Entries grouped by the alias whose keys they match (one pass over the record, not over the table). */
function candidatesByAlias(lookup: Lookup, compiled: Compiled): Map<number, Candidate[]> {
  const byAlias = new Map<number, Candidate[]>();
  const add = (refs: readonly KeyRef[] | undefined, entry: Entry, tier: number, order: number): void => {
    for (const ref of refs ?? []) {
      const list = byAlias.get(ref.alias) ?? [];
      list.push({ entry, score: ref.rank * 2 + tier, order });
      byAlias.set(ref.alias, list);
    }
  };
  lookup.entries.forEach((entry, order) => {
    add(compiled.keyIndex.get(entry.canon), entry, 0, order);
    if (entry.inner !== undefined) add(compiled.keyIndex.get(entry.inner), entry, 1, order);
  });
  return byAlias;
}

function applyAliases(lookup: Lookup, compiled: Compiled, out: Resolved): void {
  const byAlias = candidatesByAlias(lookup, compiled);
  // Table order decides which field gets a key two fields share (`source` → dataset before source.ip).
  for (const index of [...byAlias.keys()].sort((x, y) => x - y)) {
    const alias = compiled.aliases[index];
    const candidates = byAlias.get(index);
    if (alias === undefined || candidates === undefined || out.values.has(alias.target)) continue;
    candidates.sort((x, y) => x.score - y.score || x.order - y.order);
    for (const { entry } of candidates) {
      if (lookup.used.has(entry)) continue;
      const value = convert(alias.kind, entry.value);
      if (value === undefined) continue;
      out.values.set(alias.target, value);
      lookup.used.add(entry);
      if (alias.target === '@timestamp') out.timeIsUtc = entry.canon.includes('utc');
      break;
    }
  }
}

function hintsFrom(lookup: Lookup, keys: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const entry of lookup.entries) {
    if (typeof entry.value !== 'string') continue;
    if (keys.has(entry.canon) || (entry.inner !== undefined && keys.has(entry.inner))) out.push(entry.value);
  }
  return out;
}

function labelValue(value: unknown): string | undefined {
  if (!Array.isArray(value)) return str(value);
  const items = value.flatMap((item) => {
    const s = str(item);
    return s === undefined ? [] : [s];
  });
  return items.length === 0 ? undefined : items.join(', ');
}

/** Resolves a record's fields: user mapping first, then the alias table; what is left becomes labels. */
export function resolveRecord(record: Record<string, unknown>, mapping: Readonly<Record<string, string>> | undefined, compiled: Compiled): Resolved {
  const lookup: Lookup = { entries: flatten(record), used: new Set() };
  const out: Resolved = { values: new Map(), labels: {}, typeHints: [], sourceHints: [], timeIsUtc: false };
  if (mapping !== undefined) applyMapping(lookup, mapping, compiled, out);
  applyDateAndTime(lookup, out);
  applyAliases(lookup, compiled, out);
  out.typeHints = hintsFrom(lookup, compiled.typeHints);
  out.sourceHints = hintsFrom(lookup, compiled.sourceHints);
  for (const entry of lookup.entries) {
    if (lookup.used.has(entry) || Object.hasOwn(out.labels, entry.path)) continue;
    const value = labelValue(entry.value);
    if (value !== undefined) setOwn(out.labels, entry.path, value);
  }
  return out;
}
