import { setPriority } from 'node:os';

/**
 * Lowers the priority of the calling thread (Linux keeps a nice value per thread, and setpriority on "the
 * calling process" sets the calling thread's). Elsewhere it would lower the whole process, so it is only
 * done on Linux. Best effort: refused or unsupported, the thread keeps its priority.
 */
export function lowerThreadPriority(nice: number): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, nice);
  } catch {
    // Not allowed here (containers, seccomp): the thread runs at the normal priority.
  }
}
