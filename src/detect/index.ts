import type { FieldResolver, RuleSetLoad } from './types.ts';
import { finishLoad, loadRuleFile, loadRuleText as loadRuleTextInto, ruleFiles, startLoad, type LoadOptions, type RuleSource } from './sigma/load.ts';

/** Detection's public face: the pipeline and the CLI call only what is exported here. */

export interface RuleDirectory {
  /** A directory (searched recursively for `*.yml`/`*.yaml`, `*.cases.yml` excluded) or a single file. */
  path: string;
  origin: 'builtin' | 'extra';
}

/**
 * Loads and compiles every rule; never throws for a bad rule (it becomes a problem with file:line). Files are
 * read in sorted order, so rule order (and therefore alert order) is the same in every run.
 */
export function loadRuleSet(dirs: readonly RuleDirectory[], resolver: FieldResolver, options: LoadOptions = {}): RuleSetLoad {
  const session = startLoad(resolver, options);
  const load = session.load;
  for (const dir of dirs) {
    let files: { path: string; file: string }[];
    try {
      files = ruleFiles(dir.path);
    } catch (error) {
      load.total += 1;
      load.problems.push({ pos: { file: dir.path, line: 1 }, status: 'invalid', reason: `cannot read the rule path: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      continue;
    }
    for (const file of files) loadRuleFile({ ...file, origin: dir.origin }, session);
  }
  return finishLoad(session);
}

/** Loads rules from YAML text (one file's content, one or several documents), as loadRuleSet does a file. */
export function loadRuleText(text: string, source: RuleSource, resolver: FieldResolver, options: LoadOptions = {}): RuleSetLoad {
  const session = startLoad(resolver, options);
  loadRuleTextInto(text, source, session);
  return finishLoad(session);
}

export { createDetector, type Detector, type DetectorStats } from './sigma/detector.ts';
export { SigmaRule } from './sigma/rule.ts';
export type { LoadOptions, RuleSource };
