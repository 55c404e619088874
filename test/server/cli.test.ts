import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { json, runCli } from '../helpers/cli.ts';
import { tempDirs } from '../helpers/temp.ts';

/** `vigil token` and `vigil serve` as an operator runs them. */

const temp = tempDirs('server-cli');
const ENTRY = join(import.meta.dirname, '..', '..', 'src', 'cli', 'entry.ts');
const TSX = import.meta.resolve('tsx');

interface Token {
  name: string;
  role: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

describe('vigil token', () => {
  it('creates (secret shown once), lists without secrets, revokes; documented JSON shapes', () => {
    const cwd = temp.fresh();
    const created = json<{ token: Token; secret: string }>(runCli(['--json', '--actor', 'ops', 'token', 'create', '--name', 'alice', '--role', 'analyst'], { cwd }));
    assert.match(created.secret, /^vgl_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual([created.token.name, created.token.role, created.token.created_by, created.token.revoked_at], ['alice', 'analyst', 'ops', null]);
    const list = runCli(['--json', 'token', 'list'], { cwd });
    assert.ok(!list.stdout.includes(created.secret));
    assert.deepEqual(json<{ tokens: Token[] }>(list).tokens.map((t) => t.name), ['alice']);
    const duplicate = runCli(['token', 'create', '--name', 'alice'], { cwd });
    assert.equal(duplicate.status, 2);
    const revoked = json<{ token: Token }>(runCli(['--json', 'token', 'revoke', 'alice'], { cwd }));
    assert.ok(revoked.token.revoked_at !== null);
    assert.equal(runCli(['token', 'revoke', 'alice'], { cwd }).status, 2);
    assert.equal(runCli(['token', 'create', '--name', 'bad name'], { cwd }).status, 2);
    assert.equal(runCli(['token', 'create', '--name', 'x', '--role', 'root'], { cwd }).status, 2);
    const audit = json<{ entries: { action: string; actor: string; target: string }[] }>(runCli(['--json', 'audit'], { cwd })).entries;
    assert.deepEqual(audit.slice(0, 2).map((e) => `${e.action} ${e.target}`), ['token-create alice', 'token-revoke alice']);
    assert.equal(audit[0]?.actor, 'ops');
    assert.match(audit[1]?.actor ?? '', /^cli:/);
  });
});

interface Started {
  url: string;
  db: string;
  firstToken?: { name: string; secret: string };
}

/** Starts `vigil serve --json` on a free port; resolves with its one JSON document once it listens. */
function serve(cwd: string): Promise<{ started: Started; stop: () => Promise<{ code: number | null; stderr: string }> }> {
  const child = spawn(process.execPath, ['--import', TSX, ENTRY, '--json', 'serve', '--port', '0'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      let started: Started;
      try {
        started = JSON.parse(stdout) as Started;
      } catch {
        return;
      }
      resolve({
        started,
        stop: async () => {
          child.kill('SIGTERM');
          return { code: await exited, stderr };
        },
      });
    });
    void exited.then((code) => reject(new Error(`serve exited (${String(code)}) before listening: ${stderr}`)));
  });
}

describe('vigil serve', () => {
  it('prints an admin token on the first start only, serves the API with it, and shuts down gracefully', async () => {
    const cwd = temp.fresh();
    const first = await serve(cwd);
    const secret = first.started.firstToken?.secret ?? '';
    assert.match(secret, /^vgl_/);
    assert.equal(first.started.firstToken?.name, 'admin');
    assert.match(first.started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${first.started.url}/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const me = await fetch(`${first.started.url}/api/session`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(((await me.json()) as { role: string }).role, 'admin');
    const stopped = await first.stop();
    assert.equal(stopped.code, 0);
    assert.ok(!stopped.stderr.includes(secret), 'the secret is never logged');
    assert.match(stopped.stderr, /SIGTERM, shutting down/);

    const second = await serve(cwd);
    assert.equal(second.started.firstToken, undefined, 'the second start creates no token');
    const again = await fetch(`${second.started.url}/api/stats`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(again.status, 200);
    assert.equal((await second.stop()).code, 0);
  });
});
