import { availableParallelism } from 'node:os';
import { TemplatesAsWritten, type Embedder } from '../assist/retrieve/index.ts';
import { checkFormatId, type ReadCounters, type ReadOptions, type RecordError } from '../ingest/read.ts';
import { expandInputs, type InputSource } from '../ingest/sources.ts';
import { SourceZones, type ZoneRule } from '../normalize/source-zones.ts';
import { checkTimeZone } from '../normalize/time.ts';
import { recountActivity } from '../store/activity.ts';
import { storeWriteError, type FileReport, type Store } from '../store/index.ts';
import { rowChars } from '../store/rows.ts';
import { VigilError, errorMessage } from '../util/errors.ts';
import { parseSource } from './parse-inline.ts';
import { parseOnThread, type ParseStep } from './parse-on-thread.ts';
import { ParseThread } from './parse-thread.ts';
import { identifySource } from './source-identity.ts';
import { updateVectorsAfterIngest, type VectorOutcome } from './vectors.ts';

/** The only place where ingest, normalise and store meet: inputs → events in the store, with a report. */

export interface IngestOptions extends ReadOptions {
  tz: string;
  /** Zones of inputs by name (`--tz-for`; normalize/source-zones.ts): the first rule that matches, before `tz`. */
  zones?: readonly ZoneRule[];
  /** The name `zones` match for an input, when not its path (an upload's name as uploaded). */
  zoneName?: (name: string) => string;
  year?: number;
  actor: string;
  /** Events per SQLite transaction. */
  batchSize?: number;
  /** Error samples kept per file (all errors are counted). */
  maxErrorSamples?: number;
  stdin?: () => AsyncIterable<Buffer>;
  now?: () => Date;
  onProgress?: (progress: IngestProgress) => void;
  /**
   * Parse on a second thread while this one writes to SQLite. `auto` (the default) does so once the run has
   * AUTO_THREAD_BYTES of input (a source of unknown size, such as stdin, counts as that much) on a machine with
   * two CPUs or more: on 100 MiB inputs, 20–32 % less time (sshd 32 %, nginx 28 %, soc-triage 23 %, Sysmon 20 %)
   * for ~45–70 MB more memory; on small inputs, starting the worker is not worth it.
   */
  threads?: boolean | 'auto';
  /** How a parse thread is started (tests give their own, to stop it half-way through a file). */
  startThread?: () => ParseThread;
  /**
   * Bulk load: drop the store's secondary indexes while writing and build them at the end of the run.
   * `auto` (default) does so once this run's inputs are large enough, alone and next to what is stored (`isBulkLoad`).
   */
  deferIndexes?: 'auto' | boolean;
  /**
   * Read stored logs again with this version's readers: an event already stored (same id) whose reading
   * differs is updated in place (store/event-refresh.ts) instead of kept as it was.
   */
  refresh?: boolean;
  /**
   * Embedder for the vector index brought up to date at the end of the run (default: the built-in one, or
   * templates only when a provider's embedder built the index); `false` leaves the index alone.
   */
  embedder?: Embedder | false;
}

export interface IngestProgress {
  file: string;
  events: number;
  totalEvents: number;
  /** Bytes read so far in this run (after decompression for compressed inputs). */
  bytes: number;
}

export interface IngestReport extends VectorOutcome {
  runId: number;
  files: FileReport[];
  totals: { files: number; events: number; inserted: number; duplicates: number; updated: number; errors: number; problems: number };
  /** Whether a second thread parsed (some of) the inputs (see `threads`). */
  parseThread: boolean;
  durationMs: number;
}

const DEFAULT_BATCH = 20_000;
/** Characters of original + stored JSON written per transaction, whatever the row count. */
const MAX_BATCH_CHARS = 12 * 1024 * 1024;
/**
 * When an ingest is a bulk load (see `deferIndexes`). Building the indexes again at the end sorts every stored
 * event, old and new; keeping them up to date costs each new row inserts at random places, which grow dearer as
 * the indexes outgrow the page cache. So a run is a bulk load from FIRST_LOAD_BYTES when it brings at least
 * four times what is stored (a first load), and from BULK_BYTES when it brings at least a quarter of it.
 * Measured on sshd, deferred against kept: into an empty store, 4–16 MiB took 8–26 % less time and 30 MiB
 * 42 % less; 8 MiB onto 150 k stored events took 10 % more. Events are estimated at one per 256 bytes (an
 * sshd line has ~110).
 */
const FIRST_LOAD_BYTES = 4 * 1024 * 1024;
const BULK_BYTES = 32 * 1024 * 1024;
const BYTES_PER_EVENT_ESTIMATE = 256;

