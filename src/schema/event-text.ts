import type { VigilEvent } from './event.ts';

/**
 * The line that stands for an event in lists (`vigil search`, the web app's events table): its message; else,
 * for a Windows event without one (EVTX files and XML-shaped exports carry no rendered message, and their
 * record opens with the same few hundred characters of System block every time), its event data as
 * `Name: value` pairs, leaving out empty and `-` values and the fields that identify rather than describe
 * (GUIDs, Sysmon's rule name and UTC time); else its original record.
 */

const IDENTIFYING = /^(?:RuleName|UtcTime|SequenceNumber)$|guid$/i;
const SEPARATOR = ' · ';

export function eventText(event: Pick<VigilEvent, 'message' | 'event' | 'winlog'>): string {
  if (event.message !== undefined) return event.message;
  const data = event.winlog?.event_data;
  if (data !== undefined) {
    const pairs: string[] = [];
    for (const [name, value] of Object.entries(data)) {
      if (value === '' || value === '-' || IDENTIFYING.test(name)) continue;
      pairs.push(`${name}: ${value}`);
    }
    if (pairs.length > 0) return pairs.join(SEPARATOR);
  }
  return event.event.original;
}
