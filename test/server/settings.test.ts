import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { z } from 'zod';
import type { ConfigViewSchema, SettingsSchema } from '../../src/schema/api/settings.ts';
import type { Answer } from '../../src/schema/assist.ts';
import { buildServer } from '../../src/server/app.ts';
import { json, runCliAsync } from '../helpers/cli.ts';
import { startLlmServer, type FakeLlmServer } from '../helpers/llm-servers.ts';
import { tempDirs } from '../helpers/temp.ts';
import { body, startServer, type TestServer } from './helpers.ts';

/** Admins change the LLM provider and the default mode from the API: validated, audited, kept, in effect at once. */

type ConfigView = z.infer<typeof ConfigViewSchema>;
type Settings = z.infer<typeof SettingsSchema>;

const temp = tempDirs('server-settings');
const SECRET = 'sk-ant-test-0123456789-SECRET';
let ollama: FakeLlmServer;
let anthropic: FakeLlmServer;

before(async () => {
  ollama = await startLlmServer('ollama', { models: ['llama3.2:latest'], defaultDeltas: ['Nothing alarming [F1].'] });
  anthropic = await startLlmServer('anthropic', { apiKey: SECRET, defaultDeltas: ['Nothing alarming [F1].'] });
});
after(async () => {
  await ollama.close();
  await anthropic.close();
});

async function patch(server: TestServer, payload: unknown, role: 'admin' | 'analyst' = 'admin') {
  return server.app.inject({ method: 'PATCH', url: '/api/settings', headers: server.auth(role), payload: payload as Record<string, unknown> });
}

async function settings(server: TestServer): Promise<{ settings: Settings; text: string }> {
  const response = await server.app.inject({ url: '/api/settings', headers: server.auth('viewer') });
  assert.equal(response.statusCode, 200, response.body);
  return { settings: body<Settings>(response), text: response.body };
}

/** Asks through the chat route; the answer event's data. */
async function ask(server: TestServer, extra: Record<string, unknown> = {}): Promise<Answer> {
  const response = await server.app.inject({ method: 'POST', url: '/api/chat/ask', headers: server.auth('analyst'), payload: { question: 'What is the most critical threat detected?', noCache: true, ...extra } });
  const data = /event: answer\ndata: (.*)\n/.exec(response.body)?.[1];
  assert.ok(data !== undefined, response.body.slice(0, 500));
  return JSON.parse(data) as Answer;
}

