import { isObject } from '../../format.ts';
import { setOwn } from '../../values.ts';
import { auditKeywordOutcome } from './localized.ts';

/** What every dialect is read into before the per-event-id mapping: one Windows event, dialect-free. */
export interface WinRecord {
  eventId: number;
  channel?: string;
  provider?: string;
  /** The computer the event was logged on (`Computer`, `computer_name`, NXLog `Hostname`). */
  computer?: string;
  /** The shipper's host name, used only when the record names no computer. */
  shipperHost?: string;
  recordId?: string;
  time?: string | number;
  message?: string;
  /** EventData (and flattened UserData), every value as text. */
  data: Record<string, string>;
  /** From the audit keywords (`Audit Success` / `Audit Failure`, keyword bits, NXLog EventType). */
  audit?: 'success' | 'failure';
  /** The System/Security user the event was logged under (not the actor of Security events). */
  systemUserId?: string;
}

const SKIPPED_KEYS = new Set(['#attributes', 'xmlns', '@xmlns', 'xml_name']);

function plainText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A scalar (or `{"#text": …}`) as text; arrays of scalars are joined with commas. Deeper shapes are not text. */
export function scalarText(value: unknown): string | undefined {
  const inner = isObject(value) && '#text' in value ? value['#text'] : value;
  if (Array.isArray(inner)) {
    const parts = inner.map(plainText).filter((part): part is string => part !== undefined);
    return parts.length > 0 ? parts.join(',') : undefined;
  }
  return plainText(inner);
}

/** Adds the scalar members of `obj` to `out` (one level; nested objects are descended once when `deep`); `__proto__` stays a field. */
export function addScalars(out: Record<string, string>, obj: Record<string, unknown>, deep = false): void {
  for (const key of Object.keys(obj)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = obj[key];
    const text = scalarText(value);
    if (text !== undefined) setOwn(out, key, text);
    else if (deep && isObject(value)) addScalars(out, value, false);
  }
}

/** An XML attribute as exported by the usual converters: `#attributes.Name`, `@Name`, `Name`. */
export function xmlAttr(value: unknown, name: string): string | undefined {
  if (!isObject(value)) return scalarText(value);
  const attrs = value['#attributes'];
  if (isObject(attrs) && attrs[name] !== undefined) return scalarText(attrs[name]);
  return scalarText(value[`@${name}`] ?? value[name]);
}

const AUDIT_SUCCESS_BIT = 0x0020000000000000n;
const AUDIT_FAILURE_BIT = 0x0010000000000000n;
const HEX = /^0x[0-9a-f]{1,16}$/i;
const DECIMAL = /^-?\d{1,20}$/;
const EVENT_ID = /^\d{1,6}$/;

/** Reads the audit outcome from keyword names (in the languages of localized.ts), a keyword bit mask (hex or signed decimal) or NXLog's EventType. */
export function auditOutcome(value: unknown): 'success' | 'failure' | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = auditOutcome(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? maskOutcome(BigInt(value)) : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  const named = auditKeywordOutcome(trimmed);
  if (named !== undefined) return named;
  return HEX.test(trimmed) || DECIMAL.test(trimmed) ? maskOutcome(BigInt(trimmed)) : undefined;
}

function maskOutcome(raw: bigint): 'success' | 'failure' | undefined {
  const mask = BigInt.asUintN(64, raw);
  if ((mask & AUDIT_FAILURE_BIT) !== 0n) return 'failure';
  if ((mask & AUDIT_SUCCESS_BIT) !== 0n) return 'success';
  return undefined;
}

/** A positive integer event id from a number, numeric text, `{"#text": …}` or Velociraptor's `{"Value": …}`. */
export function eventIdOf(value: unknown): number | undefined {
  const raw = scalarText(isObject(value) && value['#text'] === undefined ? value['Value'] : value)?.trim();
  if (raw === undefined || !EVENT_ID.test(raw)) return undefined;
  return Number(raw);
}

/** A non-empty trimmed text, else undefined (unlike `str`, keeps `-`, which some fields use as a value). */
export function text(value: unknown): string | undefined {
  const s = scalarText(value)?.trim();
  return s === undefined || s === '' ? undefined : s;
}