export function isBulkLoad(bytes: number, storedEvents: number): boolean {
  const events = bytes / BYTES_PER_EVENT_ESTIMATE;
  return (bytes >= FIRST_LOAD_BYTES && events >= storedEvents * 4) || (bytes >= BULK_BYTES && events >= storedEvents / 4);
}

const AUTO_THREAD_BYTES = 8 * 1024 * 1024;
const COMPRESSED_WEIGHT = 4;

/** Decides, input by input, whether this run defers the store's secondary indexes (once decided, for the rest of the run). */
class IndexPolicy {
  deferred = false;
  private bytes = 0;
  private readonly storedAtStart: number;

  constructor(
    private readonly store: Store,
    private readonly mode: 'auto' | boolean,
  ) {
    this.storedAtStart = mode === 'auto' ? store.approximateEventCount() : 0;
  }

  beforeSource(size: number | undefined): void {
    this.bytes += size ?? 0;
    if (this.deferred || this.mode === false || this.store.indexesDeferred) return;
    if (this.mode !== true && !isBulkLoad(this.bytes, this.storedAtStart)) return;
    this.store.deferIndexes();
    this.deferred = true;
  }

  finish(): void {
    if (!this.deferred) return;
    this.deferred = false;
    try {
      this.store.restoreIndexes();
    } catch (error) {
      // The marker stays until every index is built (indexes.ts): the next process to open the store builds the rest.
      throw new VigilError('E_STORE', `cannot build the store's indexes: ${errorMessage(error)}; the next vigil command that opens the store read-write builds them`, { cause: error });
    }
  }
}

/** Decides, source by source, whether this run parses on a second thread; once started, it serves the rest of the run. */
class ThreadPolicy {
  private thread: ParseThread | undefined;
  private bytes = 0;
  private gaveUp = false;
  /** Whether a source went to the thread. */
  used = false;

  constructor(
    private readonly mode: 'auto' | boolean,
    private readonly start: () => ParseThread = () => new ParseThread(),
  ) {
    if (mode === true) this.thread = start();
  }

  /** The thread to parse `source` on, or undefined to parse it inline. */
  forSource(source: InputSource): ParseThread | undefined {
    // After a crash or an abandoned file, the rest of the run parses inline: slower, but it completes.
    if (this.thread?.broken === true) {
      this.thread = undefined;
      this.gaveUp = true;
    }
    // Logs compress 5–15×: a compressed file counts as four times its size.
    this.bytes += source.size === undefined ? AUTO_THREAD_BYTES : source.size * (source.compressed === true ? COMPRESSED_WEIGHT : 1);
    if (this.thread === undefined && !this.gaveUp && this.mode === 'auto' && this.bytes >= AUTO_THREAD_BYTES && availableParallelism() >= 2) {
      this.thread = this.start();
    }
    if (this.thread !== undefined) this.used = true;
    return this.thread;
  }

  async close(): Promise<void> {
    await this.thread?.close();
  }
}

