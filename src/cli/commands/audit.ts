import { VigilError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';
import { line, paint, printJson, table, terminalSafe } from '../output.ts';
import { defineCommand } from './command.ts';

export const AUDIT_TAMPERED_EXIT = 6;

export const auditCommand = defineCommand({
  name: 'audit',
  define: (c) =>
    c
      .description('Show the audit log, or `vigil audit verify` to check its hash chain.')
      .argument('[action]', 'list (default) or verify', 'list')
      .option('--action <name>', 'only entries of this action (ingest, search, export, …)')
      .option('--by <actor>', 'only entries by this actor')
      .option('-n, --limit <n>', 'most recent entries to show', '50'),
  run(ctx: CliContext, args, options) {
    const verb = args[0] as string;
    if (verb !== 'list' && verb !== 'verify') throw new VigilError('E_USAGE', `audit: unknown action ${verb} (list or verify)`);
    const store = ctx.openStore();
    try {
      if (verb === 'verify') {
        const result = store.audit.verify();
        if (ctx.output.json) printJson(ctx.output, result);
        else if (result.ok) line(ctx.output, paint(ctx.output, 'green', `audit chain intact: ${result.records} records verified`));
        else line(ctx.output, paint(ctx.output, 'red', `audit chain BROKEN at record ${result.firstBad?.seq}: ${result.firstBad?.reason}`));
        return Promise.resolve(result.ok ? 0 : AUDIT_TAMPERED_EXIT);
      }
      const entries = store.audit.list({ action: options.action as string | undefined, actor: options.by as string | undefined, limit: Math.max(1, Number(options.limit) || 50) });
      if (ctx.output.json) printJson(ctx.output, { entries });
      else line(ctx.output, table(entries.map((e) => [String(e.seq), e.at, terminalSafe(e.actor), e.action, terminalSafe(e.target ?? ''), terminalSafe(JSON.stringify(e.details))])));
      return Promise.resolve(0);
    } finally {
      store.close();
    }
  },
});
