import { readFileSync } from 'node:fs';

/**
 * This process's own peak resident memory, in MB: `VmHWM` of /proc/self/status where there is one (Linux).
 * getrusage's maxrss (`process.resourceUsage().maxRSS`) is not that: a process started by fork and exec reports
 * at least the RSS its parent had at the fork, so every phase child of a bench driver that had grown to 194 MB
 * reported 194 MB or more.
 */
export function peakRssMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) / 1024;
  } catch {
    // No procfs: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS / 1024;
}
