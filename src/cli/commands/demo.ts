import { resolve } from 'node:path';
import { writeDemo } from '../../demo/index.ts';
import { VigilError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';
import { line, number, printJson, table } from '../output.ts';
import { defineCommand } from './command.ts';

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new VigilError('E_USAGE', `${name} expects a whole number, got ${value}`);
    return n;
  };
}

export const demoCommand = defineCommand({
  name: 'demo',
  define: (c) =>
    c
      .description('Write a realistic demo data set (sshd, nginx, iptables, Windows, Zeek) with labelled attacks and a truth file.')
      .argument('<dir>', 'folder to write into (created if missing)')
      .option('--volume <n>', 'approximate number of benign events', positiveInt('--volume'), 5000)
      .option('--seed <n>', 'random seed (same seed, same files)', positiveInt('--seed'), 1)
      .option('--start <time>', 'first event time, ISO-8601', '2026-11-20T00:00:00Z')
      .option('--hours <n>', 'time span in hours', positiveInt('--hours'), 24)
      .option('--no-attacks', 'benign traffic only (to measure false positives)'),
  async run(ctx: CliContext, args, options) {
    const start = new Date(options.start as string);
    if (Number.isNaN(start.getTime())) throw new VigilError('E_USAGE', `--start expects an ISO-8601 time, got ${String(options.start)}`);
    const result = await writeDemo(resolve(args[0] as string), {
      volume: options.volume as number,
      seed: options.seed as number,
      start,
      hours: Math.max(1, options.hours as number),
      attacks: options.attacks !== false,
    });
    if (ctx.output.json) printJson(ctx.output, result);
    else {
      line(ctx.output, table(result.files.map((f) => [f.path, f.format, `${number(f.events)} events`])));
      line(ctx.output, `${result.scenarios} attack scenarios; ground truth in ${result.truthPath}`);
      line(ctx.output, `next: vigil analyze ${result.logsDir}`);
    }
    return 0;
  },
});
