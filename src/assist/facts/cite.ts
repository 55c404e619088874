import type { Citations } from '../../schema/assist.ts';
import type { FactContext } from './types.ts';

/** Hard cap on event ids listed by one fact, whatever the mode. */
export const MAX_CITED_EVENTS = 5000;

export interface CitationInput {
  events?: readonly string[];
  /** The true number of supporting events (defaults to the ids given). */
  eventCount?: number;
  alerts?: readonly string[];
  incidents?: readonly string[];
}

/** Citations with the mode's cap on listed event ids; alert and incident ids are always listed in full. */
export function cite(ctx: FactContext, input: CitationInput): Citations {
  const ids = [...new Set(input.events ?? [])];
  return {
    events: ids.slice(0, Math.min(ctx.limits.eventIds, MAX_CITED_EVENTS)),
    eventCount: Math.max(input.eventCount ?? ids.length, ids.length),
    alerts: [...new Set(input.alerts ?? [])],
    incidents: [...new Set(input.incidents ?? [])],
  };
}

/** Citations of several parts as one. */
export function mergeCitations(ctx: FactContext, parts: readonly Citations[]): Citations {
  return cite(ctx, {
    events: parts.flatMap((p) => p.events),
    eventCount: parts.reduce((n, p) => n + p.eventCount, 0),
    alerts: parts.flatMap((p) => p.alerts),
    incidents: parts.flatMap((p) => p.incidents),
  });
}
