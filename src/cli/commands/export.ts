import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import type { Incident } from '../../schema/incident.ts';
import { countEvents, type Store } from '../../store/index.ts';
import { EXPORT_FORMATS, renderExport } from '../../triage/export/render.ts';
import { VigilError } from '../../util/errors.ts';
import { vigilVersion } from '../../util/package-root.ts';
import { writeCaseDir } from '../case-dir.ts';
import type { CliContext } from '../context.ts';
import { line, number, printJson } from '../output.ts';
import { defineCommand } from './command.ts';

export { EXPORT_FORMATS, renderExport };
type ExportFormat = (typeof EXPORT_FORMATS)[number];

function selected(store: Store, ids: readonly string[], all: boolean): Incident[] {
  if (all) return store.analyses.incidents({ limit: Number.MAX_SAFE_INTEGER }).incidents;
  if (ids.length === 0) throw new VigilError('E_USAGE', 'export: give incident ids (or prefixes), or --all');
  return ids.map((id) => {
    const incident = store.analyses.incident(id);
    if (incident === undefined) throw new VigilError('E_USAGE', `no incident ${id} (vigil incidents lists them)`);
    return incident;
  });
}

export const exportCommand = defineCommand({
  name: 'export',
  define: (c) =>
    c
      .description('Export incidents as case files: Markdown, JSON (case format), ATT&CK Navigator layer or CSV; or a whole case directory.')
      .argument('[incidents...]', 'incident ids or unique prefixes')
      .option('--all', 'every incident of the latest analysis')
      .addOption(new Option('-f, --format <format>', 'output format').choices([...EXPORT_FORMATS]).default('md'))
      .option('-o, --out <file>', 'write to this file instead of stdout')
      .option('--cases <dir>', 'write the whole case directory (per incident .json and .md, SUMMARY.md, incidents.csv, Navigator layer)'),
  run(ctx: CliContext, args, options) {
    const flags = options as { all?: boolean; format: ExportFormat; out?: string; cases?: string };
    const store = ctx.openStore();
    try {
      const incidents = selected(store, (args[0] as string[] | undefined) ?? [], flags.all === true);
      const now = new Date();
      const target = flags.cases !== undefined ? `cases:${flags.cases}` : `${flags.format}:${flags.out ?? 'stdout'}`;
      store.audit.append({ actor: ctx.actor, action: 'export', target, details: { incidents: incidents.map((i) => i.id), format: flags.format, all: flags.all === true } });
      if (flags.cases !== undefined) {
        const files = writeCaseDir(resolve(flags.cases), incidents, countEvents(store.db), now);
        if (ctx.output.json) printJson(ctx.output, { incidents: incidents.length, files });
        else line(ctx.output, `wrote ${number(files.length)} files for ${number(incidents.length)} incidents to ${resolve(flags.cases)}`);
        return Promise.resolve(0);
      }
      const text = renderExport(flags.format, incidents, { generatedAt: now.toISOString(), version: vigilVersion(), eventCount: countEvents(store.db) });
      if (flags.out !== undefined) {
        writeFileSync(resolve(flags.out), text);
        if (ctx.output.json) printJson(ctx.output, { incidents: incidents.length, files: [resolve(flags.out)] });
        else line(ctx.output, `wrote ${resolve(flags.out)} (${number(incidents.length)} incidents)`);
      } else if (ctx.output.json) printJson(ctx.output, { incidents: incidents.length, format: flags.format, content: text });
      else ctx.output.out.write(text);
      return Promise.resolve(0);
    } finally {
      store.close();
    }
  },
});
