import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Assistant } from '../assist/assistant.ts';
import { chatMarkdown } from '../assist/chat-export.ts';
import { EXAMPLE_QUESTIONS } from '../assist/examples.ts';
import type { AnalysisMode } from '../schema/assist.ts';
import type { ChatSession, Store } from '../store/index.ts';
import { errorMessage } from '../util/errors.ts';
import { parseMode } from './assist-context.ts';
import type { CliContext } from './context.ts';
import { line, paint, printJson, terminalSafe } from './output.ts';
import { printAnswerFooter, tokenPrinter } from './render/answer.ts';

const HELP = `Type a question, or a number for an example question. Commands:
  /examples         list the example questions
  /mode <mode>      basic, advanced or forensic
  /export [file]    write this session as Markdown (default chat-<session>.md)
  /session          show the session id
  /help             this text
  /quit             leave (Ctrl-D too)`;

interface ReplState {
  mode: AnalysisMode;
  session: ChatSession | undefined;
  abort: AbortController | undefined;
  useCache: boolean;
}

function printExamples(ctx: CliContext): void {
  EXAMPLE_QUESTIONS.forEach((q, i) => line(ctx.output, `  ${paint(ctx.output, 'cyan', String(i + 1))}. ${q}`));
}

/** Handles a `/command`; returns false when the loop should end. */
function command(ctx: CliContext, store: Store, state: ReplState, input: string): boolean {
  const [name, ...rest] = input.slice(1).split(/\s+/);
  const arg = rest.join(' ').trim();
  switch (name) {
    case 'quit':
    case 'exit':
      return false;
    case 'examples':
      printExamples(ctx);
      break;
    case 'mode':
      try {
        state.mode = parseMode(arg);
        line(ctx.output, `mode ${state.mode}`);
      } catch (error) {
        line(ctx.output, errorMessage(error));
      }
      break;
    case 'session':
      line(ctx.output, state.session === undefined ? 'no question asked yet' : `session ${state.session.id}`);
      break;
    case 'export': {
      if (state.session === undefined) {
        line(ctx.output, 'nothing to export yet');
        break;
      }
      const file = arg === '' ? `chat-${state.session.id}.md` : arg;
      writeFileSync(file, chatMarkdown(state.session, store.chats.messages(state.session.id), new Date()));
      store.audit.append({ actor: ctx.actor, action: 'export', target: file, details: { chat: state.session.id, format: 'md' } });
      line(ctx.output, `wrote ${terminalSafe(file)}`);
      break;
    }
    default:
      line(ctx.output, HELP);
  }
  return true;
}

async function answer(ctx: CliContext, store: Store, assistant: Assistant, state: ReplState, question: string): Promise<void> {
  state.session ??= store.chats.create(ctx.actor, question);
  state.abort = new AbortController();
  const printer = ctx.output.json ? undefined : tokenPrinter(ctx.output);
  try {
    const result = await assistant.ask(question, { mode: state.mode, signal: state.abort.signal, onToken: printer?.onToken, sessionId: state.session.id, useCache: state.useCache });
    if (ctx.output.json) ctx.output.out.write(`${JSON.stringify({ ...result, session: state.session.id })}\n`);
    else {
      printer?.end();
      printAnswerFooter(ctx.output, result, state.session.id);
    }
  } catch (error) {
    if (ctx.output.json) printJson(ctx.output, { error: { code: 'E_ASK', message: errorMessage(error) } });
    else line(ctx.output, paint(ctx.output, 'red', `could not answer: ${terminalSafe(errorMessage(error))}`));
  } finally {
    state.abort = undefined;
  }
}

/** The interactive chat: questions from the terminal (or piped lines), answers streamed, history kept. */
export async function chatRepl(ctx: CliContext, store: Store, assistant: Assistant, state: ReplState): Promise<void> {
  const tty = process.stdin.isTTY && ctx.output.tty;
  const history = state.session === undefined ? [] : store.chats.messages(state.session.id).filter((m) => m.role === 'user').map((m) => m.content).reverse();
  const rl = createInterface({ input: process.stdin, output: tty ? process.stdout : undefined, terminal: tty, history, historySize: 500 });
  rl.on('SIGINT', () => (state.abort !== undefined ? state.abort.abort(new Error('interrupted')) : rl.close()));
  if (tty && !ctx.output.json) {
    line(ctx.output, paint(ctx.output, 'bold', 'Vigil chat') + paint(ctx.output, 'dim', ` · mode ${state.mode} · provider ${assistant.provider.id} · /help for commands`));
    printExamples(ctx);
  }
  const prompt = (): void => {
    if (tty) {
      rl.setPrompt(paint(ctx.output, 'cyan', 'vigil> '));
      rl.prompt();
    }
  };
  prompt();
  for await (const raw of rl) {
    const input = raw.trim();
    if (input.startsWith('/')) {
      if (!command(ctx, store, state, input)) break;
    } else if (input !== '') {
      const example = /^\d+$/.test(input) ? EXAMPLE_QUESTIONS[Number(input) - 1] : undefined;
      if (example !== undefined && tty) line(ctx.output, paint(ctx.output, 'dim', example));
      await answer(ctx, store, assistant, state, example ?? input);
    }
    prompt();
  }
  rl.close();
}

export type { ReplState };
