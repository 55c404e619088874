import { Option } from 'commander';
import { SEVERITIES, type Severity } from '../../schema/incident.ts';
import type { CliContext } from '../context.ts';
import { printJson } from '../output.ts';
import { printIncidentList } from '../render/incidents.ts';
import { defineCommand } from './command.ts';

export const incidentsCommand = defineCommand({
  name: 'incidents',
  define: (c) =>
    c
      .description('List the incidents of the latest analysis, most severe first.')
      .addOption(new Option('-s, --severity <levels...>', 'only these severities').choices([...SEVERITIES]))
      .option('-t, --technique <id>', 'only incidents with this ATT&CK technique (T1110 also matches T1110.001)')
      .option('-e, --entity <value>', 'only incidents involving this IP, user or host')
      .option('-n, --limit <n>', 'maximum incidents to list', '100'),
  run(ctx: CliContext, _args, options) {
    const store = ctx.openStore({ readonly: true });
    try {
      const result = store.analyses.incidents({
        severities: options.severity as Severity[] | undefined,
        technique: options.technique as string | undefined,
        entity: options.entity as string | undefined,
        limit: Math.max(0, Number(options.limit) || 0),
      });
      if (ctx.output.json) printJson(ctx.output, { total: result.total, returned: result.incidents.length, incidents: result.incidents });
      else printIncidentList(ctx.output, result.incidents, result.total);
      return Promise.resolve(0);
    } finally {
      store.close();
    }
  },
});
