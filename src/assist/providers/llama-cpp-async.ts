import { LlmError } from './types.ts';

/**
 * One call's cancellation: the caller's signal, the time limit and an internal stop (the consumer left the
 * stream early) folded into one signal, and the LlmError that says which of them fired.
 */
export class CallSignal {
  private readonly controller = new AbortController();
  private timedOut = false;
  private readonly timer: NodeJS.Timeout;
  private readonly forward = (): void => this.controller.abort(this.external?.reason);

  constructor(
    private readonly external: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    if (external?.aborted === true) this.controller.abort(external.reason);
    else external?.addEventListener('abort', this.forward, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(): void {
    this.controller.abort(new Error('stream closed by its reader'));
  }

  /** The timeout or abort error when this call was cut short by one of them, else undefined. */
  interruption(what: string): LlmError | undefined {
    if (this.timedOut) return new LlmError('timeout', `llama-cpp: ${what} timed out after ${this.timeoutMs} ms (llm.timeoutMs)`, { retryable: true });
    if (this.external?.aborted === true) return new LlmError('aborted', `llama-cpp: ${what} aborted`, { cause: this.external.reason });
    return undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.external?.removeEventListener('abort', this.forward);
  }
}

/** `promise`, or a rejection as soon as `signal` aborts (the work behind `promise` goes on). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.finally(() => signal.removeEventListener('abort', onAbort)).then(resolve, reject);
  });
}

/** First come, first served; a waiter that gives up (abort) still passes the turn on. */
export class TurnQueue {
  private tail: Promise<void> = Promise.resolve();

  async take(signal: AbortSignal | undefined): Promise<() => void> {
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => mine);
    try {
      await untilAborted(previous, signal);
    } catch (error) {
      void previous.then(release);
      throw error;
    }
    return release;
  }
}

/** A value loaded once on first use and shared by concurrent callers; a failed load is retried next time. */
export class Lazy<T> {
  private pending: Promise<T> | undefined;
  private loaded: T | undefined;

  constructor(private readonly load: () => Promise<T>) {}

  get value(): T | undefined {
    return this.loaded;
  }

  get(): Promise<T> {
    this.pending ??= this.load().then(
      (value) => {
        this.loaded = value;
        return value;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }

  /** The value once any load in flight has settled (undefined when none succeeded); forgets it. */
  async settle(): Promise<T | undefined> {
    const pending = this.pending;
    this.pending = undefined;
    this.loaded = undefined;
    return pending?.catch(() => undefined);
  }
}

/**
 * Text produced through a callback by `run`, read as a stream of deltas (what arrived since the last read,
 * joined). Leaving the stream early aborts `stop` and waits for `run` to settle.
 */
export async function* pumpText(run: (push: (text: string) => void) => Promise<unknown>, stop: () => void): AsyncGenerator<string> {
  const pending: string[] = [];
  let wake: (() => void) | undefined;
  let outcome: { error?: unknown } | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const finished = run((text) => {
    if (text === '') return;
    pending.push(text);
    notify();
  }).then(
    () => void (outcome = {}),
    (error: unknown) => void (outcome = { error }),
  );
  void finished.then(notify);
  try {
    for (;;) {
      if (pending.length > 0) yield pending.splice(0).join('');
      else if (outcome !== undefined) {
        if ('error' in outcome) throw outcome.error;
        return;
      } else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (outcome === undefined) stop();
    await finished;
  }
}
