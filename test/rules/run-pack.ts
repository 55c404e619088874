import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import type { RuleSetLoad } from '../../src/detect/types.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { Alert } from '../../src/schema/alert.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { RULES_DIR } from './pack-files.ts';

/** The built-in pack, loaded once per test file, and a run of it over events or log files. */

let loaded: RuleSetLoad | undefined;

export function builtinPack(): RuleSetLoad {
  loaded ??= loadRuleSet([{ path: RULES_DIR, origin: 'builtin' }], defaultResolver);
  return loaded;
}

/** Every alert of the pack over events already in time order (events without a time last). */
export function runPack(events: readonly VigilEvent[]): Alert[] {
  const detector = createDetector(builtinPack(), defaultResolver);
  const alerts = events.flatMap((event) => detector.push(event));
  alerts.push(...detector.flush());
  return alerts;
}

export function byTime(events: readonly VigilEvent[]): VigilEvent[] {
  const key = (e: VigilEvent) => (e['@timestamp'] === undefined ? Number.POSITIVE_INFINITY : Date.parse(e['@timestamp']));
  return events.map((event, index) => ({ event, index })).sort((a, b) => key(a.event) - key(b.event) || a.index - b.index).map((x) => x.event);
}

/** Reads log files through the real ingest path (UTC, the given year for logs without one) and runs the pack. */
export async function runPackOnFiles(paths: readonly string[], year: number): Promise<{ events: VigilEvent[]; alerts: Alert[] }> {
  const { events } = await collectEvents(paths, { tz: 'UTC', year, now: () => new Date(Date.UTC(year, 11, 31)) });
  const ordered = byTime(events);
  return { events: ordered, alerts: runPack(ordered) };
}
