/**
 * Typed values of Windows binary XML (substitution values of a template instance, and `Value` tokens), read
 * from a chunk. Rendered as evtx_dump renders them, the JSON form Vigil's Windows reader already knows: integers
 * and booleans as JSON numbers and booleans, GUIDs upper-case without braces, times as
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ`, SIDs as `S-1-5-18`, hex integers as `0x…` in lower case, binary as upper-case
 * hex, arrays comma-joined.
 */

export const NULL_TYPE = 0x00;
export const STRING_TYPE = 0x01;
export const BINXML_TYPE = 0x21;
const ARRAY_FLAG = 0x80;

/** A decoded value and its BinXML type: a JSON scalar, or a list (arrays; written comma-joined). */
export interface EvtxValue {
  type: number;
  value: string | number | boolean | null | readonly (string | number | boolean)[];
}

export class EvtxFormatError extends Error {}

const FILETIME_EPOCH_OFFSET_MS = 11644473600000; // between 1601-01-01 and 1970-01-01

/**
 * FILETIME (100 ns since 1601, as two 32-bit halves) as evtx_dump writes it: microseconds, truncated. Computed in
 * doubles, exactly: 2^32 ticks are 429,496 ms and 7,296 ticks, and every partial result stays below 2^53.
 */
export function fileTimeText(low: number, high: number): string {
  const rest = high * 7296 + low;
  const ms = high * 429496 + Math.floor(rest / 10000) - FILETIME_EPOCH_OFFSET_MS;
  const micros = Math.floor((rest % 10000) / 10);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.toISOString().slice(0, 23)}${micros < 10 ? '00' : micros < 100 ? '0' : ''}${String(micros)}Z`;
}

function systemTimeText(buf: Buffer, at: number): string {
  const [year, month, , day, hour, minute, second, ms] = [0, 2, 4, 6, 8, 10, 12, 14].map((o) => buf.readUInt16LE(at + o)) as [number, number, number, number, number, number, number, number];
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(ms, 3)}000Z`;
}

const HEX_UPPER = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0').toUpperCase());

