import { loadRuleSet, type RuleDirectory } from '../../detect/index.ts';
import { defaultResolver } from '../../detect/mapping/index.ts';
import type { RuleSetLoad } from '../../detect/types.ts';
import { loadPlaceholders } from '../../pipeline/detect-options.ts';
import { VigilError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';
import { line, number, paint, printJson, table, terminalSafe } from '../output.ts';
import { defineCommand } from './command.ts';

export const RULES_EXIT = { ok: 0, partial: 1 } as const;

export interface RuleCheckRow {
  file: string;
  line: number;
  status: 'loaded' | 'idle' | 'unsupported' | 'invalid';
  kind?: 'detection' | 'correlation';
  id?: string;
  title?: string;
  reason?: string;
  notes?: string[];
}

export interface RuleCheckReport {
  rules: RuleCheckRow[];
  totals: { documents: number; loaded: number; idle: number; unsupported: number; invalid: number };
}

export const rulesCommand = defineCommand({
  name: 'rules',
  define: (c) =>
    c
      .description('Check Sigma rules: `vigil rules check <paths…>` says which rules load, which are unsupported or invalid, and why.')
      .argument('<action>', 'check')
      .argument('[paths...]', 'rule files or directories (searched recursively for *.yml / *.yaml)')
      .option('--placeholders <file>', 'YAML or JSON map of Sigma placeholder values for the expand modifier'),
  run(ctx: CliContext, args, options) {
    const [action, paths] = args as [string, string[] | undefined];
    if (action !== 'check') throw new VigilError('E_USAGE', `rules: unknown action ${action} (check)`);
    if (paths === undefined || paths.length === 0) throw new VigilError('E_USAGE', 'rules check: give at least one rule file or directory');
    const dirs: RuleDirectory[] = paths.map((path) => ({ path, origin: 'extra' }));
    const placeholders = loadPlaceholders(options.placeholders as string | undefined);
    const report = checkReport(loadRuleSet(dirs, defaultResolver, { placeholders }));
    if (ctx.output.json) printJson(ctx.output, report);
    else printReport(ctx, report);
    return Promise.resolve(report.totals.unsupported + report.totals.invalid === 0 ? RULES_EXIT.ok : RULES_EXIT.partial);
  },
});

/** Every rule document, loaded or not, sorted by file then line. */
export function checkReport(load: RuleSetLoad): RuleCheckReport {
  const rows: RuleCheckRow[] = [
    ...load.rules.map((r): RuleCheckRow => {
      const notes = r.notes ?? [];
      return { file: r.pos.file, line: r.pos.line, status: 'loaded', kind: 'detection', id: r.ref.id, title: r.ref.title, ...(notes.length > 0 ? { notes: [...notes] } : {}) };
    }),
    ...load.correlations.map((c): RuleCheckRow => ({ file: c.pos.file, line: c.pos.line, status: 'loaded', kind: 'correlation', id: c.ref.id, title: c.ref.title })),
    ...load.problems.map((p): RuleCheckRow => ({ file: p.pos.file, line: p.pos.line, status: p.status, ...(p.id === undefined ? {} : { id: p.id }), ...(p.title === undefined ? {} : { title: p.title }), reason: p.reason })),
  ];
  rows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const count = (status: RuleCheckRow['status']) => rows.filter((r) => r.status === status).length;
  return { rules: rows, totals: { documents: load.total, loaded: count('loaded'), idle: count('idle'), unsupported: count('unsupported'), invalid: count('invalid') } };
}

function printReport(ctx: CliContext, report: RuleCheckReport): void {
  const o = ctx.output;
  const shown = report.rules.filter((r) => !o.quiet || r.status !== 'loaded' || r.notes !== undefined);
  const colour = { loaded: 'green', idle: 'cyan', unsupported: 'yellow', invalid: 'red' } as const;
  const rows = shown.map((r) => [
    terminalSafe(`${r.file}:${r.line}`),
    paint(o, colour[r.status], r.status.padEnd(11)),
    terminalSafe([r.title ?? r.id ?? '', r.reason, ...(r.notes ?? [])].filter((t) => t !== undefined && t !== '').join(' — ')),
  ]);
  if (rows.length > 0) line(o, table(rows));
  const t = report.totals;
  line(o, `${number(t.documents)} rule documents: ${number(t.loaded)} loaded, ${number(t.idle)} idle (compiled; no Vigil format produces their logsource), ${number(t.unsupported)} unsupported, ${number(t.invalid)} invalid`);
}
