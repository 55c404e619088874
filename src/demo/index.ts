import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOUR, SECOND, isoStamp } from './clock.ts';
import { Rng } from './prng.ts';
import { SCENARIOS, type Scenario, type ScenarioOutput } from './scenarios/index.ts';
import { accessSource } from './sources/access.ts';
import { authSource } from './sources/auth.ts';
import { firewallSource } from './sources/firewall.ts';
import { windowsSource } from './sources/windows.ts';
import { connSource, dnsSource } from './sources/zeek-traffic.ts';
import { Bundle, FILE_KEYS, type Entry, type FileKey, type Source, type Span } from './types.ts';
import { writeSource, type WriteStats } from './writer.ts';

/**
 * `vigil demo`: a deterministic, realistic multi-source data set (syslog auth, nginx, UFW, Winlogbeat
 * JSON, Zeek) with labelled attack scenarios and a truth file describing them.
 */

export interface DemoOptions {
  /** Approximate number of benign records over all files. */
  volume: number;
  seed: number;
  /** Time of the first event. */
  start: Date;
  /** Length of the span in hours. */
  hours: number;
  /** Plant the attack scenarios (false: benign traffic only, to measure false positives). */
  attacks: boolean;
}

export interface DemoFile {
  path: string;
  format: string;
  events: number;
}

export interface DemoResult {
  /** The folder holding the logs (`<dir>/logs`); truth.json sits beside it. */
  logsDir: string;
  /** Files written, with paths joined onto the logs directory. */
  files: DemoFile[];
  truthPath: string;
  scenarios: number;
}

/** Sub-folder of the demo directory that holds the logs; truth.json paths are relative to it. */
export const LOGS_DIR = 'logs';

export const DEFAULT_DEMO_OPTIONS: DemoOptions = {
  volume: 5000, seed: 1, start: new Date('2026-11-20T00:00:00Z'), hours: 24, attacks: true,
};

export interface TruthScenario {
  id: number;
  slug: string;
  name: string;
  technique: string;
  techniques: string[];
  source_ips: string[];
  destination_ips: string[];
  users: string[];
  hosts: string[];
  markers: string[];
  first_seen: string;
  last_seen: string;
  files: string[];
  expected_events: Record<string, number>;
}

const SOURCES = { auth: authSource, access: accessSource, firewall: firewallSource, windows: windowsSource, conn: connSource, dns: dnsSource };

function validate(options: Partial<DemoOptions> | undefined): DemoOptions {
  // Keys explicitly set to undefined (e.g. absent CLI flags) keep their defaults.
  const given = Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined)) as Partial<DemoOptions>;
  const o: DemoOptions = { ...DEFAULT_DEMO_OPTIONS, ...given };
  if (!Number.isInteger(o.volume) || o.volume < 0) throw new RangeError('volume must be a non-negative integer');
  if (!Number.isFinite(o.seed)) throw new RangeError('seed must be a finite number');
  if (Number.isNaN(o.start.getTime())) throw new RangeError('start must be a valid date');
  if (!Number.isFinite(o.hours) || o.hours < 1 || o.hours > 24 * 366) throw new RangeError('hours must be between 1 and 8784');
  return o;
}

/** Places a scenario at its fraction of the span (with jitter), always entirely inside it. */
function placed(scenario: Scenario, rng: Rng, span: Span): number {
  const length = span.end - span.start;
  const wanted = span.start + Math.round((scenario.place + (rng.next() - 0.5) * 0.03) * length);
  const latest = span.end - scenario.duration - 60 * SECOND;
  return Math.max(span.start + 60 * SECOND, Math.min(wanted, latest));
}

function entriesOf(bundle: Bundle, key: FileKey): readonly Entry<unknown>[] {
  return key === 'windows' ? bundle.windows : bundle.lines[key];
}

function truthOf(scenario: Scenario, out: ScenarioOutput): TruthScenario {
  const expected: Record<string, number> = {};
  const times: number[] = [];
  for (const key of FILE_KEYS) {
    const entries = entriesOf(out.bundle, key);
    if (entries.length === 0) continue;
    expected[SOURCES[key].path] = entries.length;
    for (const e of entries) times.push(e.t);
  }
  const sorted = times.sort((a, b) => a - b);
  return {
    id: scenario.id, slug: scenario.slug, name: scenario.name, technique: scenario.technique,
    techniques: [...scenario.techniques], source_ips: out.sourceIps, destination_ips: out.destinationIps,
    users: out.users, hosts: out.hosts, markers: out.markers,
    first_seen: isoStamp(sorted[0] ?? 0), last_seen: isoStamp(sorted[sorted.length - 1] ?? 0),
    files: Object.keys(expected), expected_events: expected,
  };
}

async function writeOne<P>(dir: string, source: Source<P>, attacks: readonly Entry<P>[], o: DemoOptions, span: Span): Promise<WriteStats> {
  const share = Object.values(SOURCES).reduce((sum, s) => sum + s.share, 0);
  const benign = Math.round((o.volume * source.share) / share);
  return writeSource(join(dir, source.path), source, attacks, new Rng(o.seed, `benign:${source.key}`), span, benign);
}

export async function writeDemo(dir: string, options?: Partial<DemoOptions>): Promise<DemoResult> {
  const o = validate(options);
  const startUs = o.start.getTime() * 1000;
  const span: Span = { start: startUs, end: startUs + Math.round(o.hours * HOUR) };
  const all = new Bundle();
  const truth: TruthScenario[] = [];
  const placement = new Rng(o.seed, 'placement');
  for (const scenario of o.attacks ? SCENARIOS : []) {
    const at = placed(scenario, placement, span);
    const out = scenario.build({ rng: new Rng(o.seed, `scenario:${scenario.slug}`), span, at });
    truth.push(truthOf(scenario, out));
    for (const key of FILE_KEYS) {
      if (key === 'windows') all.windows.push(...out.bundle.windows);
      else all.lines[key].push(...out.bundle.lines[key]);
    }
  }
  // Logs go in their own folder so `vigil analyze <dir>/logs` reads logs only, not the truth file.
  const logs = join(dir, LOGS_DIR);
  await mkdir(join(logs, 'zeek'), { recursive: true });
  const files: DemoFile[] = [];
  for (const key of FILE_KEYS) {
    const stats = key === 'windows'
      ? await writeOne(logs, SOURCES.windows, all.windows, o, span)
      : await writeOne(logs, SOURCES[key], all.lines[key], o, span);
    files.push({ path: SOURCES[key].path, format: SOURCES[key].format, events: stats.events });
  }
  const truthPath = join(dir, 'truth.json');
  const document = {
    generator: 'vigil demo', logs: LOGS_DIR, seed: o.seed, volume: o.volume, start: isoStamp(span.start), end: isoStamp(span.end),
    files, scenarios: truth,
  };
  await writeFile(truthPath, `${JSON.stringify(document, null, 2)}\n`);
  return { logsDir: logs, files: files.map((f) => ({ ...f, path: join(logs, f.path) })), truthPath, scenarios: truth.length };
}
