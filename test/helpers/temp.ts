import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

/**
 * A temporary directory for the tests of one file, removed after them; `fresh()` gives each test its own
 * subdirectory. Call at the top level of a test file.
 */
export function tempDirs(prefix: string): { fresh: () => string; root: () => string } {
  let root = '';
  let counter = 0;
  before(() => {
    root = mkdtempSync(join(tmpdir(), `vigil-${prefix}-`));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });
  return {
    root: () => root,
    fresh: () => {
      const dir = join(root, `case-${String(++counter)}`);
      mkdirSync(dir);
      return dir;
    },
  };
}
