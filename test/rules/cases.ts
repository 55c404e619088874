import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { collectEvents } from '../../src/pipeline/events.ts';
import { EventSchema, type VigilEvent } from '../../src/schema/event.ts';
import { contentHash } from '../../src/util/hash.ts';
import { RULES_DIR } from './pack-files.ts';
import { byTime } from './run-pack.ts';

/**
 * `<rule>.cases.yml`: the events a rule must and must not fire on (format: docs/recipes/add-a-rule.md).
 * A case gives raw log text (read through the real ingest path) or partial normalised events.
 */

/** Year given to logs without one when the case names none, so results never depend on the clock. */
export const DEFAULT_CASE_YEAR = 2026;

const CaseSchema = z
  .strictObject({
    name: z.string().min(1),
    format: z.string().min(1).optional(),
    year: z.number().int().min(1970).max(2100).optional(),
    file: z.string().regex(/^[\w.-]+$/, 'a plain file name').optional(),
    log: z.string().min(1).optional(),
    events: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
    expect: z.number().int().nonnegative(),
  })
  .refine((c) => (c.log === undefined) !== (c.events === undefined), { message: 'a case has exactly one of `log` and `events`' })
  .refine((c) => c.events === undefined || (c.format === undefined && c.year === undefined && c.file === undefined), {
    message: '`format`, `year` and `file` apply to `log` only',
  });

export const CasesFileSchema = z
  .strictObject({ rule: z.string().min(1), cases: z.array(CaseSchema).min(2) })
  .refine((f) => f.cases.some((c) => c.expect > 0), { message: 'at least one case must raise an alert' })
  .refine((f) => f.cases.some((c) => c.expect === 0), { message: 'at least one near-miss case must raise none' })
  .refine((f) => new Set(f.cases.map((c) => c.name)).size === f.cases.length, { message: 'case names must be unique' });

export type RuleCase = z.infer<typeof CaseSchema>;
export type CasesFile = z.infer<typeof CasesFileSchema>;

export function readCasesFile(file: string): CasesFile {
  const parsed = CasesFileSchema.safeParse(parse(readFileSync(join(RULES_DIR, file), 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The events of a case in time order (events without a time last), ready for a detector. */
export async function caseEvents(file: string, rc: RuleCase): Promise<VigilEvent[]> {
  const events = rc.log !== undefined ? await logEvents(rc.log, rc.format, rc.year ?? DEFAULT_CASE_YEAR, rc.file) : partialEvents(file, rc.name, rc.events ?? []);
  return byTime(events);
}

async function logEvents(log: string, format: string | undefined, year: number, file = 'case.log'): Promise<VigilEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rule-case-'));
  try {
    const path = join(dir, file);
    writeFileSync(path, log);
    const now = () => new Date(Date.UTC(year, 11, 31));
    const { events, errors } = await collectEvents([path], { tz: 'UTC', year, format, now });
    if (errors.length > 0) throw new Error(`the case log does not parse cleanly: ${errors.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`);
    return events;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Fills what a partial event leaves out: identity, event.kind/dataset/original, log and vigil provenance. A partial
 * event may name its `event.dataset` and `vigil.format` (logsources select events by them, as the formats set them).
 */
function partialEvents(file: string, caseName: string, partials: readonly Record<string, unknown>[]): VigilEvent[] {
  return partials.map((partial, index) => {
    const original = JSON.stringify(partial);
    const block = typeof partial.event === 'object' && partial.event !== null ? (partial.event as Record<string, unknown>) : {};
    const timed = typeof partial['@timestamp'] === 'string';
    const given = typeof partial.vigil === 'object' && partial.vigil !== null ? (partial.vigil as Record<string, unknown>) : {};
    return EventSchema.parse({
      ...partial,
      id: contentHash([file, caseName, String(index), original]),
      event: { kind: 'event', dataset: 'test', ...block, original },
      log: { file: { path: file }, line: index + 1 },
      vigil: { format: typeof given.format === 'string' ? given.format : 'test', time: { source: timed ? 'record' : 'none' }, indicators: [] },
    });
  });
}
