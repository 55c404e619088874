import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The directory holding Vigil's package.json, found from this file (works from src/ and from dist/src/). */
export function packageRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of vigil not found above ' + import.meta.dirname);
    dir = parent;
  }
  return dir;
}

/** The built-in Sigma rule pack. */
export function builtinRulesDir(): string {
  return join(packageRoot(), 'rules');
}

/** Vigil's version, from its package.json. */
export function vigilVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
