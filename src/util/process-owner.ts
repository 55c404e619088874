import { hostname } from 'node:os';

/** A process that holds something in the store (deferred indexes, running jobs), to tell whether it still runs. */
export interface ProcessOwner {
  pid: number;
  host: string;
}

export function currentOwner(): ProcessOwner {
  return { pid: process.pid, host: hostname() };
}

/**
 * Whether the owner is another process that still runs on this machine. This process is never "another"
 * one: a record it finds of its own pid when it starts is from an earlier process that had the same pid
 * (a restarted container's pid 1). A process on another host counts as gone: it cannot be checked.
 */
export function ownerAlive(owner: ProcessOwner): boolean {
  if (owner.host !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
