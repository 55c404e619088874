import { ip, ipPort, setOwn, str } from '../../values.ts';
import type { FieldAlias } from '../aliases.ts';
import { convert, type Kind, type Value } from './convert.ts';
import { canon, leaves, planShape, type Leaves, type Shape } from './flatten.ts';
import { joinDateAndTime } from './time.ts';

export interface CompiledAlias {
  target: string;
  kind: Kind;
}

/** Where a canonical key appears in the table: which alias, at which rank among its keys. */
export interface KeyRef {
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

/** One record being resolved: its leaves, the plan for their shape, and which leaves are taken. */
interface Lookup {
  leaves: Leaves;
  shape: Shape;
  used: Uint8Array;
  /** Ports written into the address a source or destination IP came from (`10.0.0.5:51234`); made when one is. */
  addressPorts?: Map<string, number>;
}

const PORT_OF_ADDRESS: Readonly<Record<string, string>> = { 'source.ip': 'source.port', 'destination.ip': 'destination.port' };

/** Sets a target's value; an address with its port also offers the port, should no port field be given. */
function take(lookup: Lookup, entry: number, target: string, value: Value, out: Resolved): void {
  out.values.set(target, value);
  lookup.used[entry] = 1;
  const portTarget = PORT_OF_ADDRESS[target];
  const raw = lookup.leaves.values[entry];
  if (portTarget === undefined || typeof raw !== 'string' || ip(raw) !== undefined) return;
  const written = ipPort(raw.trim()).port;
  if (written !== undefined) (lookup.addressPorts ??= new Map()).set(portTarget, written);
}

/** The first unused leaf for a canonical key: a whole-path match, else one under wrapper objects. */
function firstCandidate(lookup: Lookup, key: string): number | undefined {
  const { shape, used } = lookup;
  for (let i = 0; i < used.length; i++) if (used[i] === 0 && shape.canon[i] === key) return i;
  for (let i = 0; i < used.length; i++) if (used[i] === 0 && shape.inner[i] === key) return i;
  return undefined;
}

const TIME_NAMES = new Set(['@timestamp', 'timestamp', 'time', 'event.created']);
const LABEL_PREFIX = 'labels.';

/** The user mapping: each listed key goes to its schema path; unknown paths become labels of that name. */
function applyMapping(lookup: Lookup, mapping: Readonly<Record<string, string>>, compiled: Compiled, out: Resolved): void {
  const { leaves, shape, used } = lookup;
  for (const [key, rawTarget] of Object.entries(mapping)) {
    if (typeof rawTarget !== 'string') continue; // the mapping comes from user config
    const target = TIME_NAMES.has(rawTarget.trim()) ? '@timestamp' : rawTarget.trim();
    let entry = leaves.paths.findIndex((path, i) => path === key && used[i] === 0);
    if (entry < 0) entry = firstCandidate(lookup, canon(key)) ?? -1;
    if (entry < 0) continue;
    const alias = compiled.aliases.find((a) => a.target === target || a.target === `event.${target}`);
    if (alias === undefined) {
      const label = target.startsWith(LABEL_PREFIX) ? target.slice(LABEL_PREFIX.length) : target;
      const value = labelValue(leaves.values[entry]);
      if (value !== undefined && label !== '') {
        setOwn(out.labels, label, value);
        used[entry] = 1;
      }
      continue;
    }
    if (out.values.has(alias.target)) continue;
    const value = convert(alias.kind, leaves.values[entry]);
    if (value === undefined) continue;
    take(lookup, entry, alias.target, value, out);
    if (alias.target === '@timestamp') out.timeIsUtc = shape.canon[entry]!.includes('utc');
  }
}

/** Separate `date` and `time` columns (CSV exports, W3C-like logs) make one timestamp. */
function applyDateAndTime(lookup: Lookup, out: Resolved): void {
  if (out.values.has('@timestamp')) return;
  const date = firstCandidate(lookup, 'date');
  const clock = firstCandidate(lookup, 'time');
  if (date === undefined || clock === undefined) return;
  const joined = joinDateAndTime(lookup.leaves.values[date], lookup.leaves.values[clock]);
  if (joined === undefined) return;
  out.values.set('@timestamp', joined);
  lookup.used[date] = 1;
  lookup.used[clock] = 1;
}

/** Table order decides which field gets a key two fields share (`source` → dataset before source.ip). */
function applyAliases(lookup: Lookup, compiled: Compiled, out: Resolved): void {
  const { leaves, shape, used } = lookup;
  for (const { alias: index, leaves: candidates } of shape.aliases) {
    const alias = compiled.aliases[index];
    if (alias === undefined || out.values.has(alias.target)) continue;
    for (const entry of candidates) {
      if (used[entry] === 1) continue;
      const value = convert(alias.kind, leaves.values[entry]);
      if (value === undefined) continue;
      take(lookup, entry, alias.target, value, out);
      if (alias.target === '@timestamp') out.timeIsUtc = shape.canon[entry]!.includes('utc');
      break;
    }
  }
}

function hintsFrom(leaves: Leaves, indexes: readonly number[]): string[] {
  const out: string[] = [];
  for (const i of indexes) {
    const value = leaves.values[i];
    if (typeof value === 'string') out.push(value);
  }
  return out;
}

/** A leaf as a label: scalars as text, arrays of scalars joined with `, `; objects and placeholders give nothing. */
export function labelValue(value: unknown): string | undefined {
  if (!Array.isArray(value)) return str(value);
  const items = value.flatMap((item) => {
    const s = str(item);
    return s === undefined ? [] : [s];
  });
  return items.length === 0 ? undefined : items.join(', ');
}

/**
 * Resolves a record's fields: user mapping first, then the alias table; what is left becomes labels.
 * Which leaf may fill which field depends on the record's keys only, so it is planned once per shape of
 * record (flatten.ts) and each record only converts its values.
 */
export function resolveRecord(record: Record<string, unknown>, mapping: Readonly<Record<string, string>> | undefined, compiled: Compiled): Resolved {
  const found = leaves(record);
  const lookup: Lookup = { leaves: found, shape: planShape(found.paths, compiled), used: new Uint8Array(found.paths.length) };
  const out: Resolved = { values: new Map(), labels: {}, typeHints: [], sourceHints: [], timeIsUtc: false };
  if (mapping !== undefined) applyMapping(lookup, mapping, compiled, out);
  applyDateAndTime(lookup, out);
  applyAliases(lookup, compiled, out);
  if (lookup.addressPorts !== undefined) for (const [target, port] of lookup.addressPorts) if (!out.values.has(target)) out.values.set(target, port);
  out.typeHints = hintsFrom(found, lookup.shape.typeHints);
  out.sourceHints = hintsFrom(found, lookup.shape.sourceHints);
  const { paths, values } = found;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    if (lookup.used[i] === 1 || Object.hasOwn(out.labels, path)) continue;
    const value = labelValue(values[i]);
    if (value !== undefined) setOwn(out.labels, path, value);
  }
  return out;
}
