import * as crypto from 'node:crypto';
import type { EventFields, VigilEvent } from '../schema/event.ts';
import { relatedOf } from '../schema/related.ts';
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

/** What a format says about one record (its Draft), as normalisation takes it. */
export interface DraftCore {
  time?: string | number;
  timeIsUtc?: boolean;
  fallbackTime?: string;
  dataset: string;
  fields: EventFields;
  indicatorText?: string;
}

/** A format's output for one record with the record's place, as normalisation takes it. */
export interface DraftInput extends DraftCore {
  line: number;
  offset: number;
  original: string;
}

/** The input file an event comes from: `Provenance` without the format. */
export type SourceRef = Omit<Provenance, 'formatId'>;

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

/**
 * Draft → event, completed in place: the draft's fields object (fresh per draft, see `Draft` in
 * src/ingest/format.ts) becomes the event. Copying it instead (spreads, object rest) cost more than the rest
 * of this function: the field objects of a log come in many shapes, which sends V8's copy down a slow path.
 */
export function buildEvent(draft: DraftInput, from: Provenance): VigilEvent {
  return completeEvent(draft, draft.line, draft.offset, draft.original, from.formatId, from);
}

/**
 * buildEvent with the record's place and format passed apart, as the pipeline has them: no object per
 * event to gather them in.
 */
export function completeEvent(draft: DraftCore, line: number, offset: number, text: string, formatId: string, from: SourceRef, idText?: string): VigilEvent {
  const original = text.length > MAX_ORIGINAL ? text.slice(0, MAX_ORIGINAL) : text;
  const identity = idText === undefined ? original : idText.length > MAX_ORIGINAL ? idText.slice(0, MAX_ORIGINAL) : idText;
  const resolved = draft.fallbackTime === undefined ? from.time.resolve(draft.time, draft.timeIsUtc === true) : from.time.resolveOrFallback(draft.time, draft.timeIsUtc === true, draft.fallbackTime);
  const fields = draft.fields;
  const rel = relatedOf(fields);
  const event = fields as VigilEvent;
  const block = (fields.event ?? {}) as VigilEvent['event'];
  block.kind = 'event';
  block.dataset = draft.dataset;
  block.original = original;
  event.id = eventId(from.key, line, identity);
  event.event = block;
  event.log = { file: { path: from.path }, line, offset };
  event.vigil = { format: formatId, time: resolved.info, indicators: extractIndicators(draft.indicatorText ?? original) };
  if (resolved.timestamp !== undefined) event['@timestamp'] = resolved.timestamp;
  if (rel !== undefined) event.related = rel;
  return event;
}
