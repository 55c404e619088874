import { storeStats, type StoreStats } from '../../store/index.ts';
import type { CliContext } from '../context.ts';
import { line, number, paint, printJson, table, terminalSafe, type Output } from '../output.ts';
import { defineCommand } from './command.ts';

export const statsCommand = defineCommand({
  name: 'stats',
  define: (c) => c.description('Counts by format, dataset and action/outcome; top sources, users, hosts; time range.').option('--top <n>', 'entries in each top list', '10'),
  run(ctx: CliContext, _args, options) {
    const store = ctx.openStore();
    try {
      const stats = storeStats(store.db, Math.max(1, Number(options.top) || 10));
      if (ctx.output.json) printJson(ctx.output, { db: ctx.dbPath, ...stats });
      else printStats(ctx.output, stats);
      return Promise.resolve(0);
    } finally {
      store.close();
    }
  },
});

export function printStats(o: Output, s: StoreStats): void {
  line(o, `${paint(o, 'bold', number(s.events))} events (${number(s.occurrences)} occurrences) from ${number(s.files)} files, ${s.timeRange.first ?? '?'} → ${s.timeRange.last ?? '?'}${s.withoutTime > 0 ? `, ${number(s.withoutTime)} without time` : ''}`);
  const block = (title: string, rows: string[][]) => {
    if (rows.length === 0) return;
    line(o);
    line(o, paint(o, 'bold', title));
    line(o, table(rows));
  };
  block('By format', s.byFormat.map((c) => [terminalSafe(c.value), number(c.count)]));
  block('By dataset', s.byDataset.map((c) => [terminalSafe(c.value), number(c.count)]));
  block('By action / outcome', s.byActionOutcome.slice(0, 15).map((c) => [terminalSafe(c.action), c.outcome ?? '-', number(c.count)]));
  block('Top source IPs', s.topSourceIps.map((c) => [terminalSafe(c.value), number(c.count)]));
  block('Top users', s.topUsers.map((c) => [terminalSafe(c.value), number(c.count)]));
  block('Top hosts', s.topHosts.map((c) => [terminalSafe(c.value), number(c.count)]));
}
