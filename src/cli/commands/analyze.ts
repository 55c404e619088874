import { overview, type Overview } from '../../store/overview.ts';
import type { CliContext } from '../context.ts';
import { line, number, paint, printJson, table, terminalSafe, type Output } from '../output.ts';
import { defineCommand } from './command.ts';
import { withIngestOptions, type IngestFlags } from './ingest-options.ts';
import { ingestExitCode, printIngestReport, runIngest } from './run-ingest.ts';
import { printStats } from './stats.ts';

export const analyzeCommand = defineCommand({
  name: 'analyze',
  define: (c) => withIngestOptions(c.description('Ingest logs and print an analysis report of everything in the store.')),
  async run(ctx: CliContext, args, options) {
    const store = ctx.openStore();
    try {
      const ingest = await runIngest(ctx, store, args[0] as string[], options as unknown as IngestFlags);
      const report = overview(store.db);
      if (ctx.output.json) {
        printJson(ctx.output, { db: ctx.dbPath, ingest, overview: report });
      } else {
        printIngestReport(ctx, ingest);
        line(ctx.output);
        printOverview(ctx.output, report);
      }
      return ingestExitCode(ingest);
    } finally {
      store.close();
    }
  },
});

function printOverview(o: Output, report: Overview): void {
  printStats(o, report.stats);
  const section = (title: string, rows: string[][]) => {
    if (rows.length === 0) return;
    line(o);
    line(o, paint(o, 'bold', title));
    line(o, table(rows));
  };
  section(
    'Failed authentication by source',
    report.failedAuthBySource.map((s) => [
      terminalSafe(s.ip), `${number(s.attempts)} attempts`, `${number(s.users)} users`, `${s.first ?? '?'} → ${s.last ?? '?'}`,
      s.succeededAfter ? paint(o, 'red', 'later SUCCEEDED') : '',
    ]),
  );
  section(
    'Denied network traffic by source',
    report.deniedBySource.map((s) => [terminalSafe(s.ip), `${number(s.denied)} denied`, `${number(s.ports)} ports`, `${number(s.targets)} targets`]),
  );
  section(
    'Web errors (4xx/5xx) by client',
    report.webErrorsByClient.map((s) => [terminalSafe(s.client), `${number(s.errors)} errors`, `${number(s.paths)} distinct paths`]),
  );
  section('Most started processes', report.topProcesses.map((p) => [terminalSafe(p.name), number(p.count)]));
}
