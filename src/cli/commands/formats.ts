import { FORMATS } from '../../ingest/formats/index.ts';
import type { CliContext } from '../context.ts';
import { line, printJson, table } from '../output.ts';
import { defineCommand } from './command.ts';

export const formatsCommand = defineCommand({
  name: 'formats',
  define: (c) => c.description('List the log formats Vigil reads (detected from content; force one with --format).'),
  run(ctx: CliContext) {
    const formats = FORMATS.map((f) => ({ id: f.id, title: f.title, description: f.description, framing: f.framing, logsources: f.logsources }));
    if (ctx.output.json) printJson(ctx.output, { formats });
    else line(ctx.output, table(formats.map((f) => [f.id, f.framing, f.title])));
    return Promise.resolve(0);
  },
});
