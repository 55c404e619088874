import type { Alert } from '../schema/alert.ts';
import type { Incident } from '../schema/incident.ts';

/** PLACEHOLDER until triage lands. */
export interface TriageOptions {
  /** Alerts further apart than this (minutes) never join one incident. */
  gapMinutes?: number;
}

export function triage(alerts: readonly Alert[], options: TriageOptions = {}): Incident[] {
  return alerts.length > 0 && options.gapMinutes === -1 ? [] : [];
}