export async function ingest(store: Store, paths: readonly string[], options: IngestOptions): Promise<IngestReport> {
  checkTimeZone(options.tz);
  for (const rule of options.zones ?? []) checkTimeZone(rule.tz);
  const zones = new SourceZones(options.tz, options.zones);
  if (options.format !== undefined) checkFormatId(options.format);
  const started = performance.now();
  const runOptions = { paths, tz: options.tz, ...(options.zones === undefined || options.zones.length === 0 ? {} : { zones: options.zones }), year: options.year, format: options.format, mapping: options.mapping !== undefined, refresh: options.refresh === true };
  const runId = storeWrite(() => store.runs.start(options.actor, runOptions));
  const files: FileReport[] = [];
  let totalEvents = 0;
  let stored = 0;
  let bytes = 0;
  let status: 'completed' | 'failed' = 'failed';
  let failure: unknown;
  let unfinished: FileReport | undefined;
  const threads = new ThreadPolicy(options.threads ?? 'auto', options.startThread);
  const indexes = new IndexPolicy(store, options.deferIndexes ?? 'auto');
  // Events get their template as they are written, unless told to leave the vector index alone.
  const templates = options.embedder === false ? undefined : new TemplatesAsWritten(store.db, options.now);
  const unobserve = templates === undefined ? undefined : store.events.observe(templates);
  const refresh = options.refresh === true ? store.events.refreshing() : undefined;
  const parseOptions = { ...options, zones: undefined, templateKeys: templates !== undefined };
  const zoneRule = (source: InputSource) => zones.ruleFor(options.zoneName?.(source.name) ?? source.name);
  const parse: Parser = (source, onError) => {
    const thread = threads.forSource(source);
    const sourceOptions = { ...parseOptions, tz: zoneRule(source)?.tz ?? options.tz };
    return thread === undefined ? parseSource(source, sourceOptions, onError) : parseOnThread(thread, source, sourceOptions, onError);
  };
  try {
    const stdin = options.stdin ?? (() => process.stdin as AsyncIterable<Buffer>);
    for await (const item of expandInputs(paths, stdin)) {
      let report: FileReport;
      if ('problem' in item) report = problemReport(item.problem.name, item.problem.problem);
      else {
        indexes.beforeSource(item.source.size);
        const { source, sameLogAs } = await identifySource(store, item.source, runId, storeWrite);
        const zone = zoneRule(source)?.tz;
        report = await ingestSource(store, countingBytes(source, (n) => (bytes += n)), runId, options, parse, templates, (n, inserted) => {
          totalEvents += n;
          stored += inserted;
          options.onProgress?.({ file: source.name, events: n, totalEvents, bytes });
        }, (started) => {
          if (zone !== undefined) started.tz = zone;
          if (sameLogAs !== undefined) started.sameLogAs = sameLogAs;
          unfinished = started;
        });
      }
      storeWrite(() => store.runs.recordFile(runId, report));
      files.push(report);
      unfinished = undefined;
    }
    status = 'completed';
  } catch (error) {
    failure = error;
    // The input the run stopped in: what it stored counts in the run's record and audit entry.
    if (unfinished !== undefined) {
      unfinished.problem ??= `not finished: ${errorMessage(error)}`;
      files.push(unfinished);
    }
  }
  const stoppedIn = unfinished;
  // Also after a failure: the events stored so far stay and need their indexes, and failed runs are audited too.
  // Each step runs whatever became of the others (on a full disk several fail); the first failure is reported.
  const closing = await settleAll([
    () => unobserve?.(),
    () => threads.close(),
    () => indexes.finish(),
    () => {
      if (refresh === undefined) return;
      store.events.stopRefreshing();
      // The activity groups of the events it changed; with the indexes still deferred (their build failed), the next open does it.
      if (!store.indexesDeferred) storeWrite(() => recountActivity(store.db));
    },
    () => stoppedIn === undefined || storeWrite(() => store.runs.recordFile(runId, stoppedIn)),
    () => storeWrite(() => store.runs.finish(runId, status)),
    () => storeWrite(() => store.audit.append({
      actor: options.actor,
      action: 'ingest',
      target: paths.join(' '),
      details: { run: runId, status, ...totals(files), formats: [...new Set(files.map((f) => f.format).filter(Boolean))] },
    })),
  ]);
  if (failure !== undefined) throw runFailure(failure, closing, `${String(stored)} new events of this run are stored. Once the store can be written again, run the same ingest: what is stored is not added twice`);
  if (closing.length > 0) throw runFailure(closing.shift(), closing, `all ${String(stored)} new events of this run are stored`);
  // When refreshed events' templates changed, the pass maps the whole store again: the run's own count is not its.
  const vectors = await updateVectorsAfterIngest(store, options, refresh?.templatesChanged === true ? undefined : templates);
  return { runId, files, totals: totals(files), parseThread: threads.used, durationMs: performance.now() - started, ...vectors };
}

/** A write of the run's own records (run, files, audit): refused, it is a store error as the event writer's are. */
function storeWrite<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw storeWriteError(error);
  }
}

/** Runs every step, each whatever the others did; returns the failures in order. */
async function settleAll(steps: readonly (() => unknown)[]): Promise<unknown[]> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  return failures;
}

/**
 * The error an ingest ends with. When the store refused a write (a full disk…), it says what is stored (`stored`)
 * and what to do; failures of the steps after it are appended, not lost.
 */
function runFailure(failure: unknown, after: readonly unknown[], stored: string): unknown {
  const also = after.length === 0 ? '' : ` (then also: ${after.map(errorMessage).join('; ')})`;
  if (!(failure instanceof VigilError)) return after.length === 0 ? failure : new VigilError('E_INTERNAL', `${errorMessage(failure)}${also}`, { cause: failure });
  const told = failure.code === 'E_STORE' ? `; ${stored}` : '';
  return told === '' && also === '' ? failure : new VigilError(failure.code, `${failure.message}${told}${also}`, { cause: failure });
}

/** The same source, counting the bytes its readers take from it; a second read (see parseOnThread) counts only what the first did not reach. */
function countingBytes(source: InputSource, count: (n: number) => void): InputSource {
  const open = source.open.bind(source);
  let counted = 0;
  return {
    ...source,
    open: async function* () {
      let at = 0;
      for await (const chunk of open()) {
        at += chunk.length;
        if (at > counted) {
          count(at - counted);
          counted = at;
        }
        yield chunk;
      }
    },
  };
}

