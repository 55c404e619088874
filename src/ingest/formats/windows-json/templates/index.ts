import { isObject } from '../../../format.ts';
import { setOwn } from '../../../values.ts';
import { OTHER_TEMPLATES } from './operational.ts';
import type { TemplateRow } from './row.ts';
import { SECURITY_AUDITING_TEMPLATES } from './security.ts';
import { SYSMON_TEMPLATES } from './sysmon.ts';

/**
 * EventData by position. Some exports keep an event's values but not their names: Get-WinEvent's `Properties` are
 * the values in template order. With the template of the event's provider, id and version they get back the names
 * an EVTX file or XML export carries, rendered as Windows renders them (`0x3e7`, `{guid}`), so the event reads the
 * same whatever the language of its message, or with no message at all.
 *
 * The tables (security.ts, sysmon.ts, operational.ts) were generated from Windows' event manifests (as extracted by
 * airbus-cert/etl-parser) and Sysmon's schemas (`sysmon -s`, 2.0–4.91); which numbers Windows renders in hexadecimal
 * was taken from real exports. The shared data's EVTX files check the order (test/compat/winevent-properties.test.ts).
 */

type Kind = 'text' | 'hex' | 'guid';

export interface Slot {
  name: string;
  kind: Kind;
}

interface Layout {
  version: number;
  slots: readonly Slot[];
  /** The slots by lower-case name, made when first asked for. */
  byName?: ReadonlyMap<string, Slot>;
}

const SOURCES: ReadonlyMap<string, readonly TemplateRow[]> = new Map([
  ['microsoft-windows-security-auditing', SECURITY_AUDITING_TEMPLATES],
  ['microsoft-windows-sysmon', SYSMON_TEMPLATES],
  ...Object.entries(OTHER_TEMPLATES).map(([provider, rows]) => [provider.toLowerCase(), rows] as const),
]);

const KINDS: Readonly<Record<string, Kind>> = { x: 'hex', g: 'guid' };

function slotsOf(names: string): Slot[] {
  return names.split(',').map((spec) => {
    const mark = /:([xg])$/.exec(spec);
    return mark === null ? { name: spec, kind: 'text' } : { name: spec.slice(0, -2), kind: KINDS[mark[1]!] ?? 'text' };
  });
}

/** Every layout of one provider by event id, newest first (an older version listed after the row it is a prefix of). */
function layoutsOf(rows: readonly TemplateRow[]): Map<number, Layout[]> {
  const byId = new Map<number, Layout[]>();
  for (const [id, version, names, older = []] of rows) {
    const slots = slotsOf(names);
    const list = byId.get(id) ?? [];
    list.push({ version, slots }, ...older.map(([olderVersion, count]) => ({ version: olderVersion, slots: slots.slice(0, count) })));
    byId.set(id, list);
  }
  return byId;
}

const built = new Map<string, Map<number, Layout[]>>();

function layoutsFor(provider: string, eventId: number): readonly Layout[] {
  const key = provider.toLowerCase();
  let layouts = built.get(key);
  if (layouts === undefined) {
    const rows = SOURCES.get(key);
    if (rows === undefined) return [];
    layouts = layoutsOf(rows);
    built.set(key, layouts);
  }
  return layouts.get(eventId) ?? [];
}

/**
 * The layout of an event with `count` values: its version's (the one with as many names, else the newest), else any
 * version's with as many names, else the newest known (a newer Windows appends names: the known ones come first).
 */
export function layoutOf(provider: string, eventId: number, version: number | undefined, count: number): readonly Slot[] | undefined {
  const layouts = layoutsFor(provider, eventId);
  const sameVersion = layouts.filter((layout) => layout.version === version);
  const pool = sameVersion.length > 0 ? sameVersion : layouts;
  const exact = pool.find((layout) => layout.slots.length === count);
  return (exact ?? pool[0])?.slots;
}

/**
 * The newest layout's slots by lower-case name (empty when the event has no template), for names read from a
 * rendered message, whose case and labels are not EventData's. Made once per layout.
 */
export function newestSlotsByName(provider: string, eventId: number): ReadonlyMap<string, Slot> {
  const newest = layoutsFor(provider, eventId)[0];
  if (newest === undefined) return new Map();
  newest.byName ??= new Map(newest.slots.map((slot) => [slot.name.toLowerCase(), slot]));
  return newest.byName;
}

const BARE_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOTNET_DATE = /^\/Date\((-?\d{1,15})(?:[+-]\d{4})?\)\/$/;
const MAX_ISO_MS = 8.64e15;

/** The epoch milliseconds of .NET's JSON date (`/Date(1732356000000)/`, with or without an offset), else undefined. */
export function dotnetDateMs(text: string): number | undefined {
  const dotnet = DOTNET_DATE.exec(text);
  return dotnet === null ? undefined : Number(dotnet[1]);
}

function numberText(value: number, kind: Kind): string {
  if (kind !== 'hex' || !Number.isSafeInteger(value)) return String(value);
  return `0x${BigInt.asUintN(64, BigInt(value)).toString(16)}`;
}

function stringText(value: string, kind: Kind): string {
  if (kind === 'guid' && BARE_GUID.test(value)) return `{${value.toLowerCase()}}`;
  const ms = dotnetDateMs(value);
  return ms !== undefined && Math.abs(ms) <= MAX_ISO_MS ? new Date(ms).toISOString() : value;
}

/** Bytes (PowerShell 7 writes a `byte[]` as numbers) as Windows renders binary data: hexadecimal, upper case. */
function bytesText(values: readonly unknown[]): string | undefined {
  let out = '';
  for (const byte of values) {
    if (typeof byte !== 'number' || !Number.isInteger(byte) || byte < 0 || byte > 255) return undefined;
    out += byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/**
 * One property as text: `{"Value": x}` or a bare x; a SID object (`{"Value": "S-1-5-18", "BinaryLength": …}`) as its
 * SID, Windows PowerShell's date object (`{"value": "/Date(ms)/", …}`) and `/Date(ms)/` as ISO time.
 */
export function propertyText(item: unknown, kind: Kind): string | undefined {
  let value = isObject(item) && Object.hasOwn(item, 'Value') ? item.Value : item;
  if (isObject(value)) value = Object.hasOwn(value, 'Value') ? value.Value : Object.hasOwn(value, 'value') ? value.value : undefined;
  if (typeof value === 'string') return stringText(value, kind);
  if (typeof value === 'number') return numberText(value, kind);
  if (typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? bytesText(value) : undefined;
}

/** EventData from values in template order; `{}` when the event's template is unknown. Extra values beyond the template are not named. */
export function propertyData(provider: string | undefined, eventId: number, version: number | undefined, properties: unknown): Record<string, string> {
  const data: Record<string, string> = {};
  if (provider === undefined || !Array.isArray(properties) || properties.length === 0) return data;
  const slots = layoutOf(provider, eventId, version, properties.length);
  if (slots === undefined) return data;
  const count = Math.min(slots.length, properties.length);
  for (let i = 0; i < count; i++) {
    const slot = slots[i]!;
    const text = propertyText(properties[i], slot.kind);
    if (text !== undefined) setOwn(data, slot.name, text);
  }
  return data;
}
