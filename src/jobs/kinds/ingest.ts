import { basename, dirname } from 'node:path';
import { ingest } from '../../pipeline/ingest.ts';
import type { IngestFileResult, IngestJobResult } from '../../schema/api/jobs.ts';
import { openStore, type FileReport } from '../../store/index.ts';
import { nameInStagedFile } from '../staged-name.ts';
import type { JobRequest, StagedFile } from '../types.ts';
import type { JobContext } from './index.ts';

/**
 * Ingests staged files. Secondary indexes are never deferred here: searches keep their indexes while the
 * server ingests (a bulk load would drop them until its end). Parsing stays on the job's thread, which runs at a
 * lower priority: a second one would take the CPU the threads that answer requests need.
 */
export async function runIngestJob(request: Extract<JobRequest, { kind: 'ingest' }>, ctx: JobContext): Promise<IngestJobResult> {
  const { payload } = request;
  const store = openStore(ctx.dbPath);
  try {
    const seen = new Set<string>();
    const report = await ingest(store, payload.files.map((f) => f.path), {
      tz: payload.tz,
      zones: payload.zones,
      zoneName: (name) => displayName(stagedOf(payload.files, name), name),
      format: payload.format,
      year: payload.year,
      refresh: payload.refresh === true,
      actor: request.actor,
      deferIndexes: false,
      threads: false,
      onProgress: (p) => {
        const staged = stagedOf(payload.files, p.file);
        if (staged !== undefined) seen.add(staged.path);
        ctx.progress({ bytes: p.bytes, events: p.totalEvents, file: displayName(staged, p.file), filesDone: Math.max(0, seen.size - 1) });
      },
    });
    return {
      kind: 'ingest',
      runId: report.runId,
      files: report.files.map((f) => fileResult(f, stagedOf(payload.files, f.path))),
      totals: report.totals,
      durationMs: Math.round(report.durationMs),
    };
  } finally {
    store.close();
  }
}

/** The staged file a reported path belongs to (`<path>` or, inside an archive, `<path>!<member>`). */
function stagedOf(files: readonly StagedFile[], reported: string): StagedFile | undefined {
  return files.find((f) => reported === f.path || reported.startsWith(`${f.path}!`));
}

function displayName(staged: StagedFile | undefined, reported: string): string {
  if (staged === undefined) return reported;
  return staged.name + reported.slice(staged.path.length);
}

function fileResult(report: FileReport, staged: StagedFile | undefined): IngestFileResult {
  const member = staged !== undefined && report.path !== staged.path;
  return {
    name: displayName(staged, report.path),
    size: member || staged === undefined ? (report.size ?? 0) : staged.size,
    sha256: member || staged === undefined ? '' : staged.sha256,
    format: report.format ?? null,
    events: report.events,
    inserted: report.inserted,
    duplicates: report.duplicates,
    updated: report.updated ?? 0,
    errors: report.errors,
    errorSamples: report.errorSamples.slice(0, 20),
    problem: report.problem ?? null,
    sameLogAs: report.sameLogAs === undefined ? null : sameLogName(report.sameLogAs, staged),
    tz: report.tz ?? null,
  };
}

/**
 * How the log a file repeats is shown: an earlier upload (a staged file beside this one, see staged-name.ts;
 * archive members `…!<member>`) by the name it was uploaded under, any other log by its path.
 */
function sameLogName(key: string, staged: StagedFile | undefined): string {
  const bang = key.indexOf('!');
  const file = bang < 0 ? key : key.slice(0, bang);
  const uploaded = staged !== undefined && dirname(file) === dirname(staged.path) ? nameInStagedFile(basename(file)) : undefined;
  return uploaded === undefined ? key : uploaded + key.slice(file.length);
}
