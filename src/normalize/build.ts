import * as crypto from 'node:crypto';
import type { EventFields, VigilEvent } from '../schema/event.ts';
import { extractIndicators } from './indicators.ts';
import type { TimeResolver } from './time.ts';

/** What normalisation needs to know about where a record came from. */
export interface Provenance {
  formatId: string;
  /** Display path stored in `log.file.path`. */
  path: string;
  /** Identity used in the id (absolute path, `!member` in archives), so a re-read of the same log adds nothing. */
  key: string;
  time: TimeResolver;
}

/** A format's output for one record, as normalisation takes it. */
export interface DraftInput {
  time?: string | number;
  timeIsUtc?: boolean;
  dataset: string;
  fields: EventFields;
  line: number;
  offset: number;
  original: string;
}

const MAX_ORIGINAL = 256 * 1024;

/**
 * A stable, content-derived id: 6 bytes of hash(source identity), the line as 4 bytes, then 6 bytes of
 * hash(identity, line, record), as 32 hex digits. Ids of one file thus sort by line, so the store's unique
 * index grows at its end instead of at random places (that kept ingest fast on big files); the same
 * record of the same source always gets the same id, and any change of content gives another.
 */
export function eventId(key: string, line: number, original: string): string {
  const source = sourcePrefix(key);
  const position = (line >>> 0).toString(16).padStart(8, '0');
  const content = sha256Hex(`${key}\u0000${String(line)}\u0000${original}`).slice(0, 12);
  return `${source}${position}${content}`;
}

/** One-shot hashing (`crypto.hash`, Node ≥ 20.12) is markedly cheaper than a Hash object per event. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

let lastKey = '';
let lastPrefix = '';

function sourcePrefix(key: string): string {
  if (key !== lastKey) {
    lastKey = key;
    lastPrefix = sha256Hex(key).slice(0, 12);
  }
  return lastPrefix;
}

function unique(values: (string | undefined)[]): string[] | undefined {
  let out: string[] | undefined;
  for (const value of values) {
    if (value === undefined || value === '') continue;
    out ??= [];
    if (!out.includes(value)) out.push(value);
  }
  return out;
}

function related(fields: EventFields): VigilEvent['related'] {
  const ip = unique([fields.source?.ip, fields.destination?.ip, fields.host?.ip]);
  const user = unique([fields.user?.name, fields.user?.target?.name, fields.user?.effective?.name, fields.process?.user?.name]);
  const hosts = unique([fields.host?.name, fields.source?.domain, fields.destination?.domain]);
  const hash = unique([fields.process?.hash?.md5, fields.process?.hash?.sha1, fields.process?.hash?.sha256]);
  if (ip === undefined && user === undefined && hosts === undefined && hash === undefined) return undefined;
  const out: NonNullable<VigilEvent['related']> = {};
  if (ip !== undefined) out.ip = ip;
  if (user !== undefined) out.user = user;
  if (hosts !== undefined) out.hosts = hosts;
  if (hash !== undefined) out.hash = hash;
  return out;
}

export function buildEvent(draft: DraftInput, from: Provenance): VigilEvent {
  const original = draft.original.length > MAX_ORIGINAL ? draft.original.slice(0, MAX_ORIGINAL) : draft.original;
  const resolved = from.time.resolve(draft.time, draft.timeIsUtc === true);
  const { event: eventFields, ...rest } = draft.fields;
  const event: VigilEvent = {
    id: eventId(from.key, draft.line, original),
    ...rest,
    event: { kind: 'event', ...eventFields, dataset: draft.dataset, original },
    log: { file: { path: from.path }, line: draft.line, offset: draft.offset },
    vigil: { format: from.formatId, time: resolved.info, indicators: extractIndicators(original) },
  };
  if (resolved.timestamp !== undefined) event['@timestamp'] = resolved.timestamp;
  const rel = related(draft.fields);
  if (rel !== undefined) event.related = rel;
  return event;
}
