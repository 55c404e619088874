import { errorMessage } from '../../util/errors.ts';
import { LlmError, type ChatRequest, type LlmProvider } from '../providers/types.ts';
import { createOutputSanitizer } from './output.ts';
import { CONTROLS, INVISIBLE, LINE_BREAKS } from './unicode.ts';

/** Why a model call gave no usable text; callers fall back to the deterministic answer or summary. */
export type NarrationFailure = 'timeout' | 'aborted' | 'budget' | 'provider' | 'empty';

export class NarrationError extends Error {
  constructor(
    readonly kind: NarrationFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NarrationError';
  }

  /** `timeout: no complete reply within 60000 ms`: one line, safe to print and to store. */
  get reason(): string {
    return `${this.kind}: ${plainLine(this.message)}`;
  }
}

export interface ReplyOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Sanitised deltas as they arrive (their concatenation equals the returned text). */
  onText?: (delta: string) => void;
  /** Raw characters after which the reply is cut (a server that never stops). */
  maxChars: number;
}

export interface Reply {
  text: string;
  truncated: boolean;
}

class CallbackError extends Error {}

/** An abort controller tied to the caller's signal and a time limit, and a promise that rejects when it fires. */
function linkedAbort(signal: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  const state = { timedOut: false };
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort(new LlmError('timeout', `no complete reply within ${timeoutMs} ms`));
  }, timeoutMs);
  const forward = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  const stopped = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new LlmError('aborted', 'stopped')), { once: true }));
  stopped.catch(() => undefined);
  const dispose = () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  };
  return { controller, state, stopped, dispose };
}

/**
 * One chat call, streamed through the output sanitiser, under a time limit and the caller's signal. The
 * provider's iterator is raced against the abort, so a provider that ignores its signal cannot hang us.
 * Every failure (LlmError or not) becomes a NarrationError; an error thrown by `onText` is rethrown as is.
 */
export async function collectReply(provider: LlmProvider, request: Omit<ChatRequest, 'signal'>, options: ReplyOptions): Promise<Reply> {
  if (options.signal?.aborted === true) throw new NarrationError('aborted', 'cancelled before the model was asked');
  const abort = linkedAbort(options.signal, options.timeoutMs);
  const iterator = provider.chat({ ...request, signal: abort.controller.signal })[Symbol.asyncIterator]();
  const sanitizer = createOutputSanitizer();
  let text = '';
  let raw = 0;
  let finished = false;
  const emit = (delta: string): void => {
    if (delta === '') return;
    text += delta;
    try {
      options.onText?.(delta);
    } catch (error) {
      throw new CallbackError('onText failed', { cause: error });
    }
  };
  try {
    for (;;) {
      const step = await Promise.race([iterator.next(), abort.stopped]);
      if (step.done === true) break;
      raw += step.value.length;
      emit(sanitizer.push(step.value));
      if (raw >= options.maxChars) break;
    }
    finished = true;
    emit(sanitizer.end());
    return { text, truncated: raw >= options.maxChars };
  } catch (error) {
    if (error instanceof CallbackError) throw error.cause;
    throw failure(error, abort.state.timedOut, options);
  } finally {
    abort.dispose();
    if (!finished || raw >= options.maxChars) {
      abort.controller.abort();
      void iterator.return?.()?.catch(() => undefined);
    }
  }
}

function failure(error: unknown, timedOut: boolean, options: ReplyOptions): NarrationError {
  if (timedOut) return new NarrationError('timeout', `no complete reply within ${options.timeoutMs} ms`, { cause: error });
  if (options.signal?.aborted === true) return new NarrationError('aborted', 'cancelled', { cause: error });
  if (!(error instanceof LlmError)) return new NarrationError('provider', `provider failed: ${errorMessage(error)}`, { cause: error });
  const kind: NarrationFailure = error.kind === 'timeout' ? 'timeout' : error.kind === 'aborted' ? 'aborted' : error.kind === 'budget' ? 'budget' : 'provider';
  return new NarrationError(kind, kind === 'provider' ? `${error.kind}: ${error.message}` : error.message, { cause: error });
}

/** A message from a server or a provider as one inert line of at most 300 characters. */
export function plainLine(text: string): string {
  const line = text.replace(LINE_BREAKS, ' ').replace(/\u001b/g, '').replace(CONTROLS, '').replace(INVISIBLE, '');
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
