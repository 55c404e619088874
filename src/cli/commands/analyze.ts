import { resolve } from 'node:path';
import { analyzeStore } from '../../pipeline/analyze.ts';
import { detectOptions } from '../../pipeline/detect-options.ts';
import { overview, type Overview } from '../../store/overview.ts';
import { writeCaseDir } from '../case-dir.ts';
import type { CliContext } from '../context.ts';
import { plural } from '../../util/count.ts';
import { line, number, paint, printJson, table, terminalSafe, type Output } from '../output.ts';
import { printIncidentList, printRuleSummary, severityCounts } from '../render/incidents.ts';
import { defineCommand } from './command.ts';
import { withDetectOptions } from './detect-options.ts';
import { withIngestOptions } from './ingest-options.ts';
import { ingestExitCode, printIngestReport, runIngest } from './run-ingest.ts';
import { printStats } from './stats.ts';

export const analyzeCommand = defineCommand({
  name: 'analyze',
  define: (c) =>
    withDetectOptions(
      withIngestOptions(c.description('Ingest logs, run detection and triage over everything in the store, and print the incidents.')),
      'analyze',
    ).option('--cases <dir>', 'also write the case files (per incident .json/.md, SUMMARY.md, incidents.csv, ATT&CK Navigator layer)'),
  async run(ctx: CliContext, args, options) {
    const store = ctx.openStore();
    try {
      const ingest = await runIngest(ctx, store, args[0] as string[], options);
      const findings = analyzeStore(store, { ...detectOptions('analyze', options, ctx.config()), actor: ctx.actor });
      const report = overview(store.db);
      const casesDir = (options as { cases?: string }).cases;
      const caseFiles = casesDir === undefined ? undefined : writeCaseDir(resolve(casesDir), findings.incidents, findings.events, new Date());
      if (ctx.output.json) {
        printJson(ctx.output, {
          db: ctx.dbPath,
          ingest,
          analysis: {
            id: findings.analysisId,
            rules: findings.rules,
            events: findings.events,
            alerts: findings.alerts.length,
            incidents: findings.incidents.length,
            bySeverity: severityCounts(findings.incidents),
            durationMs: Math.round(findings.durationMs),
          },
          incidents: findings.incidents,
          ...(caseFiles === undefined ? {} : { cases: { dir: resolve(casesDir ?? ''), files: caseFiles.length } }),
          overview: report,
        });
      } else {
        printIngestReport(ctx, ingest);
        line(ctx.output);
        printRuleSummary(ctx.output, findings.rules);
        line(ctx.output, `Detection: ${number(findings.events)} events → ${number(findings.alerts.length)} alerts → ${number(findings.incidents.length)} incidents`);
        line(ctx.output);
        printIncidentList(ctx.output, findings.incidents.slice(0, 25), findings.incidents.length);
        if (caseFiles !== undefined) line(ctx.output, `case files: ${number(caseFiles.length)} written to ${resolve(casesDir ?? '')}`);
        else if (findings.incidents.length > 0) line(ctx.output, paint(ctx.output, 'dim', '  vigil show <id> for one incident; vigil export --all --cases <dir> for case files'));
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
      terminalSafe(s.ip), plural(s.attempts, 'attempt'), plural(s.users, 'user'), `${s.first ?? '?'} → ${s.last ?? '?'}`,
      s.succeededAfter ? paint(o, 'red', 'later SUCCEEDED') : '',
    ]),
  );
  section(
    'Denied network traffic by source',
    report.deniedBySource.map((s) => [terminalSafe(s.ip), `${number(s.denied)} denied`, plural(s.ports, 'port'), plural(s.targets, 'target')]),
  );
  section(
    'Web errors (4xx/5xx) by client',
    report.webErrorsByClient.map((s) => [terminalSafe(s.client), plural(s.errors, 'error'), plural(s.paths, 'distinct path')]),
  );
  section('Most started processes', report.topProcesses.map((p) => [terminalSafe(p.name), number(p.count)]));
}
