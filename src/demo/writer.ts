import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { MINUTE, hourOf } from './clock.ts';
import type { Rng } from './prng.ts';
import type { Entry, Source, Span } from './types.ts';

/**
 * Writes one file in time order, one minute at a time: benign records are generated per slice
 * (activities may schedule records later, e.g. a logout, which wait in `pending`) and merged with
 * the precomputed scenario records, so memory stays bounded whatever the volume.
 */

const SLICE = MINUTE;

export interface WriteStats {
  events: number;
  benign: number;
}

/** Benign records wanted up to the end of each slice, following the source's diurnal curve. */
function cumulativeTargets(span: Span, weight: (hour: number) => number, total: number): number[] {
  const weights: number[] = [];
  let sum = 0;
  for (let from = span.start; from < span.end; from += SLICE) {
    const w = weight(hourOf(from)) * (Math.min(SLICE, span.end - from) / SLICE);
    weights.push(w);
    sum += w;
  }
  let acc = 0;
  return weights.map((w) => {
    acc += w;
    return sum === 0 ? 0 : Math.round((total * acc) / sum);
  });
}

function byTime<P>(a: Entry<P>, b: Entry<P>): number {
  return a.t - b.t;
}

/** Merges two time-sorted lists; on equal times benign records come first. */
function merge<P>(benign: readonly Entry<P>[], attack: readonly Entry<P>[]): Entry<P>[] {
  const out: Entry<P>[] = [];
  let i = 0;
  let j = 0;
  while (i < benign.length || j < attack.length) {
    const b = benign[i];
    const a = attack[j];
    if (a === undefined || (b !== undefined && b.t <= a.t)) {
      if (b !== undefined) out.push(b);
      i++;
    } else {
      out.push(a);
      j++;
    }
  }
  return out;
}

export async function writeSource<P>(path: string, source: Source<P>, attacks: readonly Entry<P>[], rng: Rng,
  span: Span, benignTotal: number): Promise<WriteStats> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const render = source.renderer();
  const generator = source.benign(rng, span);
  const scenario = [...attacks].sort(byTime);
  const targets = cumulativeTargets(span, (hour) => source.weight(hour), benignTotal);
  let pending: Entry<P>[] = [];
  let produced = 0;
  let next = 0;
  const stats: WriteStats = { events: 0, benign: 0 };
  const emit = (entry: Entry<P>) => {
    produced++;
    pending.push(entry);
  };
  const write = async (records: readonly Entry<P>[], extra: readonly string[] = []) => {
    if (records.length === 0 && extra.length === 0) return;
    const lines = records.map(render);
    stats.events += records.length;
    if (!out.write(`${[...lines, ...extra].join('\n')}\n`)) await once(out, 'drain');
  };
  await write([], source.header?.(span.start) ?? []);
  for (let i = 0; i < targets.length; i++) {
    const from = span.start + i * SLICE;
    const to = Math.min(from + SLICE, span.end);
    generator.periodic?.(from, to, emit);
    while (produced < (targets[i] ?? 0)) generator.activity(from + rng.below(to - from), emit);
    pending.sort(byTime);
    const cut = pending.findIndex((e) => e.t >= to);
    const ready = cut < 0 ? pending : pending.slice(0, cut);
    pending = cut < 0 ? [] : pending.slice(cut);
    let end = next;
    while (end < scenario.length && (scenario[end]?.t ?? Infinity) < to) end++;
    stats.benign += ready.length;
    await write(merge(ready, scenario.slice(next, end)));
    next = end;
  }
  // Benign records scheduled past the end (sessions still open) are dropped; scenario records never are.
  await write(scenario.slice(next), source.footer?.(span.end) ?? []);
  out.end();
  await finished(out);
  return stats;
}
