import type { VigilEvent } from './event.ts';

/**
 * The line that stands for an event in lists (`vigil search`, the web app's events table): its message; else,
 * for a cloud or SaaS audit record, what was done, by whom, from where and whether it failed; else, for a Windows
 * event without one (EVTX files and XML-shaped exports carry no rendered message, and their
 * record opens with the same few hundred characters of System block every time), its event data as
 * `Name: value` pairs, leaving out empty and `-` values and the fields that identify rather than describe
 * (GUIDs, Sysmon's rule name and UTC time); else its original record.
 */

const IDENTIFYING = /^(?:RuleName|UtcTime|SequenceNumber)$|guid$/i;
const SEPARATOR = ' · ';
/** Cloud and SaaS audit logs: JSON records without a message, whose original opens with ids and envelopes. */
const AUDIT_DATASET = /^(?:aws\.cloudtrail|kubernetes\.audit|okta\.system|gcp\.audit|github\.audit|bitbucket\.audit|azure\.|m365\.)/;

/** An audit record as `what [on what] · who [→ whom] · from where · failed: why`. */
function auditText(event: Pick<VigilEvent, 'event' | 'user' | 'source' | 'url' | 'rule'>): string | undefined {
  const what = event.rule?.name ?? event.event.action;
  if (what === undefined) return undefined;
  const parts = [event.url?.original === undefined ? what : `${what} ${event.url.original}`];
  const who = event.user?.name;
  const whom = event.user?.target?.name;
  if (who !== undefined) parts.push(whom === undefined || whom === who ? who : `${who} → ${whom}`);
  const where = event.source?.ip ?? event.source?.domain;
  if (where !== undefined) parts.push(`from ${where}`);
  if (event.event.outcome === 'failure') parts.push(event.event.reason === undefined ? 'failed' : `failed: ${event.event.reason}`);
  return parts.join(SEPARATOR);
}

export function eventText(event: Pick<VigilEvent, 'message' | 'event' | 'winlog' | 'user' | 'source' | 'url' | 'rule'>): string {
  if (event.message !== undefined) return event.message;
  if (AUDIT_DATASET.test(event.event.dataset)) {
    const text = auditText(event);
    if (text !== undefined) return text;
  }
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
