import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ENTRY = join(import.meta.dirname, '..', '..', 'src', 'cli', 'entry.ts');
/** tsx resolved from the repo, so the CLI also runs from a temp working directory. */
const TSX = import.meta.resolve('tsx');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process (as a user would), with the given working directory and stdin. */
export function runCli(args: string[], options: { cwd: string; input?: string | Buffer; env?: Record<string, string> }): CliRun {
  const result = spawnSync(process.execPath, ['--import', TSX, ENTRY, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the documented shape it expects
export function json<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.status}):\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 2000)}`);
  }
}
