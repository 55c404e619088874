import { eventsByIds } from '../../store/index.ts';
import { VigilError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';
import { line, paint, printJson } from '../output.ts';
import { printIncident } from '../render/incidents.ts';
import { defineCommand } from './command.ts';
import { printEvents } from './search.ts';

export const showCommand = defineCommand({
  name: 'show',
  define: (c) =>
    c
      .description('Show one incident: summary, severity factors, ATT&CK, alerts, recommended actions and evidence events.')
      .argument('<incident>', 'incident id or a unique prefix of it (≥ 4 hex digits)')
      .option('--evidence <n>', 'evidence events to print', '20'),
  run(ctx: CliContext, args, options) {
    const store = ctx.openStore({ readonly: true });
    try {
      const incident = store.analyses.incident(args[0] as string);
      if (incident === undefined) throw new VigilError('E_USAGE', `no incident ${String(args[0])} (vigil incidents lists them)`);
      const limit = Math.max(0, Number(options.evidence) || 0);
      const evidence = eventsByIds(store.db, incident.event_ids.slice(0, limit));
      if (ctx.output.json) {
        printJson(ctx.output, { incident, alerts: store.analyses.alertsOf(incident.id), evidence });
      } else {
        printIncident(ctx.output, incident);
        line(ctx.output);
        line(ctx.output, paint(ctx.output, 'bold', 'Evidence'));
        printEvents(ctx.output, evidence, incident.event_total, 'evidence events');
      }
      return Promise.resolve(0);
    } finally {
      store.close();
    }
  },
});