function totals(files: FileReport[]): IngestReport['totals'] {
  const sum = (pick: (f: FileReport) => number) => files.reduce((acc, f) => acc + pick(f), 0);
  return {
    files: files.length,
    events: sum((f) => f.events),
    inserted: sum((f) => f.inserted),
    duplicates: sum((f) => f.duplicates),
    updated: sum((f) => f.updated ?? 0),
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

type Parser = (source: InputSource, onError: (error: RecordError) => void) => AsyncGenerator<ParseStep>;

async function ingestSource(
  store: Store, source: InputSource, runId: number, options: IngestOptions, parse: Parser, templates: TemplatesAsWritten | undefined,
  progress: (events: number, inserted: number) => void,
  onStart: (report: FileReport) => void,
): Promise<FileReport> {
  const started = performance.now();
  const report = problemReport(source.name, '');
  delete report.problem;
  onStart(report);
  report.size = source.size;
  const maxSamples = options.maxErrorSamples ?? 100;
  const onError = (error: RecordError) => {
    if (report.errorSamples.length < maxSamples) report.errorSamples.push(error);
  };
  // Rows go into the open transaction as they arrive; a transaction ends at `batchSize` rows or
  // MAX_BATCH_CHARS characters, so no batch of rows is ever held in memory.
  const writer = store.events;
  let batchRows = 0;
  let batchChars = 0;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  // Rows that come again after a restart were counted in the progress already.
  let countedBeforeRestart = 0;
  const commit = () => {
    const refreshedBefore = writer.refreshed;
    const inserted = writer.commit();
    const updated = writer.refreshed - refreshedBefore;
    report.inserted += inserted;
    report.duplicates += batchRows - inserted - updated;
    if (updated > 0) report.updated = (report.updated ?? 0) + updated;
    const again = Math.min(countedBeforeRestart, batchRows);
    countedBeforeRestart -= again;
    progress(batchRows - again, inserted);
    batchRows = 0;
    batchChars = 0;
  };
  templates?.startInput();
  // The rows a parse thread had stored before the file started over (parseOnThread): they come again, as duplicates.
  let storedBeforeRestart = 0;
  try {
    for await (const output of parse(source, onError)) {
      if (output.kind === 'restart') {
        if (writer.inBatch) commit();
        storedBeforeRestart += report.inserted;
        countedBeforeRestart += report.events;
        Object.assign(report, { events: 0, inserted: 0, duplicates: 0, rereadInline: output.reason });
        // The inline read detects the format and reports the records' errors again.
        delete report.format;
        delete report.formatScore;
        delete report.container;
        delete report.problem;
        report.errorSamples.length = 0;
        templates?.startInput();
      } else if (output.kind === 'detected') {
        report.format = output.format;
        report.formatScore = output.score;
        if (output.container !== undefined) report.container = output.container;
        if (output.problem !== undefined) report.problem = output.problem;
      } else if (output.kind === 'rows') {
        const keys = output.templates?.keys;
        if (output.templates !== undefined) templates?.learn(output.templates.texts);
        for (let i = 0; i < output.rows.length; i++) {
          const row = output.rows[i]!;
          if (!writer.inBatch) writer.begin();
          templates?.keyNext(keys === undefined ? -1 : keys[i]!);
          writer.add(row, runId);
          batchRows++;
          batchChars += rowChars(row);
          // Bounded by count and by size: 20,000 small syslog rows, or fewer multi-KB Windows events.
          if (batchRows >= batchSize || batchChars >= MAX_BATCH_CHARS) commit();
        }
        report.events += output.rows.length;
      } else Object.assign(report, pickCounters(output.counters));
    }
  } catch (error) {
    // The store refusing a write ends the run (storeWriteError): every later input would fail the same way.
    if (error instanceof VigilError && error.code === 'E_STORE') {
      report.durationMs = performance.now() - started;
      throw error;
    }
    report.problem = `read failed: ${errorMessage(error)}; ${report.events} events before the failure were kept`;
  } finally {
    if (writer.inBatch) commit();
  }
  if (storedBeforeRestart > 0) {
    report.inserted += storedBeforeRestart;
    report.duplicates = Math.max(0, report.duplicates - storedBeforeRestart);
  }
  report.durationMs = performance.now() - started;
  return report;
}

function pickCounters(c: ReadCounters) {
  return { lines: c.lines, records: c.records, meta: c.meta, errors: c.errors, fallbacks: c.fallbacks };
}
