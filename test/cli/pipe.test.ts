import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { it } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { tempDirs } from '../helpers/temp.ts';

const dirs = tempDirs('pipe');
const ENTRY = join(import.meta.dirname, '..', '..', 'src', 'cli', 'entry.ts');
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

it('a reader that goes away (vigil search | head) ends the CLI quietly with its exit code, not a crash', async () => {
  const dir = dirs.fresh();
  assert.equal(runCli(['ingest', EXAMPLES, '-q'], { cwd: dir }).status, 0);
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), ENTRY, 'search', '-n', '5000'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [first] = (await once(child.stdout, 'data')) as [Buffer];
  assert.ok(first.length > 0);
  child.stdout.destroy();
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, stderr);
  assert.ok(!stderr.includes('EPIPE'), stderr);
});