/** A GUID as evtx_dump writes it: upper case, no braces (its first three groups are little-endian). */
function guidText(buf: Buffer, at: number): string {
  const h = (i: number) => HEX_UPPER[buf[at + i]!]!;
  return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

function sidText(buf: Buffer, at: number, size: number): string {
  if (size < 8) return 'S-?';
  const revision = buf[at]!;
  const count = buf[at + 1]!;
  const authority = buf.readUIntBE(at + 2, 6);
  let text = `S-${String(revision)}-${String(authority)}`;
  for (let i = 0; i < count && at + 8 + i * 4 + 4 <= at + size; i++) text += `-${String(buf.readUInt32LE(at + 8 + i * 4))}`;
  return text;
}

/** UTF-16LE text cut at its first NUL, as the string types are. */
export function utf16Text(buf: Buffer, at: number, bytes: number): string {
  const text = buf.toString('utf16le', at, at + (bytes & ~1));
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

const bigText = (value: bigint): number | string => (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString());
const hexText = (value: bigint): string => `0x${value.toString(16)}`;

/** One element of a fixed-size type at `at`. */
function scalar(type: number, buf: Buffer, at: number, size: number): string | number | boolean {
  switch (type) {
    case 0x03: return buf.readInt8(at);
    case 0x04: return buf.readUInt8(at);
    case 0x05: return buf.readInt16LE(at);
    case 0x06: return buf.readUInt16LE(at);
    case 0x07: return buf.readInt32LE(at);
    case 0x08: return buf.readUInt32LE(at);
    case 0x09: return bigText(buf.readBigInt64LE(at));
    case 0x0a: return bigText(buf.readBigUInt64LE(at));
    case 0x0b: return buf.readFloatLE(at);
    case 0x0c: return buf.readDoubleLE(at);
    case 0x0d: return buf.readInt32LE(at) !== 0;
    case 0x0f: return guidText(buf, at);
    case 0x10: return size === 4 ? hexText(BigInt(buf.readUInt32LE(at))) : hexText(buf.readBigUInt64LE(at));
    case 0x11: return fileTimeText(buf.readUInt32LE(at), buf.readUInt32LE(at + 4));
    case 0x12: return systemTimeText(buf, at);
    case 0x14: return hexText(BigInt(buf.readUInt32LE(at)));
    case 0x15: return hexText(buf.readBigUInt64LE(at));
    default: throw new EvtxFormatError(`value type 0x${type.toString(16)} is not a fixed-size type`);
  }
}

const FIXED_SIZES: Readonly<Record<number, number>> = {
  0x03: 1, 0x04: 1, 0x05: 2, 0x06: 2, 0x07: 4, 0x08: 4, 0x09: 8, 0x0a: 8, 0x0b: 4, 0x0c: 8, 0x0d: 4, 0x0f: 16, 0x11: 8, 0x12: 16, 0x14: 4, 0x15: 8,
};

const NUMERIC_TYPES = new Set([0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0d]);

/** Whether a value is written as a JSON number or boolean when it is an element's whole content. */
export function isNumeric(value: EvtxValue): boolean {
  return NUMERIC_TYPES.has(value.type) && typeof value.value !== 'string';
}

/** A value's text, as it reads inside a longer text (or as a JSON string). */
export function valueText(value: EvtxValue): string {
  const v = value.value;
  if (v === null) return '';
  if (Array.isArray(v)) return v.map(String).join(',');
  return String(v);
}

/** Whether a value stands for nothing (a null, or an empty string): dropped where evtx_dump drops it. */
export function isEmptyValue(value: EvtxValue): boolean {
  return value.value === null || value.value === '';
}

/**
 * A value of `type` and `size` bytes at `at` (template substitution values). BinXML values (0x21) of one byte
 * or more are not read here: the caller parses them as a fragment.
 */
export function readSizedValue(type: number, buf: Buffer, at: number, size: number): EvtxValue {
  if (at + size > buf.length) throw new EvtxFormatError(`value of ${String(size)} bytes runs past the chunk`);
  if (type === NULL_TYPE) return { type, value: null };
  if (type === STRING_TYPE) return { type, value: utf16Text(buf, at, size) };
  if (type === 0x02) {
    const text = buf.toString('latin1', at, at + size);
    const nul = text.indexOf('\0');
    return { type, value: nul < 0 ? text : text.slice(0, nul) };
  }
  if (type === 0x0e) return { type, value: buf.toString('hex', at, at + size).toUpperCase() };
  if (type === 0x13) return { type, value: sidText(buf, at, size) };
  if (type === 0x10) return { type, value: size >= 4 ? scalar(type, buf, at, size) : '' };
  // Handles and XML have no text; a BinXML value of no bytes is an empty fragment (longer ones are the caller's).
  if (type === 0x20 || type === BINXML_TYPE || type === 0x23) return { type, value: null };
  if ((type & ARRAY_FLAG) !== 0) return { type, value: readArray(type & ~ARRAY_FLAG, buf, at, size) };
  const width = FIXED_SIZES[type];
  if (width === undefined) throw new EvtxFormatError(`unknown value type 0x${type.toString(16)}`);
  if (size < width) return { type, value: null };
  return { type, value: scalar(type, buf, at, width) };
}

function readArray(type: number, buf: Buffer, at: number, size: number): (string | number | boolean)[] {
  if (type === STRING_TYPE) {
    const text = buf.toString('utf16le', at, at + (size & ~1));
    const items = text.split('\0');
    if (items.at(-1) === '') items.pop();
    return items;
  }
  if (type === 0x13) {
    const items: string[] = [];
    for (let p = at; p + 8 <= at + size; ) {
      const length = 8 + buf[p + 1]! * 4;
      items.push(sidText(buf, p, Math.min(length, at + size - p)));
      p += length;
    }
    return items;
  }
  const width = FIXED_SIZES[type] ?? (type === 0x10 ? 8 : undefined);
  if (width === undefined) throw new EvtxFormatError(`unknown array type 0x${(type | ARRAY_FLAG).toString(16)}`);
  const items: (string | number | boolean)[] = [];
  for (let p = at; p + width <= at + size; p += width) items.push(scalar(type, buf, p, width));
  return items;
}
