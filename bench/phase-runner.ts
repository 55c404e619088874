import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** What the bench drivers share: the `--mb` option, one measured phase per child process, number format. */

export function megabytesArg(args: readonly string[], fallback: number): number {
  const index = args.indexOf('--mb');
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

/**
 * Runs `bench/<script> ...args` in its own node process (so its peak RSS is its own) under a heap bound and
 * returns the JSON line it prints last.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the phase's documented shape
export function runPhase<T>(script: string, args: readonly string[], heapMb: number): T {
  const argv = [`--max-old-space-size=${String(heapMb)}`, '--import', 'tsx', join(import.meta.dirname, script), ...args];
  const out = execFileSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as T;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
