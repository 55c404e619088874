import { ip } from '../values.ts';

/**
 * One login record of utmp, wtmp and btmp (`struct utmp` of glibc on Linux, 384 bytes, little-endian, the same on
 * x86_64 and arm64 since its times are 32-bit there too), and its text as util-linux's `utmpdump` writes it:
 * `[7] [04242] [ts/0] [alice   ] [pts/0       ] [203.0.113.66        ] [203.0.113.66   ] [2024-11-23T10:00:00,123456+00:00]`.
 * A binary record is given to the format as this object's JSON, as EVTX records and journal entries are.
 */

export const UTMP_RECORD_SIZE = 384;

export const UTMP_TYPES = ['EMPTY', 'RUN_LVL', 'BOOT_TIME', 'NEW_TIME', 'OLD_TIME', 'INIT_PROCESS', 'LOGIN_PROCESS', 'USER_PROCESS', 'DEAD_PROCESS', 'ACCOUNTING'] as const;

export interface UtmpRecord {
  /** 0–9: UTMP_TYPES. */
  type: number;
  pid: number;
  /** The terminal: `pts/0`, `tty1`, `ssh:notty`. */
  line: string;
  /** The terminal's short id (`ts/0`), or `~~` for boot and run-level records. */
  id: string;
  user: string;
  /** The remote host as the login program wrote it (an address, a name, `:0`), or the kernel release at boot. */
  host: string;
  termination: number;
  exit: number;
  session: number;
  /** UTC, ISO with microseconds. */
  time: string;
  /** `ut_addr_v6` as an address, when set. */
  addr?: string;
}

// Field offsets in struct utmp.
const PID = 4;
const LINE = 8;
const ID = 40;
const USER = 44;
const HOST = 76;
const EXIT = 332;
const SESSION = 336;
const TV_SEC = 340;
const TV_USEC = 344;
const ADDR = 348;
const UNUSED = 364;

/** The earliest and latest plausible record times (1980, 2100): what tells a utmp file from other binary data. */
const MIN_SECONDS = 315532800;
const MAX_SECONDS = 4102444800;

/** A NUL-padded text field: up to its first NUL, invalid UTF-8 as replacement characters. */
function cString(buf: Buffer, at: number, size: number): string {
  const end = buf.indexOf(0, at);
  return buf.toString('utf8', at, end < 0 || end > at + size ? at + size : end);
}

/** True when a text field holds no control characters before its first NUL. */
function printable(buf: Buffer, at: number, size: number): boolean {
  for (let i = at; i < at + size; i++) {
    const byte = buf[i]!;
    if (byte === 0) return true;
    if (byte < 0x20 || byte === 0x7f) return false;
  }
  return true;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** ISO text of a time in seconds and microseconds (UTC). */
export function utmpTime(seconds: number, micros: number): string {
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${base}.${pad(micros, 6)}Z`;
}

function address(buf: Buffer, at: number): string | undefined {
  const words = [buf.readUInt32LE(at + 4), buf.readUInt32LE(at + 8), buf.readUInt32LE(at + 12)];
  const first = buf.readUInt32LE(at);
  if (first === 0 && words.every((w) => w === 0)) return undefined;
  if (words.every((w) => w === 0)) return `${String(buf[at])}.${String(buf[at + 1])}.${String(buf[at + 2])}.${String(buf[at + 3])}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(buf.readUInt16BE(at + i).toString(16));
  // ip() gives an IPv6 address its shortest text (RFC 5952), as utmpdump prints it.
  return ip(groups.join(':'));
}

/**
 * Whether the record at `at` looks like a utmp record: a known type, and for a used slot a time between 1980 and
 * 2100 with valid microseconds, text fields without control characters and the unused bytes zero.
 */
export function plausibleUtmp(buf: Buffer, at: number): boolean {
  const type = buf.readInt32LE(at);
  if (type < 0 || type >= UTMP_TYPES.length) return false;
  for (let i = at + UNUSED; i < at + UTMP_RECORD_SIZE; i++) if (buf[i] !== 0) return false;
  if (type === 0) return true;
  const seconds = buf.readUInt32LE(at + TV_SEC);
  const micros = buf.readUInt32LE(at + TV_USEC);
  if (seconds < MIN_SECONDS || seconds >= MAX_SECONDS || micros >= 1_000_000) return false;
  return printable(buf, at + LINE, 32) && printable(buf, at + ID, 4) && printable(buf, at + USER, 32) && printable(buf, at + HOST, 256);
}

export function decodeUtmp(buf: Buffer, at: number): UtmpRecord {
  const record: UtmpRecord = {
    type: buf.readInt32LE(at),
    pid: buf.readInt32LE(at + PID),
    line: cString(buf, at + LINE, 32),
    // `utmpdump -r` pads the id with spaces, login programs with NULs: the same id.
    id: cString(buf, at + ID, 4).trimEnd(),
    user: cString(buf, at + USER, 32),
    host: cString(buf, at + HOST, 256),
    termination: buf.readInt16LE(at + EXIT),
    exit: buf.readInt16LE(at + EXIT + 2),
    session: buf.readInt32LE(at + SESSION),
    time: utmpTime(buf.readUInt32LE(at + TV_SEC), buf.readUInt32LE(at + TV_USEC)),
  };
  const addr = address(buf, at + ADDR);
  if (addr !== undefined) record.addr = addr;
  return record;
}

const DUMP_HEAD = /^\[(\d)\] \[(-?\d{1,10})\] \[([^\]]{0,4})\] \[/;
const DUMP_TAIL = /\] \[(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:,(\d{1,6}))?([+-]\d{2}:\d{2}|Z)\]$/;

/** A `utmpdump` line read back (the fields `utmpdump` leaves out, exit status and session, are 0). */
export function parseUtmpdumpLine(text: string): UtmpRecord | undefined {
  // Head and tail by anchored patterns, the four text fields by splitting: no pattern backtracks over the line.
  const line = text.trimEnd();
  const head = DUMP_HEAD.exec(line);
  const tail = head === null ? null : DUMP_TAIL.exec(line);
  if (head === null || tail === null || tail.index < head[0].length) return undefined;
  const middle = line.slice(head[0].length, tail.index).split('] [');
  if (middle.length !== 4) return undefined;
  const [, type = '0', pid = '0', id = ''] = head;
  const [user = '', terminal = '', host = '', addr = ''] = middle;
  const [, stamp = '', fraction = '', zone = 'Z'] = tail;
  const millis = Date.parse(`${stamp}${zone}`);
  if (Number.isNaN(millis)) return undefined;
  const record: UtmpRecord = {
    type: Number(type),
    pid: Number(pid),
    line: terminal.trimEnd(),
    id: id.trimEnd(),
    user: user.trimEnd(),
    host: host.trimEnd(),
    termination: 0,
    exit: 0,
    session: 0,
    time: utmpTime(Math.floor(millis / 1000), Number(fraction.padEnd(6, '0'))),
  };
  const address = addr.trim();
  if (address !== '' && address !== '0.0.0.0') record.addr = address;
  return record;
}
