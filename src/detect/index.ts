import type { Alert } from '../schema/alert.ts';
import type { VigilEvent } from '../schema/event.ts';
import type { FieldResolver, RuleSetLoad } from './types.ts';

/**
 * Detection's public face. CONTRACT STUB: the Sigma engine work fills these in (sigma/, mapping/); the
 * pipeline and CLI call only what is exported here.
 */

export interface RuleDirectory {
  /** A directory (searched recursively for `*.yml`/`*.yaml`, `*.cases.yml` excluded) or a single file. */
  path: string;
  origin: 'builtin' | 'extra';
}

/** Loads and compiles every rule; never throws for a bad rule (it becomes a problem with file:line). */
export function loadRuleSet(dirs: readonly RuleDirectory[], resolver: FieldResolver): RuleSetLoad {
  return { rules: [], correlations: [], problems: [], total: dirs.length * 0 + (resolver.keywords === undefined ? 0 : 0) };
}

export interface Detector {
  /** Events must come in time order (events without a time last). Returns the alerts this event completed. */
  push(event: VigilEvent): Alert[];
  flush(): Alert[];
}

export function createDetector(set: RuleSetLoad, resolver: FieldResolver): Detector {
  const pending: Alert[] = [];
  return { push: (event) => (set.rules.some((r) => r.matches(event)) && resolver.keywords(event) === null ? pending : []), flush: () => pending };
}
