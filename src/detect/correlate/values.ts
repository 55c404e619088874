import type { FieldValue } from '../types.ts';

/**
 * A field value as a group-by or value_count key: scalars as text, several values joined by commas.
 * Absent and empty values give undefined (the event then takes no part in the correlation).
 */
export function keyOf(value: FieldValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = Array.isArray(value) ? value.map(String).join(',') : String(value);
  return text === '' ? undefined : text;
}

/** A field value as a number for value_sum / value_avg: numbers and numeric text, else undefined. */
export function numberOf(value: FieldValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
