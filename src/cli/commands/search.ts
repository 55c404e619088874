import { searchEvents } from '../../store/index.ts';
import type { VigilEvent } from '../../schema/event.ts';
import { VigilError } from '../../util/errors.ts';
import { parseBound } from '../../util/time-bound.ts';
import type { CliContext } from '../context.ts';
import { line, number, paint, printJson, terminalSafe, type Output } from '../output.ts';
import { defineCommand } from './command.ts';
import { eventText } from '../../schema/event-text.ts';

function parseFields(pairs: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new VigilError('E_USAGE', `--field expects key=value, got ${pair}`);
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return fields;
}

export const searchCommand = defineCommand({
  name: 'search',
  define: (c) =>
    c
      .description('Search stored events by words (full-text) and exact field values.')
      .argument('[text...]', 'words that must all occur in the message or original record')
      .option('-f, --field <key=value>', 'exact field filter, repeatable (source.ip, user.name, host.name, event.action, event.outcome, …)', (v: string, prev: string[]) => [...prev, v], [] as string[])
      .option('--since <time>', 'ISO-8601 time or duration back from now (24h, 7d)')
      .option('--until <time>', 'ISO-8601 time or duration back from now')
      .option('-n, --limit <n>', 'maximum events to print', '50')
      .option('--desc', 'newest first'),
  run(ctx: CliContext, args, options) {
    const words = (args[0] as string[] | undefined) ?? [];
    const now = Date.now();
    const query = {
      text: words.length > 0 ? words.join(' ') : undefined,
      fields: parseFields(options.field as string[]),
      sinceMs: options.since === undefined ? undefined : parseBound(options.since as string, now),
      untilMs: options.until === undefined ? undefined : parseBound(options.until as string, now),
      limit: Math.max(0, Number(options.limit) || 0),
      order: options.desc === true ? ('desc' as const) : ('asc' as const),
    };
    const store = ctx.openStore();
    try {
      const result = searchEvents(store.db, query);
      store.audit.append({ actor: ctx.actor, action: 'search', target: query.text ?? '', details: { fields: query.fields, since: options.since, until: options.until, total: result.total } });
      if (ctx.output.json) printJson(ctx.output, { total: result.total, totalExact: result.totalExact, returned: result.events.length, events: result.events });
      else printEvents(ctx.output, result.events, result.total, 'matching events', result.totalExact);
      return Promise.resolve(0);
    } finally {
      store.close();
    }
  },
});

export function printEvents(o: Output, events: VigilEvent[], total: number, noun = 'matching events', exact = true): void {
  for (const e of events) {
    const who = [e.source?.ip ?? e.source?.domain, e.user?.name, e.host?.name].filter((v) => v !== undefined).join(' ');
    const what = [e.event.action, e.event.outcome].filter((v) => v !== undefined).join('/');
    const text = eventText(e).slice(0, 200);
    line(o, `${paint(o, 'dim', e['@timestamp'] ?? '-'.padEnd(24))}  ${paint(o, 'cyan', e.event.dataset)}  ${what}  ${terminalSafe(who)}  ${terminalSafe(text)}`);
  }
  line(o, paint(o, 'dim', `${number(events.length)} of ${number(total)}${exact ? '' : '+'} ${noun}`));
}
