import { parseAllDocuments } from 'yaml';
import type { Alert } from '../../../src/schema/alert.ts';
import type { EventFields, VigilEvent } from '../../../src/schema/event.ts';
import { compileCorrelation, createCorrelator } from '../../../src/detect/correlate/index.ts';
import type { CompiledCorrelation, CompiledRule, FieldGetter, FieldResolver, FieldValue, LogSource, RuleProblem } from '../../../src/detect/types.ts';

/** Helpers for the correlation tests: real event shapes, hand-built rules, a small dotted-name resolver. */

export const T0 = Date.UTC(2024, 0, 15, 8, 0, 0);
export const sec = (n: number): number => T0 + n * 1000;
export const min = (n: number): number => T0 + n * 60_000;

/** Sigma-style names the test resolver maps onto our schema, as the real mapping does for Windows. */
const SIGMA_NAMES: Record<string, string> = { User: 'user.name', ComputerName: 'host.name', WorkstationName: 'source.address', EventID: 'winlog.event_id' };
const TOP_LEVEL = new Set(['source', 'destination', 'user', 'host', 'event', 'network', 'http', 'process', 'url', 'winlog', 'labels']);

function walk(value: unknown, path: readonly string[]): FieldValue {
  let cur: unknown = value;
  for (const part of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean') return cur;
  if (Array.isArray(cur)) return cur.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v));
  return undefined;
}

/** Resolves dotted ECS names through the event object; unknown top-level names are unmapped (undefined). */
export const testResolver: FieldResolver = {
  field(name: string): FieldGetter | undefined {
    const dotted = SIGMA_NAMES[name] ?? name;
    const path = dotted.split('.');
    if (!TOP_LEVEL.has(path[0] ?? '')) return undefined;
    return (event) => walk(event, path);
  },
  keywords: (event) => event.event.original,
  selects: () => () => true,
};

let counter = 0;

/** A VigilEvent as normalisation makes them: id, UTC time, event block, provenance. */
export function ev(timeMs: number, fields: EventFields = {}): VigilEvent {
  counter += 1;
  const id = `ev-${String(timeMs)}-${String(counter).padStart(6, '0')}`;
  return {
    ...fields,
    id,
    '@timestamp': new Date(timeMs).toISOString(),
    event: { kind: 'event', dataset: 'test.auth', original: `line ${id}`, ...fields.event },
    log: { file: { path: '/var/log/test.log' }, line: counter },
    vigil: { format: 'test', time: { source: 'record' }, indicators: [] },
  };
}

export function rule(id: string, matches: (e: VigilEvent) => boolean, opts: { name?: string; logsource?: LogSource; file?: string } = {}): CompiledRule {
  return {
    ref: { id, title: `rule ${id}`, level: 'low', tags: [], techniques: [], origin: 'builtin', file: opts.file ?? `${id}.yml` },
    ...(opts.name === undefined ? {} : { name: opts.name }),
    pos: { file: opts.file ?? `${id}.yml`, line: 1 },
    logsource: opts.logsource ?? { product: 'linux', service: 'sshd' },
    matches,
    generate: true,
  };
}

/** Compiles a correlation from YAML text (first document), failing the test if it does not compile. */
export function corr(yamlText: string, file = 'corr.yml', line = 1): CompiledCorrelation {
  const out = compileCorrelation(docs(yamlText)[0] ?? {}, { pos: { file, line }, origin: 'builtin', file });
  if ('reason' in out) throw new Error(`did not compile: ${out.reason}`);
  return out;
}

export function docs(yamlText: string): Record<string, unknown>[] {
  return parseAllDocuments(yamlText).map((d) => d.toJS() as Record<string, unknown>);
}

export interface Run {
  alerts: Alert[];
  problems: RuleProblem[];
  /** Alerts returned by push (before flush), by index of the event that returned them. */
  pushedAt: Map<number, Alert[]>;
}

/** Feeds the events in order: every rule that matches an event becomes a match. Then flushes. */
export function run(correlations: CompiledCorrelation[], rules: CompiledRule[], events: readonly VigilEvent[]): Run {
  const { correlator, problems } = createCorrelator(correlations, rules, testResolver);
  const alerts: Alert[] = [];
  const pushedAt = new Map<number, Alert[]>();
  events.forEach((event, i) => {
    const timeMs = Date.parse(event['@timestamp'] ?? '');
    for (const r of rules) {
      if (!r.matches(event)) continue;
      const out = correlator.push({ rule: r, event, timeMs });
      if (out.length > 0) pushedAt.set(i, [...(pushedAt.get(i) ?? []), ...out]);
      alerts.push(...out);
    }
  });
  alerts.push(...correlator.flush());
  return { alerts, problems, pushedAt };
}

export const failed = (e: VigilEvent): boolean => e.event.outcome === 'failure' && e.event.action === 'ssh_login';
export const succeeded = (e: VigilEvent): boolean => e.event.outcome === 'success' && e.event.action === 'ssh_login';

/** An sshd login attempt. */
export function login(timeMs: number, ip: string, user: string, outcome: 'success' | 'failure', count?: number): VigilEvent {
  return ev(timeMs, {
    event: { action: 'ssh_login', outcome, category: ['authentication'], ...(count === undefined ? {} : { count }) },
    source: { ip },
    user: { name: user },
    host: { name: 'web01' },
  });
}
