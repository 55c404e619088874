import { href } from './router.tsx';

const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;

/** The ATT&CK page of a technique id (`T1110.001` → …/techniques/T1110/001/), or undefined for anything else. */
export function attackUrl(id: string): string | undefined {
  if (!TECHNIQUE_ID.test(id)) return undefined;
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

export interface TimeRange {
  since?: string;
  until?: string;
}

export function rangeOf(params: URLSearchParams): TimeRange {
  return { since: params.get('since') ?? undefined, until: params.get('until') ?? undefined };
}

/** The events explorer with field filters (`key=value`), words and the time range. */
export function eventsHref(options: { filter?: readonly string[]; q?: string; event?: string } & TimeRange): string {
  return href('/events', { q: options.q, filter: options.filter, since: options.since, until: options.until, event: options.event });
}

export function incidentHref(id: string, range: TimeRange = {}): string {
  return href(`/incidents/${encodeURIComponent(id)}`, { since: range.since, until: range.until });
}

/** The events field an entity of an incident or a top list corresponds to. */
export const ENTITY_FIELDS = {
  source_ip: 'source.ip',
  destination_ip: 'destination.ip',
  user: 'user.name',
  host: 'host.name',
} as const;

export type EntityKind = keyof typeof ENTITY_FIELDS;
