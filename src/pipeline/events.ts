import { readSource, type ParsedItem, type ReadOptions, type RecordError, type SourceReading } from '../ingest/read.ts';
import { expandInputs, type InputSource } from '../ingest/sources.ts';
import { completeEvent, type SourceRef } from '../normalize/build.ts';
import { zoneOf, type ZoneRule } from '../normalize/source-zones.ts';
import { TimeResolver } from '../normalize/time.ts';
import type { VigilEvent } from '../schema/event.ts';

/** Ingest + normalise without a store: the events one input yields. */

export interface NormaliseOptions extends ReadOptions {
  tz: string;
  /** Zones of inputs by name (`--tz-for`), before `tz`. */
  zones?: readonly ZoneRule[];
  year?: number;
  now?: () => Date;
}

export interface SourceEvents {
  reading: SourceReading;
  batches: AsyncGenerator<VigilEvent[]>;
}

export async function sourceEvents(source: InputSource, options: NormaliseOptions, onError: (error: RecordError) => void): Promise<SourceEvents> {
  const reading = await readSource(source.name, source.open(), options);
  const time = new TimeResolver({ tz: zoneOf(options, source.name), year: options.year }, source.mtimeMs, (options.now?.() ?? new Date()).getTime());
  const from = { path: source.name, key: source.key, time };
  async function* batches(): AsyncGenerator<VigilEvent[]> {
    for await (const items of reading.batches(onError)) yield items.map((item) => toEvent(item, from));
  }
  return { reading, batches: batches() };
}

function toEvent(item: ParsedItem, from: SourceRef): VigilEvent {
  return completeEvent(item.draft, item.line, item.offset, item.original, item.formatId, from, item.idText);
}

/** Every event of the given paths, in order (for tests, benchmarks and previews; not for huge inputs). */
export async function collectEvents(paths: readonly string[], options: NormaliseOptions): Promise<{ events: VigilEvent[]; errors: RecordError[]; formats: string[] }> {
  const events: VigilEvent[] = [];
  const errors: RecordError[] = [];
  const formats: string[] = [];
  for await (const item of expandInputs(paths, () => process.stdin as AsyncIterable<Buffer>)) {
    if ('problem' in item) continue;
    const { reading, batches } = await sourceEvents(item.source, options, (e) => errors.push(e));
    formats.push(reading.format?.id ?? 'none');
    for await (const batch of batches) events.push(...batch);
  }
  return { events, errors, formats };
}
