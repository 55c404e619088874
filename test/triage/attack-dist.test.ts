import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const REPO = join(import.meta.dirname, '..', '..');

/**
 * The compiled build (tsconfig.build.json: src/ → dist/) must find data/attack/ from dist/ with plain node.
 * A package root is laid out in a temporary directory: dist/ compiled from src/triage/attack, data/attack/
 * copied, node_modules linked; nothing from the repository's src/ is reachable from there.
 */
describe('ATT&CK table from the compiled build', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-attack-dist-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('is found and read by dist/triage/attack/index.js without tsx', () => {
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
    mkdirSync(join(root, 'data', 'attack'), { recursive: true });
    cpSync(join(REPO, 'data', 'attack', 'enterprise-attack.json'), join(root, 'data', 'attack', 'enterprise-attack.json'));
    const tsconfig = {
      extends: join(REPO, 'tsconfig.build.json'),
      compilerOptions: { rootDir: join(REPO, 'src'), outDir: join(root, 'dist') },
      files: [join(REPO, 'src', 'triage', 'attack', 'index.ts')],
      include: [],
    };
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(tsconfig));
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'pipe' });
    const script = [
      `import { attackTablePath, attackVersion, techniqueRef } from ${JSON.stringify(join(root, 'dist', 'triage', 'attack', 'index.js'))};`,
      `console.log(JSON.stringify({ path: attackTablePath(), version: attackVersion(), t: techniqueRef('T1021.002') }));`,
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    const result = JSON.parse(out) as { path: string; version: string; t: { name: string; known: boolean } };
    assert.equal(result.path, join(root, 'data', 'attack', 'enterprise-attack.json'));
    assert.equal(result.version, '18.1');
    assert.equal(result.t.name, 'SMB/Windows Admin Shares');
    assert.equal(result.t.known, true);
  });
});
