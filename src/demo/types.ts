import type { Rng } from './prng.ts';
import type { WinEvent } from './sources/winlog.ts';

/** The generated time range, µs since epoch: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** One record of one output file: when it happened (µs since epoch) and its payload. */
export interface Entry<P> {
  t: number;
  p: P;
}

/** Keys of the output files; `windows` carries structured events, the others finished lines. */
export type LineFile = 'auth' | 'access' | 'firewall' | 'conn' | 'dns';
export type FileKey = LineFile | 'windows';

export const FILE_KEYS: readonly FileKey[] = ['auth', 'access', 'firewall', 'windows', 'conn', 'dns'];

/** Records per output file; scenarios fill one of these. */
export class Bundle {
  readonly lines: Record<LineFile, Entry<string>[]> = { auth: [], access: [], firewall: [], conn: [], dns: [] };
  readonly windows: Entry<WinEvent>[] = [];

  add(file: LineFile, t: number, line: string): void {
    this.lines[file].push({ t, p: line });
  }

  win(t: number, event: WinEvent): void {
    this.windows.push({ t, p: event });
  }
}

/** Generates the benign records of one file. Activities may emit several records at or after `t`. */
export interface BenignGenerator<P> {
  activity(t: number, emit: (entry: Entry<P>) => void): void;
  /** Scheduled work (cron, health checks) that falls in [from, to). */
  periodic?(from: number, to: number, emit: (entry: Entry<P>) => void): void;
}

export interface Source<P> {
  key: FileKey;
  /** Path relative to the output directory. */
  path: string;
  /** Vigil format id a reader should pick for this file. */
  format: string;
  /** Share of the benign volume this file gets. */
  share: number;
  /** Relative activity at a UTC hour of day (diurnal curve). */
  weight(hour: number): number;
  header?(startUs: number): string[];
  footer?(endUs: number): string[];
  benign(rng: Rng, span: Span): BenignGenerator<P>;
  /** Renders a record; a fresh renderer is made per file write (it may keep counters). */
  renderer(): (entry: Entry<P>) => string;
}

/** Business hours (UTC) carry most interactive activity; nights keep a background level. */
export function officeCurve(floor: number): (hour: number) => number {
  return (hour) => (hour >= 7 && hour < 19 ? 1 : hour === 6 || hour === 19 ? (1 + floor) / 2 : floor);
}
