import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { LlmStatusReport } from '../../src/cli/commands/llm.ts';
import { json, runCliAsync } from '../helpers/cli.ts';
import { closedPort, startLlmServer, type FakeLlmServer } from '../helpers/llm-servers.ts';
import { tempDirs } from '../helpers/temp.ts';

const dirs = tempDirs('llm-status');

async function server(wire: 'ollama' | 'anthropic', models: string[]): Promise<FakeLlmServer> {
  const started = await startLlmServer(wire, { models, ...(wire === 'anthropic' ? { apiKey: 'sk-ant-cli' } : {}) });
  after(() => started.close());
  return started;
}

/** A working directory with a vigil.config.yml holding this `llm:` block; returns the args that select it. */
function configured(llm: Record<string, unknown>): { cwd: string; config: string[] } {
  const cwd = dirs.fresh();
  writeFileSync(join(cwd, 'vigil.yml'), stringify({ llm }));
  return { cwd, config: ['--config', 'vigil.yml'] };
}

const quiet = { OLLAMA_HOST: '', ANTHROPIC_API_KEY: '' };

describe('vigil llm status', () => {
  it('none: says so and makes no network connection at all', async () => {
    const fake = await server('ollama', ['llama3.2:latest']);
    const { cwd, config } = configured({ provider: 'none', baseUrl: fake.origin, model: 'llama3.2' });
    const env = { ...quiet, OLLAMA_HOST: fake.origin };
    const run = await runCliAsync([...config, 'llm', 'status', '--json'], { cwd, env });
    assert.equal(run.status, 0, run.stderr);
    const report = json<LlmStatusReport>(run);
    assert.deepEqual([report.provider, report.checked, report.reachable, report.usable], ['none', false, false, false]);
    assert.match(report.note ?? '', /no network connection was made/);
    const text = await runCliAsync(['llm', 'status'], { cwd: dirs.fresh(), env });
    assert.equal(text.status, 0);
    assert.match(text.stdout, /none: no LLM is configured.*no network connection was made/);
    const ollama = configured({ provider: 'ollama', model: 'llama3.2', baseUrl: fake.origin });
    const overridden = await runCliAsync([...ollama.config, 'llm', 'status', '--llm', 'none', '--json'], { cwd: ollama.cwd, env });
    assert.equal(overridden.status, 0, overridden.stderr);
    assert.equal(json<LlmStatusReport>(overridden).provider, 'none');
    assert.equal(fake.requests.length, 0);
  });

  it('ollama: reachable, models and availability, from a config file', async () => {
    const fake = await server('ollama', ['llama3.2:latest', 'nomic-embed-text:latest']);
    const { cwd, config } = configured({ provider: 'ollama', model: 'llama3.2', embedModel: 'nomic-embed-text', baseUrl: fake.origin, contextTokens: 16384 });
    const run = await runCliAsync([...config, 'llm', 'status', '--json'], { cwd, env: quiet });
    assert.equal(run.status, 0, run.stderr);
    const report = json<LlmStatusReport>(run);
    assert.deepEqual(
      [report.provider, report.configured, report.reachable, report.checked, report.local, report.modelAvailable, report.embedModelAvailable, report.usable, report.contextTokens],
      ['ollama', true, true, true, true, true, true, true, 16384],
    );
    assert.deepEqual(report.models, ['llama3.2:latest', 'nomic-embed-text:latest']);
    assert.equal(report.endpoint, fake.origin);
    assert.equal(report.warning, undefined);
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), ['GET /api/tags']);
    const text = await runCliAsync([...config, 'llm', 'status'], { cwd, env: quiet });
    assert.match(text.stdout, /reachable\s+yes/);
    assert.match(text.stdout, /model\s+llama3\.2 \(available\)/);
    assert.match(text.stdout, /\(this machine\)/);
    assert.doesNotMatch(text.stdout, /leave this machine/);
  });

  it('--model names a model the server lacks: exit 1 and how to pull it', async () => {
    const fake = await server('ollama', ['llama3.2:latest']);
    const { cwd, config } = configured({ provider: 'ollama', model: 'llama3.2', baseUrl: fake.origin });
    const run = await runCliAsync([...config, 'llm', 'status', '--model', 'qwen2.5:7b', '--json'], { cwd, env: quiet });
    assert.equal(run.status, 1);
    const report = json<LlmStatusReport>(run);
    assert.deepEqual([report.model, report.reachable, report.modelAvailable, report.usable], ['qwen2.5:7b', true, false, false]);
    assert.match(report.error ?? '', /ollama pull qwen2\.5:7b/);
  });

  it('a configured server that does not answer: exit 1, reachable false, the reason', async () => {
    const port = await closedPort();
    const { cwd, config } = configured({ provider: 'ollama', model: 'llama3.2', baseUrl: `http://127.0.0.1:${port}` });
    const run = await runCliAsync([...config, 'llm', 'status', '--json'], { cwd, env: quiet });
    assert.equal(run.status, 1);
    const report = json<LlmStatusReport>(run);
    assert.deepEqual([report.configured, report.checked, report.reachable], [true, true, false]);
    assert.match(report.error ?? '', /connection refused/);
    const text = await runCliAsync([...config, 'llm', 'status'], { cwd, env: quiet });
    assert.equal(text.status, 1);
    assert.match(text.stdout, /reachable\s+no/);
    assert.match(text.stdout, /not ready/);
  });

  it('anthropic: warns plainly that prompts leave this machine', async () => {
    const fake = await server('anthropic', ['claude-test-4-20260101']);
    const { cwd, config } = configured({ provider: 'anthropic', model: 'claude-test-4', baseUrl: fake.origin });
    const env = { ...quiet, ANTHROPIC_API_KEY: 'sk-ant-cli' };
    const text = await runCliAsync([...config, 'llm', 'status'], { cwd, env });
    assert.equal(text.status, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /^warning: prompts, including log data from your store, are sent to Anthropic \(127\.0\.0\.1:\d+\), a hosted service: they leave this machine/);
    assert.match(text.stdout, /\(another machine\)/);
    const report = json<LlmStatusReport>(await runCliAsync([...config, 'llm', 'status', '--json'], { cwd, env }));
    assert.deepEqual([report.local, report.reachable, report.modelAvailable], [false, true, true]);
    assert.match(report.warning ?? '', /leave this machine/);
    assert.equal(fake.requests[0]?.headers['x-api-key'], 'sk-ant-cli');
  });

  it('anthropic without a key: not configured, nothing sent, exit 1', async () => {
    const fake = await server('anthropic', ['claude-test-4-20260101']);
    const { cwd, config } = configured({ provider: 'anthropic', model: 'claude-test-4', baseUrl: fake.origin });
    const run = await runCliAsync([...config, 'llm', 'status', '--json'], { cwd, env: quiet });
    assert.equal(run.status, 1);
    assert.match(json<LlmStatusReport>(run).error ?? '', /ANTHROPIC_API_KEY/);
    assert.equal(fake.requests.length, 0);
  });

  it('a missing required key is a configuration error naming it (exit 3)', async () => {
    const { cwd, config } = configured({ provider: 'openai-compatible', model: 'm' });
    const run = await runCliAsync([...config, 'llm', 'status', '--json'], { cwd, env: quiet });
    assert.equal(run.status, 3);
    assert.match(json<{ error: { code: string; message: string } }>(run).error.message, /llm\.baseUrl is required/);
    const bad = await runCliAsync(['llm', 'status', '--llm', 'gpt'], { cwd, env: quiet });
    assert.equal(bad.status, 2);
  });
});
