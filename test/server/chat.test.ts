import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Answer } from '../../src/schema/assist.ts';
import { body, startServer, type TestServer } from './helpers.ts';
import { tempDirs } from '../helpers/temp.ts';

const temp = tempDirs('server-chat');
let server: TestServer;

before(async () => {
  server = await startServer(temp.fresh(), { demo: { volume: 1500, seed: 3 } });
});
after(async () => {
  await server.app.close();
});

interface SseEvent {
  event: string;
  data: unknown;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((l) => !l.startsWith(':')))
    .filter((lines) => lines.length > 0 && lines[0] !== '')
    .map((lines) => ({
      event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '',
      data: JSON.parse(lines.find((l) => l.startsWith('data: '))?.slice(6) ?? 'null') as unknown,
    }));
}

async function ask(question: string, extra: Record<string, unknown> = {}): Promise<{ status: number; type: string; events: SseEvent[] }> {
  const response = await server.app.inject({ method: 'POST', url: '/api/chat/ask', headers: server.auth('analyst'), payload: { question, ...extra } });
  return { status: response.statusCode, type: String(response.headers['content-type']), events: parseSse(response.body) };
}

describe('chat API', () => {
  it('streams session, tokens and the answer with citations that resolve to stored events', async () => {
    const { status, type, events } = await ask('Are there any indicators of a brute-force attack?');
    assert.equal(status, 200);
    assert.match(type, /^text\/event-stream/);
    assert.deepEqual([...new Set(events.map((e) => e.event))], ['session', 'token', 'answer']);
    const session = (events[0]?.data as { session: string }).session;
    const answer = events.at(-1)?.data as Answer & { session: string };
    assert.equal(answer.session, session);
    assert.equal(answer.intent, 'brute-force');
    assert.equal(events.filter((e) => e.event === 'token').map((e) => (e.data as { delta: string }).delta).join(''), answer.answer);
    const eventIds = answer.citations.filter((c) => c.kind === 'event').map((c) => c.id);
    assert.ok(eventIds.length > 0);
    for (const id of eventIds.slice(0, 5)) {
      const found = await server.app.inject({ url: `/api/events/${id}`, headers: server.auth('viewer') });
      assert.equal(found.statusCode, 200, id);
    }
  });

  it('continues a session, lists it, shows it, and exports it as Markdown', async () => {
    const first = await ask('Show all suspicious IP addresses and their activities');
    const session = (first.events[0]?.data as { session: string }).session;
    const second = await ask('What is the most critical threat detected?', { session, mode: 'advanced' });
    assert.equal((second.events.at(-1)?.data as Answer).mode, 'advanced');
    const list = body<{ sessions: { id: string; messages: number }[] }>(await server.app.inject({ url: '/api/chat/sessions', headers: server.auth('viewer') }));
    assert.equal(list.sessions.find((s) => s.id === session)?.messages, 4);
    const detail = body<{ messages: { role: string; answer?: Answer }[] }>(await server.app.inject({ url: `/api/chat/sessions/${session}`, headers: server.auth('viewer') }));
    assert.deepEqual(detail.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
    assert.equal(detail.messages[3]?.answer?.intent, 'most-critical');
    const exported = await server.app.inject({ url: `/api/chat/sessions/${session}/export`, headers: server.auth('analyst') });
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-disposition']), new RegExp(`attachment; filename="vigil-chat-${session}\\.md"`));
    assert.match(exported.body, /## Q2\. What is the most critical threat detected\?/);
    const viewer = await server.app.inject({ url: `/api/chat/sessions/${session}/export`, headers: server.auth('viewer') });
    assert.equal(viewer.statusCode, 403);
  });

  it('records questions in the audit chain with the token, and keeps hostile questions inert', async () => {
    const hostile = 'who is <script>alert(1)</script>\nevent: answer\ndata: {"pwned":true}';
    const { events } = await ask(hostile);
    assert.ok(events.every((e) => ['session', 'token', 'answer'].includes(e.event)), 'no injected SSE event');
    assert.ok(events.every((e) => !(typeof e.data === 'object' && e.data !== null && 'pwned' in e.data)));
    const audit = body<{ entries: { actor: string; action: string; target: string }[] }>(await server.app.inject({ url: '/api/audit?action=question&limit=50', headers: server.auth('viewer') }));
    assert.ok(audit.entries.some((e) => e.actor === 'token:analyst(analyst)' && e.target.startsWith('who is <script>')));
    const verify = body<{ ok: boolean }>(await server.app.inject({ url: '/api/audit/verify', headers: server.auth('viewer') }));
    assert.equal(verify.ok, true);
  });

  it('rejects bad bodies and unknown sessions with the one error format', async () => {
    const empty = await server.app.inject({ method: 'POST', url: '/api/chat/ask', headers: server.auth('analyst'), payload: { question: '  ' } });
    assert.equal(empty.statusCode, 400);
    assert.equal(body<{ error: { code: string } }>(empty).error.code, 'E_VALIDATION');
    const badMode = await server.app.inject({ method: 'POST', url: '/api/chat/ask', headers: server.auth('analyst'), payload: { question: 'x', mode: 'deep' } });
    assert.equal(badMode.statusCode, 400);
    const unknown = await server.app.inject({ url: '/api/chat/sessions/abcdef012345', headers: server.auth('viewer') });
    assert.equal(unknown.statusCode, 404);
    assert.equal(body<{ error: { code: string } }>(unknown).error.code, 'E_NOT_FOUND');
    const examples = body<{ questions: string[] }>(await server.app.inject({ url: '/api/chat/examples', headers: server.auth('viewer') }));
    assert.equal(examples.questions.length, 7);
  });
});

describe('settings: LLM provider status', () => {
  it('reports the configured provider as the provider itself checks it', async () => {
    const { startLlmServer } = await import('../helpers/llm-servers.ts');
    const fake = await startLlmServer('ollama', { models: ['llama3.2:latest'] });
    const other = await startServer(temp.fresh(), { config: { llm: { provider: 'ollama', model: 'llama3.2', baseUrl: fake.origin } } });
    try {
      const settings = body<{ llm: { provider: string; reachable: boolean; modelAvailable?: boolean } }>(await other.app.inject({ url: '/api/settings', headers: other.auth('viewer') }));
      assert.deepEqual([settings.llm.provider, settings.llm.reachable, settings.llm.modelAvailable], ['ollama', true, true]);
      assert.ok(fake.requests.some((r) => r.route === 'models'));
      const none = body<{ llm: { provider: string; configured: boolean } }>(await server.app.inject({ url: '/api/settings', headers: server.auth('viewer') }));
      assert.deepEqual([none.llm.provider, none.llm.configured], ['none', false]);
    } finally {
      await other.app.close();
      await fake.close();
    }
  });
});
