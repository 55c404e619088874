import { checkFormatId, type ReadOptions, type RecordError } from '../ingest/read.ts';
import { expandInputs, type InputSource } from '../ingest/sources.ts';
import { checkTimeZone } from '../normalize/time.ts';
import { sourceEvents } from './events.ts';
import type { VigilEvent } from '../schema/event.ts';
import type { FileReport, Store } from '../store/index.ts';
import { errorMessage } from '../util/errors.ts';

/** The only place where ingest, normalise and store meet: inputs → events in the store, with a report. */

export interface IngestOptions extends ReadOptions {
  tz: string;
  year?: number;
  actor: string;
  /** Events per SQLite transaction. */
  batchSize?: number;
  /** Error samples kept per file (all errors are counted). */
  maxErrorSamples?: number;
  stdin?: () => AsyncIterable<Buffer>;
  now?: () => Date;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestProgress {
  file: string;
  bytes?: number;
  events: number;
  totalEvents: number;
}

export interface IngestReport {
  runId: number;
  files: FileReport[];
  totals: { files: number; events: number; inserted: number; duplicates: number; errors: number; problems: number };
  durationMs: number;
}

const DEFAULT_BATCH = 5000;

export async function ingest(store: Store, paths: readonly string[], options: IngestOptions): Promise<IngestReport> {
  checkTimeZone(options.tz);
  if (options.format !== undefined) checkFormatId(options.format);
  const started = performance.now();
  const runOptions = { paths, tz: options.tz, year: options.year, format: options.format, mapping: options.mapping !== undefined };
  const runId = store.runs.start(options.actor, runOptions);
  const files: FileReport[] = [];
  let totalEvents = 0;
  let status: 'completed' | 'failed' = 'failed';
  try {
    const stdin = options.stdin ?? (() => process.stdin as AsyncIterable<Buffer>);
    for await (const item of expandInputs(paths, stdin)) {
      const report = 'problem' in item
        ? problemReport(item.problem.name, item.problem.problem)
        : await ingestSource(store, item.source, runId, options, (n) => {
            totalEvents += n;
            options.onProgress?.({ file: item.source.name, events: n, totalEvents });
          });
      store.runs.recordFile(runId, report);
      files.push(report);
    }
    status = 'completed';
  } finally {
    store.runs.finish(runId, status);
  }
  const report: IngestReport = { runId, files, totals: totals(files), durationMs: performance.now() - started };
  store.audit.append({
    actor: options.actor,
    action: 'ingest',
    target: paths.join(' '),
    details: { run: runId, ...report.totals, formats: [...new Set(files.map((f) => f.format).filter(Boolean))] },
  });
  return report;
}

function totals(files: FileReport[]): IngestReport['totals'] {
  const sum = (pick: (f: FileReport) => number) => files.reduce((acc, f) => acc + pick(f), 0);
  return {
    files: files.length,
    events: sum((f) => f.events),
    inserted: sum((f) => f.inserted),
    duplicates: sum((f) => f.duplicates),
    errors: sum((f) => f.errors),
    problems: files.filter((f) => f.problem !== undefined).length,
  };
}

function problemReport(path: string, problem: string): FileReport {
  return {
    path, lines: 0, records: 0, events: 0, inserted: 0, duplicates: 0, meta: 0, errors: 0, fallbacks: 0,
    errorSamples: [], problem, durationMs: 0,
  };
}

async function ingestSource(
  store: Store,
  source: InputSource,
  runId: number,
  options: IngestOptions,
  progress: (events: number) => void,
): Promise<FileReport> {
  const started = performance.now();
  const report = problemReport(source.name, '');
  delete report.problem;
  report.size = source.size;
  const maxSamples = options.maxErrorSamples ?? 100;
  const onError = (error: RecordError) => {
    if (report.errorSamples.length < maxSamples) report.errorSamples.push(error);
  };
  try {
    const { reading, batches } = await sourceEvents(source, options, onError);
    if (reading.problem !== undefined) {
      report.problem = reading.problem;
      return report;
    }
    report.format = reading.format?.id;
    report.formatScore = reading.score;
    let pending: VigilEvent[] = [];
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    const flush = () => {
      const inserted = store.events.write(pending, runId);
      report.inserted += inserted;
      report.duplicates += pending.length - inserted;
      progress(pending.length);
      pending = [];
    };
    try {
      for await (const events of batches) {
        for (const event of events) pending.push(event);
        report.events += events.length;
        if (pending.length >= batchSize) flush();
      }
    } finally {
      if (pending.length > 0) flush();
      Object.assign(report, pickCounters(reading.counters));
    }
  } catch (error) {
    report.problem = `read failed: ${errorMessage(error)}; ${report.events} events before the failure were kept`;
  }
  report.durationMs = performance.now() - started;
  return report;
}

function pickCounters(c: { lines: number; records: number; meta: number; errors: number; fallbacks: number }) {
  return { lines: c.lines, records: c.records, meta: c.meta, errors: c.errors, fallbacks: c.fallbacks };
}

