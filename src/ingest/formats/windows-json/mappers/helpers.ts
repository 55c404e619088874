import type { EventFields } from '../../../../schema/event.ts';
import { baseName, hexOrInt, port, str } from '../../../values.ts';
import type { Data } from './types.ts';

type User = NonNullable<EventFields['user']>;
type Process = NonNullable<EventFields['process']>;
type Labels = Record<string, string>;

const HEX_DIGEST = /^[0-9a-f]+$/;
const LINE_BREAKS = /\s*[\r\n]+\s*/;

/** A usable EventData value (`-`, empty and `(null)` are absent). */
export function field(data: Data, key: string): string | undefined {
  return str(data[key]);
}

/** A SID, without the NULL SID Windows writes when there is none (`S-1-0-0`, rendered `NULL SID` in a message). */
export function sid(data: Data, key: string): string | undefined {
  const value = field(data, key);
  return value === 'S-1-0-0' || value === 'NULL SID' ? undefined : value;
}

/** The acting account of Security events (`Subject*`). */
export function subjectUser(data: Data): User {
  return {
    name: field(data, 'SubjectUserName'),
    domain: field(data, 'SubjectDomainName'),
    id: sid(data, 'SubjectUserSid'),
  };
}

/** The account acted on (`Target*`); 4720-style events name the SID `TargetSid`. */
export function targetUser(data: Data): { name?: string; domain?: string; id?: string } {
  return {
    name: field(data, 'TargetUserName'),
    domain: field(data, 'TargetDomainName'),
    id: sid(data, 'TargetUserSid') ?? sid(data, 'TargetSid'),
  };
}

/** A client workstation name without the leading backslashes some events write. */
export function workstation(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let start = 0;
  while (value[start] === '\\') start++;
  return str(value.slice(start));
}

/** A source/destination port; 0 means "none" in Windows events. */
export function nonZeroPort(value: string | undefined): number | undefined {
  const n = port(value);
  return n === 0 ? undefined : n;
}

/** `DOMAIN\name` (Sysmon `User`) split into its parts; a bare name has no domain. */
export function splitAccount(value: string | undefined): { name?: string; domain?: string } {
  if (value === undefined) return {};
  const cut = value.indexOf('\\');
  if (cut < 0) return { name: value };
  return { domain: str(value.slice(0, cut)), name: str(value.slice(cut + 1)) };
}

/** `executable` and `name` from a full image path. */
export function image(path: string | undefined): { executable?: string; name?: string } {
  return { executable: path, name: baseName(path) };
}

/** A process id given as decimal or `0x…` hex (Security events use hex). */
export function pid(data: Data, key: string): number | undefined {
  const value = hexOrInt(data[key]);
  return value !== undefined && value >= 0 ? value : undefined;
}

/** A process block from the common `ProcessName`/`ProcessId` pair of Security events. */
export function securityProcess(data: Data, pathKey = 'ProcessName', pidKey = 'ProcessId'): Process {
  const path = field(data, pathKey);
  const id = pid(data, pidKey);
  return { ...image(path), pid: id === 0 && path === undefined ? undefined : id };
}

/** Copies the listed EventData fields into labels under our names. */
export function labelsFrom(data: Data, names: Readonly<Record<string, string>>): Labels {
  const labels: Labels = {};
  for (const [label, key] of Object.entries(names)) {
    const value = field(data, key);
    if (value !== undefined) labels[label] = value;
  }
  return labels;
}

/** `SHA1=…,MD5=…,SHA256=…,IMPHASH=…` (Sysmon `Hashes`) as lower-case hex by algorithm. */
export function parseHashes(value: string | undefined): { md5?: string; sha1?: string; sha256?: string; imphash?: string } {
  const out: { md5?: string; sha1?: string; sha256?: string; imphash?: string } = {};
  if (value === undefined) return out;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const algorithm = part.slice(0, eq).trim().toUpperCase();
    const digest = part.slice(eq + 1).trim().toLowerCase();
    if (digest === '' || !HEX_DIGEST.test(digest)) continue;
    if (algorithm === 'MD5') out.md5 = digest;
    else if (algorithm === 'SHA1') out.sha1 = digest;
    else if (algorithm === 'SHA256') out.sha256 = digest;
    else if (algorithm === 'IMPHASH') out.imphash = digest;
  }
  return out;
}

/** File hashes have no schema slot: they go to labels (`file_sha256` …). */
export function hashLabels(value: string | undefined): Labels {
  const labels: Labels = {};
  for (const [algorithm, digest] of Object.entries(parseHashes(value))) {
    if (digest !== undefined) labels[`file_${algorithm}`] = digest;
  }
  return labels;
}

/** Multi-line lists (`PrivilegeList`, `AccessList`) as one comma-separated line. */
export function oneLine(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const joined = value
    .split(LINE_BREAKS)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(',');
  return joined === '' ? undefined : joined;
}
