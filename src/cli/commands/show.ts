import { eventsByIds } from '../../store/index.ts';
import { VigilError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';
import { line, paint, printJson } from '../output.ts';
import { llmIncidentSummary, printLlmSummary } from '../incident-summary.ts';
import { printIncident } from '../render/incidents.ts';
import { defineCommand } from './command.ts';
import { withLlmOptions } from './llm-options.ts';
import { printEvents } from './search.ts';

export const showCommand = defineCommand({
  name: 'show',
  define: (c) =>
    withLlmOptions(c)
      .description('Show one incident: summary, severity factors, ATT&CK, alerts, recommended actions and evidence events.')
      .argument('<incident>', 'incident id or a unique prefix of it (≥ 4 hex digits)')
      .option('--evidence <n>', 'evidence events to print', '20')
      .option('--summarize', 'also have the configured LLM summarise the incident (map-reduce over its alerts; falls back to the narrative)'),
  async run(ctx: CliContext, args, options) {
    const summarize = options.summarize === true;
    const store = ctx.openStore({ readonly: !summarize });
    try {
      const incident = store.analyses.incident(args[0] as string);
      if (incident === undefined) throw new VigilError('E_USAGE', `no incident ${String(args[0])} (vigil incidents lists them)`);
      const limit = Math.max(0, Number(options.evidence) || 0);
      const evidence = eventsByIds(store.db, incident.event_ids.slice(0, limit));
      const llmSummary = summarize ? await llmIncidentSummary(ctx, store, incident, options) : undefined;
      if (ctx.output.json) {
        printJson(ctx.output, { incident, alerts: store.analyses.alertsOf(incident.id), evidence, ...(llmSummary === undefined ? {} : { llm_summary: llmSummary }) });
      } else {
        printIncident(ctx.output, incident);
        if (llmSummary !== undefined) printLlmSummary(ctx.output, llmSummary);
        line(ctx.output);
        line(ctx.output, paint(ctx.output, 'bold', 'Evidence'));
        printEvents(ctx.output, evidence, incident.event_total, 'evidence events');
      }
      return 0;
    } finally {
      store.close();
    }
  },
});
