import { isIP } from 'node:net';
import type { EntityRef } from '../../schema/assist.ts';
import { count } from '../../util/count.ts';

export { count, plural } from '../../util/count.ts';

const IPV4_IN_TEXT = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\w)/g;
const TECHNIQUE_IN_TEXT = /\bT\d{4}(?:\.\d{3})?\b/g;

/** Longest log-derived value written into a sentence; longer ones end with `…` (the entity keeps both forms). */
const MAX_VALUE = 80;

/**
 * The entities a fact's sentences name, recorded as they are written: every IP, user, host and technique in
 * a fact's text goes through one of these methods, so `entities` is complete by construction (the grounding
 * check of LLM answers relies on it).
 */
export class Names {
  readonly entities: EntityRef[] = [];

  ip(value: string): string {
    return this.add('ip', value);
  }

  user(value: string): string {
    return this.add('user', value);
  }

  host(value: string): string {
    return this.add('host', value);
  }

  technique(value: string): string {
    return this.add('technique', value);
  }

  process(value: string): string {
    return this.add('process', value);
  }

  /** `a, b, c and 4 more` (or `none`), each value recorded. */
  list(kind: EntityRef['kind'], values: readonly string[], max: number): string {
    if (values.length === 0) return 'none';
    const shown = values.slice(0, max).map((v) => this.add(kind, v));
    const rest = values.length - shown.length;
    return rest > 0 ? `${shown.join(', ')} and ${count(rest)} more` : shown.join(', ');
  }

  /**
   * Text written by others (triage's recommendations, score factors) that goes into a sentence: the IP
   * addresses and ATT&CK ids it names are recorded. Returns the text unchanged.
   */
  mentions(text: string): string {
    for (const m of text.matchAll(IPV4_IN_TEXT)) if (isIP(m[0]) === 4) this.record('ip', m[0]);
    for (const m of text.matchAll(TECHNIQUE_IN_TEXT)) this.record('technique', m[0].toUpperCase());
    return text;
  }

  add(kind: EntityRef['kind'], value: string): string {
    const shown = value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
    this.record(kind, value);
    if (shown !== value) this.record(kind, shown);
    return shown;
  }

  private record(kind: EntityRef['kind'], value: string): void {
    if (!this.entities.some((e) => e.kind === kind && e.value === value)) this.entities.push({ kind, value });
  }
}


/** UTC ISO time without milliseconds when they are zero. */
export function iso(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'an unknown time';
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function span(first: number | null | undefined, last: number | null | undefined): string {
  if (first === last) return `at ${iso(first)}`;
  return `between ${iso(first)} and ${iso(last)}`;
}

export function percent(part: number, whole: number): string {
  if (whole === 0) return '0 %';
  const value = (100 * part) / whole;
  return `${value >= 10 || value === 0 ? Math.round(value).toString() : value.toFixed(1)} %`;
}
