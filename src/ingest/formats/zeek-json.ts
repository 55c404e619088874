import { defineFormat, events, isObject, reject, stateless, valueShare, type ParseOutcome, type RawRecord } from '../format.ts';
import { setOwn } from '../values.ts';
import { ZEEK_LOGSOURCES, inferZeekPath, plausibleTs, zeekDraft, type ZeekRecord, type ZeekValue } from './zeek-fields.ts';

/**
 * Zeek logs written as JSON lines (`LogAscii::use_json`, Corelight, Security Onion exports). Keys come
 * as `id.orig_h`, `id_orig_h` or a nested `id` object; `ts` as epoch seconds or ISO text.
 */

const UNDERSCORE_ID = /^id_(orig|resp)_([hp])$/;
const MAX_DEPTH = 3;

function canonicalKey(key: string): string {
  const m = UNDERSCORE_ID.exec(key);
  return m === null ? key : `id.${m[1] ?? ''}_${m[2] ?? ''}`;
}

function scalarList(value: unknown[]): string[] {
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
  }
  return out;
}

function flatten(source: Record<string, unknown>, prefix: string, out: ZeekRecord, depth: number): void {
  for (const [rawKey, value] of Object.entries(source)) {
    const key = prefix === '' ? canonicalKey(rawKey) : `${prefix}.${rawKey}`;
    let converted: ZeekValue | undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') converted = value;
    else if (Array.isArray(value)) converted = scalarList(value);
    else if (isObject(value) && depth < MAX_DEPTH) flatten(value, key, out, depth + 1);
    if (converted !== undefined && !Object.hasOwn(out, key)) setOwn(out, key, converted);
  }
}

/** The JSON object as a Zeek record with canonical keys (`id.orig_h`). */
export function zeekRecordFromJson(value: Record<string, unknown>): ZeekRecord {
  const record: ZeekRecord = {};
  flatten(value, '', record, 0);
  return record;
}

function looksLikeZeek(value: Record<string, unknown>): boolean {
  if (!Object.hasOwn(value, 'ts')) return false;
  if (typeof value._path === 'string') return true;
  const hasUid = typeof value.uid === 'string' || typeof value.fuid === 'string';
  const hasId = Object.hasOwn(value, 'id.orig_h') || Object.hasOwn(value, 'id_orig_h') || (isObject(value.id) && Object.hasOwn(value.id, 'orig_h'));
  return hasUid && (hasId || inferZeekPath(new Set(Object.keys(value))) !== 'unknown');
}

function parse(record: RawRecord): ParseOutcome {
  const value = record.value;
  if (!isObject(value)) return reject('record is not a JSON object');
  const zeek = zeekRecordFromJson(value);
  if (zeek.ts === undefined) return reject('no ts field');
  if (!plausibleTs(zeek.ts)) return reject('ts is not an epoch or ISO time');
  const declared = typeof zeek._path === 'string' && zeek._path !== '' ? zeek._path : undefined;
  return events(zeekDraft(declared ?? inferZeekPath(new Set(Object.keys(zeek))), zeek));
}

export const zeekJsonFormat = defineFormat({
  id: 'zeek-json',
  title: 'Zeek JSON logs',
  description: 'Zeek logs as JSON lines (id.orig_h or id_orig_h keys; _path or inferred log type).',
  framing: 'json',
  sniff: (sample) => valueShare(sample, looksLikeZeek),
  createParser: stateless(parse),
  logsources: ZEEK_LOGSOURCES,
});
