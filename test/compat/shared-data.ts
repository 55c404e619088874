import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/**
 * The third-party benchmark data lives next to the repository (../shared/data), never inside it: several
 * licences forbid redistribution. Compatibility suites skip when it is absent (a fresh clone).
 */
export const SHARED_DATA = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

/** The absolute path of `parts` under the shared data, or undefined after marking the test skipped. */
export function sharedPath(t: TestContext, ...parts: string[]): string | undefined {
  const path = join(SHARED_DATA, ...parts);
  if (existsSync(path)) return path;
  t.skip(`${join('../shared/data', ...parts)} absent`);
  return undefined;
}

/** Reads a dotted path (`source.ip`) out of a plain object tree. */
export function dotted(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : (100 * part) / whole;
}

/** The SigmaHQ rule folders (`rules`, `rules-emerging-threats`, …) under the shared sigma checkout, sorted. */
export function sigmaRuleDirs(sigmaRoot: string): { path: string; origin: 'extra' }[] {
  return readdirSync(sigmaRoot)
    .filter((name) => name.startsWith('rules'))
    .sort()
    .map((name) => ({ path: join(sigmaRoot, name), origin: 'extra' as const }));
}
