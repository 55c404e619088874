const WINDOW_MS = 60_000;

/**
 * Failed authentications per client address in a sliding minute. Beyond the limit a client is answered 429
 * without looking at its credentials, and its failures are no longer written to the audit chain (one
 * `auth-throttled` record says so), so a flood of bad tokens can neither guess nor fill the log.
 */
export class FailedAuthThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(client: string): number[] {
    const since = this.now() - WINDOW_MS;
    const times = (this.failures.get(client) ?? []).filter((t) => t > since);
    if (times.length === 0) this.failures.delete(client);
    else this.failures.set(client, times);
    return times;
  }

  blocked(client: string): boolean {
    return this.recent(client).length >= this.perMinute;
  }

  /** Counts a failure; returns whether this one reached the limit (the moment to audit the throttling). */
  fail(client: string): boolean {
    const times = this.recent(client);
    times.push(this.now());
    this.failures.set(client, times);
    if (this.failures.size > 10_000) this.sweep();
    return times.length === this.perMinute;
  }

  /** Seconds until the oldest counted failure leaves the window. */
  retryAfterSeconds(client: string): number {
    const oldest = this.recent(client)[0];
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + WINDOW_MS - this.now()) / 1000));
  }

  private sweep(): void {
    for (const client of [...this.failures.keys()]) this.recent(client);
  }
}
