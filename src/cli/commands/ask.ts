import { VigilError } from '../../util/errors.ts';
import { assistOptions, createAssistant, modeOption } from '../assist-context.ts';
import type { CliContext } from '../context.ts';
import { printJson } from '../output.ts';
import { printAnswerFooter, tokenPrinter } from '../render/answer.ts';
import { defineCommand } from './command.ts';

export const askCommand = defineCommand({
  name: 'ask',
  define: (c) =>
    assistOptions(
      c
        .description('Ask a question about the stored logs; the answer cites the events, alerts and incidents behind it.')
        .argument('<question...>', 'the question, e.g. "Show all suspicious IP addresses and their activities"')
        .option('--session <id>', 'add the exchange to this chat session (default: a new session)'),
    ),
  async run(ctx: CliContext, args, options) {
    const question = (args[0] as string[]).join(' ').trim();
    if (question === '') throw new VigilError('E_USAGE', 'ask: the question is empty');
    const mode = modeOption(ctx, options);
    const store = ctx.openStore();
    const assistant = createAssistant(ctx, store, options);
    const abort = new AbortController();
    const onSigint = (): void => abort.abort(new Error('interrupted'));
    process.once('SIGINT', onSigint);
    try {
      const session = options.session === undefined ? store.chats.create(ctx.actor, question) : store.chats.session(options.session as string);
      if (session === undefined) throw new VigilError('E_USAGE', `no chat session ${options.session as string}`);
      const printer = ctx.output.json ? undefined : tokenPrinter(ctx.output);
      const answer = await assistant.ask(question, { mode, signal: abort.signal, onToken: printer?.onToken, sessionId: session.id, useCache: options.cache !== false });
      if (ctx.output.json) printJson(ctx.output, { ...answer, session: session.id });
      else {
        printer?.end();
        if (!ctx.output.quiet) printAnswerFooter(ctx.output, answer, session.id);
      }
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
      await assistant.close();
      store.close();
    }
  },
});
