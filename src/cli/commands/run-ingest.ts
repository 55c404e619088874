import { basename } from 'node:path';
import { configuredEmbedder } from '../../assist/embedding.ts';
import { createProvider, effectiveLlmConfig } from '../../assist/providers/registry.ts';
import { configuredZoneRules } from '../../normalize/source-zones.ts';
import { ingest, type IngestReport } from '../../pipeline/ingest.ts';
import type { Store } from '../../store/index.ts';
import type { CliContext } from '../context.ts';
import { Progress, line, number, paint, table, terminalSafe } from '../output.ts';
import { loadMapping, type IngestFlags } from './ingest-options.ts';

export const INGEST_EXIT = { ok: 0, partial: 1, nothingRead: 4 } as const;

export async function runIngest(ctx: CliContext, store: Store, paths: string[], flags: IngestFlags): Promise<IngestReport> {
  const progress = new Progress(ctx.output);
  const llm = ctx.config().llm ?? {};
  const provider = llm.provider === undefined || llm.provider === 'none' ? undefined : createProvider(llm);
  try {
    return await ingest(store, paths, {
      embedder: provider === undefined ? undefined : configuredEmbedder(provider, effectiveLlmConfig(llm)),
      format: flags.format,
      tz: flags.tz ?? ctx.config().ingest?.tz ?? 'UTC',
      zones: [...(flags.tzFor ?? []), ...configuredZoneRules(ctx.config().ingest?.tzFor)],
      year: flags.year,
      mapping: await loadMapping(flags.mapping),
      actor: ctx.actor,
      threads: flags.parseThread ?? 'auto',
      refresh: flags.refresh === true,
      onProgress: (p) => progress.update(`ingesting ${basename(p.file)}  ${number(p.totalEvents)} events`),
    });
  } finally {
    progress.done();
    await provider?.close();
  }
}

export function ingestExitCode(report: IngestReport): number {
  if (report.totals.files === 0 || report.totals.problems === report.totals.files) return INGEST_EXIT.nothingRead;
  return report.totals.problems > 0 ? INGEST_EXIT.partial : INGEST_EXIT.ok;
}

export function printIngestReport(ctx: CliContext, report: IngestReport): void {
  const o = ctx.output;
  const rows = report.files.map((f) => [
    terminalSafe(f.path),
    f.problem !== undefined ? paint(o, 'red', 'not read') : `${f.format ?? '?'}${f.container === undefined ? '' : ` in ${f.container} lines`}${f.tz === undefined ? '' : `, times in ${terminalSafe(f.tz)}`}`,
    `${number(f.events)} events`,
    `${number(f.inserted)} new${(f.updated ?? 0) > 0 ? `, ${number(f.updated ?? 0)} updated` : ''}`,
    f.errors > 0 ? paint(o, 'yellow', `${number(f.errors)} errors`) : '0 errors',
  ]);
  if (rows.length > 0) line(o, table(rows));
  for (const f of report.files) {
    if (f.problem !== undefined) line(o, paint(o, 'red', `  ! ${terminalSafe(f.path)}: ${terminalSafe(f.problem)}`));
    if (f.rereadInline !== undefined) {
      line(o, paint(o, 'yellow', `  ! ${terminalSafe(f.path)}: the parse thread failed (${terminalSafe(f.rereadInline)}); read again on the main thread, nothing lost`));
    }
    if (f.sameLogAs !== undefined && !o.quiet) {
      line(o, paint(o, 'dim', `  = ${terminalSafe(f.path)}: starts as ${terminalSafe(f.sameLogAs)} did (the same log, renamed, copied or grown); its events keep that log's ids`));
    }
    for (const sample of f.errorSamples.slice(0, o.quiet ? 0 : 5)) {
      line(o, paint(o, 'dim', `  ${terminalSafe(f.path)}:${sample.line}: ${terminalSafe(sample.reason)}`));
    }
    if (!o.quiet && f.errors > 5) line(o, paint(o, 'dim', `  … ${number(f.errors - 5)} more errors in ${terminalSafe(f.path)} (see \`vigil ingest --json\`)`));
  }
  const t = report.totals;
  if (report.vectorError !== undefined) line(o, paint(o, 'yellow', `  ! vector index not updated: ${terminalSafe(report.vectorError)} (full-text search has the new events)`));
  line(o, `${paint(o, 'bold', 'ingested')} ${number(t.events)} events from ${number(t.files)} inputs: ${number(t.inserted)} new, ${number(t.duplicates)} already stored, ${t.updated > 0 ? `${number(t.updated)} updated (read differently by this version), ` : ''}${number(t.errors)} record errors${t.problems > 0 ? `, ${t.problems} inputs not read` : ''} (${(report.durationMs / 1000).toFixed(1)} s)`);
}
