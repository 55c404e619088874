import type { EventFields } from '../../../schema/event.ts';

/** An event of an attacker's doing on a honeypot (`honeypot-command`, `honeypot-connection` …), of one category and type. */
export function honeypotEvent(action: string, category: string, type: string, extra: EventFields = {}): EventFields {
  return { ...extra, event: { category: [category], type: [type], action, ...extra.event } };
}
