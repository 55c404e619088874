import { writeFileSync } from 'node:fs';
import { chatMarkdown } from '../../assist/chat-export.ts';
import type { Store } from '../../store/index.ts';
import { VigilError } from '../../util/errors.ts';
import { assistOptions, createAssistant, modeOption } from '../assist-context.ts';
import { chatRepl } from '../chat-repl.ts';
import type { CliContext } from '../context.ts';
import { line, paint, printJson, table, terminalSafe } from '../output.ts';
import { defineCommand } from './command.ts';

function sessionOrFail(store: Store, id: string | undefined) {
  if (id === undefined) throw new VigilError('E_USAGE', 'give the session id (vigil chat list shows them)');
  const session = store.chats.session(id);
  if (session === undefined) throw new VigilError('E_USAGE', `no chat session ${id}`);
  return session;
}

function exportSession(ctx: CliContext, store: Store, id: string | undefined, output: string | undefined): number {
  const session = sessionOrFail(store, id);
  const markdown = chatMarkdown(session, store.chats.messages(session.id), new Date());
  if (output !== undefined) writeFileSync(output, markdown);
  store.audit.append({ actor: ctx.actor, action: 'export', target: output ?? 'stdout', details: { chat: session.id, format: 'md' } });
  if (ctx.output.json) printJson(ctx.output, { session: session.id, path: output ?? null, ...(output === undefined ? { markdown } : {}) });
  else if (output === undefined) ctx.output.out.write(markdown);
  else line(ctx.output, `wrote ${terminalSafe(output)}`);
  return 0;
}

function listSessions(ctx: CliContext, store: Store, limit: number): number {
  const sessions = store.chats.list(limit);
  if (ctx.output.json) printJson(ctx.output, { sessions });
  else if (sessions.length === 0) line(ctx.output, 'no chat sessions yet (vigil chat, or vigil ask "…")');
  else line(ctx.output, table(sessions.map((s) => [paint(ctx.output, 'cyan', s.id), s.updated_at, `${s.messages / 2} q`, terminalSafe(s.title)])));
  return 0;
}

export const chatCommand = defineCommand({
  name: 'chat',
  define: (c) =>
    assistOptions(
      c
        .description('Chat with the logs (interactive; questions from stdin when piped). `vigil chat list`, `vigil chat export <session>`.')
        .argument('[action]', 'start (default), list, or export')
        .argument('[session]', 'session id (or unique prefix) for export')
        .option('--session <id>', 'resume this session')
        .option('-o, --output <file>', 'export: write the Markdown to this file instead of stdout')
        .option('-n, --limit <n>', 'list: how many sessions', '50'),
    ),
  async run(ctx: CliContext, args, options) {
    const action = (args[0] as string | undefined) ?? 'start';
    if (!['start', 'list', 'export'].includes(action)) throw new VigilError('E_USAGE', `chat: unknown action ${action} (start, list or export)`);
    const store = ctx.openStore();
    try {
      if (action === 'list') return listSessions(ctx, store, Math.max(1, Number(options.limit) || 50));
      if (action === 'export') return exportSession(ctx, store, args[1] as string | undefined, options.output as string | undefined);
      const session = options.session === undefined ? undefined : sessionOrFail(store, options.session as string);
      const assistant = createAssistant(ctx, store, options);
      try {
        await chatRepl(ctx, store, assistant, { mode: modeOption(ctx, options), session, abort: undefined, useCache: options.cache !== false });
      } finally {
        await assistant.close();
      }
      if (ctx.output.tty && !ctx.output.json) line(ctx.output, paint(ctx.output, 'dim', 'bye'));
      return 0;
    } finally {
      store.close();
    }
  },
});
