import type { CliContext } from '../context.ts';
import { printJson } from '../output.ts';
import { defineCommand } from './command.ts';
import { withIngestOptions } from './ingest-options.ts';
import { ingestExitCode, printIngestReport, runIngest } from './run-ingest.ts';

export const ingestCommand = defineCommand({
  name: 'ingest',
  define: (c) => withIngestOptions(c.description('Read logs, normalise them and store the events (re-reading adds nothing).')),
  async run(ctx: CliContext, args, options) {
    const paths = args[0] as string[];
    const store = ctx.openStore();
    try {
      const report = await runIngest(ctx, store, paths, options);
      if (ctx.output.json) printJson(ctx.output, { db: ctx.dbPath, ...report });
      else printIngestReport(ctx, report);
      return ingestExitCode(report);
    } finally {
      store.close();
    }
  },
});
