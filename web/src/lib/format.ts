const NUMBER = new Intl.NumberFormat('en-US');

export const num = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : NUMBER.format(n));

/** ISO time as `2026-11-20 10:00:01` (UTC, as the analyst's tools show it), or a dash. */
export function time(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '');
}

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]!}`;
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A value for a datetime-local input (UTC), and back to ISO. */
export function toInputTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 19);
}

export function fromInputTime(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Cuts long log text for a table cell (the full text is in the detail view). */
export function clip(text: string | undefined, max = 300): string {
  if (text === undefined) return '';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
