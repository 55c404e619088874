import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The ingest phases run dist/ when it exists (what `vigil` runs). A dist/ older than the sources would measure other
 * code than the checkout's (npm ci builds it once, and nothing rebuilds it as the sources change): rebuild it first.
 */
const ROOT = join(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Rebuilds dist/ when any source is newer than it; returns what the phases will run. */
export function freshDist(): 'dist' | 'source' {
  const built = join(ROOT, 'dist', 'pipeline', 'ingest.js');
  if (!existsSync(built) || process.env.BENCH_SOURCE !== undefined) return 'source';
  if (newestMtime(join(ROOT, 'src')) > statSync(built).mtimeMs) {
    console.log('dist/ is older than src/: rebuilding it (tsc -p tsconfig.build.json) so that the phases run this checkout');
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  }
  return 'dist';
}
