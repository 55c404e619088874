import { LlmError } from './types.ts';

/**
 * The time limit of one HTTP attempt, joined with the caller's signal (AbortSignal.any). The limit counts only
 * while Vigil waits for the server: for the response to begin, then for each next piece of the body. A reply
 * that keeps coming is never cut, and time the caller spends on a piece does not count.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly timer = new AbortController();
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ms: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    this.signal = caller === undefined ? this.timer.signal : AbortSignal.any([caller, this.timer.signal]);
  }

  /** Starts (or restarts) the wait: the server has the full limit from now on. */
  arm(): void {
    this.pause();
    this.handle = setTimeout(() => {
      this.timer.abort(new DOMException(`no answer within ${this.ms} ms`, 'TimeoutError'));
    }, this.ms);
  }

  pause(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }

  /** The error for why the signal aborted, or undefined while it has not. */
  failure(label: string): LlmError | undefined {
    if (this.caller?.aborted === true) return abortFailure(this.caller, label);
    if (this.timer.signal.aborted) {
      return new LlmError('timeout', `${label} sent nothing for ${formatSeconds(this.ms)} (llm.timeoutMs)`);
    }
    return undefined;
  }
}

/** The caller's abort: `timeout` when its reason is a TimeoutError (AbortSignal.timeout), else `aborted`. */
export function abortFailure(signal: AbortSignal, label: string): LlmError {
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') {
    return new LlmError('timeout', `the time allowed for ${label} ran out`, { cause: reason });
  }
  return new LlmError('aborted', `the request to ${label} was cancelled`, { cause: reason });
}

export function throwIfAborted(signal: AbortSignal | undefined, label: string): void {
  if (signal?.aborted === true) throw abortFailure(signal, label);
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1)} s`;
}