describe('settings changed by an admin', () => {
  it('switch the provider with no restart: the next question goes to it; the API key is write-only and never audited', async () => {
    const server = await startServer(temp.fresh(), { demo: { volume: 300, seed: 2 } });
    try {
      const initial = (await settings(server)).settings.config;
      assert.deepEqual(initial, { llm: { provider: 'none', baseUrl: null, model: null, embedModel: null, timeoutMs: null, apiKeyEnv: null, apiKeySet: false, local: true }, defaultMode: 'basic', saved: null });
      assert.equal((await ask(server)).provider, 'none');

      const toOllama = await patch(server, { llm: { provider: 'ollama', baseUrl: ollama.origin, model: 'llama3.2', timeoutMs: 20_000 } });
      assert.equal(toOllama.statusCode, 200, toOllama.body);
      assert.deepEqual(body<ConfigView>(toOllama).llm, { provider: 'ollama', baseUrl: ollama.origin, model: 'llama3.2', embedModel: null, timeoutMs: 20_000, apiKeyEnv: null, apiKeySet: false, local: true });
      const byOllama = await ask(server);
      assert.deepEqual([byOllama.provider, byOllama.model], ['ollama', 'llama3.2']);
      assert.ok(ollama.requests.some((r) => r.route === 'chat'), 'the question reached the new provider');

      const toAnthropic = await patch(server, { llm: { provider: 'anthropic', baseUrl: anthropic.origin, model: 'claude-test', apiKey: SECRET } });
      assert.equal(toAnthropic.statusCode, 200, toAnthropic.body);
      assert.ok(!toAnthropic.body.includes(SECRET), 'the key is not returned');
      const hosted = body<ConfigView>(toAnthropic).llm;
      assert.deepEqual([hosted.provider, hosted.apiKeySet, hosted.local, hosted.timeoutMs], ['anthropic', true, false, 20_000], 'a hosted provider: data leaves this machine (the time limit is no provider’s own: it stays)');
      const { settings: after, text } = await settings(server);
      assert.ok(!text.includes(SECRET), 'GET /api/settings never shows the key');
      assert.deepEqual([after.llm.provider, after.llm.local, after.llm.reachable], ['anthropic', false, true], 'the status check reaches the new provider with the key');
      assert.deepEqual(after.config.saved?.keys.sort(), ['llm.apiKey', 'llm.baseUrl', 'llm.model', 'llm.provider', 'llm.timeoutMs']);
      assert.equal(after.config.saved?.updatedBy, 'token:admin(admin)');
      const byAnthropic = await ask(server);
      assert.deepEqual([byAnthropic.provider, byAnthropic.model], ['anthropic', 'claude-test']);
      assert.ok(anthropic.requests.some((r) => r.route === 'chat' && r.headers['x-api-key'] === SECRET));

      const back = body<ConfigView>(await patch(server, { llm: { provider: 'ollama', model: 'llama3.2' } }));
      assert.deepEqual([back.llm.baseUrl, back.llm.apiKeySet], [null, false], 'switching away forgets the Anthropic server and key');

      const audit = server.app.vigil.reads.audit.list({ action: 'settings-change', limit: 10 });
      assert.equal(audit.length, 3);
      assert.ok(audit.every((e) => e.actor === 'token:admin(admin)' && e.target === 'settings'));
      assert.ok(audit.some((e) => (e.details.keys as string[]).includes('llm.apiKey') && e.details.provider === 'anthropic' && e.details.local === false));
      const chain = JSON.stringify(server.app.vigil.reads.audit.list({ limit: 1000 }));
      assert.ok(!chain.includes(SECRET), 'the key is never in the audit chain');
    } finally {
      await server.app.close();
    }
  });

  it('refuses invalid settings without saving anything; only admins may change them', async () => {
    const server = await startServer(temp.fresh());
    try {
      const refused = [
        { llm: { provider: 'ollama', baseUrl: 'ftp://127.0.0.1/' } },
        { llm: { provider: 'ollama', baseUrl: 'not a url' } },
        { llm: { provider: 'gpt-9' } },
        { llm: { modelPath: '/etc/passwd' } },
        { llm: { timeoutMs: -1 } },
        { llm: { apiKeyEnv: 'A B' } },
        { llm: { provider: 'openai-compatible', model: 'm' } },
        { defaultMode: 'paranoid' },
        {},
      ];
      for (const payload of refused) {
        const response = await patch(server, payload);
        assert.equal(response.statusCode, 400, `${JSON.stringify(payload)} → ${response.body}`);
        assert.equal(body<{ error: { code: string } }>(response).error.code, 'E_VALIDATION');
      }
      assert.match((await patch(server, { llm: { provider: 'openai-compatible', model: 'm' } })).body, /baseUrl/, 'the provider’s own schema names the missing key');
      const analyst = await patch(server, { defaultMode: 'forensic' }, 'analyst');
      assert.equal(analyst.statusCode, 403);
      assert.equal((await settings(server)).settings.config.saved, null, 'nothing was saved');
      assert.equal(server.app.vigil.reads.audit.list({ action: 'settings-change', limit: 10 }).length, 0);
    } finally {
      await server.app.close();
    }
  });

  it('are kept in the store: a restarted server and the CLI on the same store use them (default mode too)', async () => {
    const dir = temp.fresh();
    let server = await startServer(dir, { demo: { volume: 300, seed: 4 } });
    const saved = await patch(server, { llm: { provider: 'ollama', baseUrl: ollama.origin, model: 'llama3.2' }, defaultMode: 'forensic' });
    assert.equal(saved.statusCode, 200, saved.body);
    await server.app.close();
    const app = buildServer({ dbPath: server.dbPath, uploadDir: server.uploadDir, webDir: false });
    server = { ...server, app };
    try {
      await app.ready();
      const view = (await settings(server)).settings.config;
      assert.deepEqual([view.llm.provider, view.llm.baseUrl, view.llm.model, view.defaultMode], ['ollama', ollama.origin, 'llama3.2', 'forensic']);
      const examples = body<{ defaultMode: string }>(await app.inject({ url: '/api/chat/examples', headers: server.auth('viewer') }));
      assert.equal(examples.defaultMode, 'forensic');
      const answer = await ask(server);
      assert.deepEqual([answer.mode, answer.provider], ['forensic', 'ollama'], 'a question without a mode gets the default mode');
      assert.equal((await ask(server, { mode: 'basic' })).mode, 'basic', 'a mode given wins');
    } finally {
      await app.close();
    }
    const env = { VIGIL_CONFIG: '' };
    const status = json<{ provider: string; endpoint: string; model: string }>(await runCliAsync(['--db', server.dbPath, '--json', 'llm', 'status'], { cwd: dir, env }));
    assert.deepEqual([status.provider, status.endpoint, status.model], ['ollama', ollama.origin, 'llama3.2'], 'the CLI uses the saved provider');
    const cli = json<Answer>(await runCliAsync(['--db', server.dbPath, '--json', 'ask', '--no-cache', 'What is the most critical threat detected?'], { cwd: dir, env }));
    assert.deepEqual([cli.mode, cli.provider], ['forensic', 'ollama'], 'and the saved default mode');
  });
});
