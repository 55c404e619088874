import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { JobExecutor } from '../../src/jobs/types.ts';
import { ROLE_RANK, type Role } from '../../src/schema/api/auth.ts';
import { ROUTES } from '../../src/server/routes/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { SYSLOG_SAMPLE, body, multipart, startServer, type TestServer } from './helpers.ts';

/**
 * Every route the server registered, called as nobody, viewer, analyst and admin: 401 without credentials,
 * 403 below the route's role, success from it on (and the answer matches the route's documented schema).
 * A route with parameters or a body needs a sample request below, so no route escapes the matrix.
 */

const temp = tempDirs('server-auth');
type Caller = Role | 'none';
const CALLERS: readonly Caller[] = ['none', 'viewer', 'analyst', 'admin'];
/** The only routes anyone may call without credentials. */
const PUBLIC = new Set(['GET /health', 'POST /api/session']);

/** Jobs never finish here: the first of each kind stays running, later ones stay queued (cancellable). */
const heldExecutor: JobExecutor = () => ({ done: new Promise(() => undefined), abort: () => Promise.resolve() });

let server: TestServer;
let eventId = '';
let incidentId = '';

before(async () => {
  const dir = temp.fresh();
  server = await startServer(dir, { demo: { volume: 1500, seed: 3 }, jobExecutor: heldExecutor, limits: { shutdownJobWaitMs: 0 } });
  eventId = (server.app.vigil.reads.db.prepare('SELECT lower(hex(id)) FROM events LIMIT 1').pluck().get() as string);
  incidentId = (server.app.vigil.reads.db.prepare('SELECT id FROM incidents LIMIT 1').pluck().get() as string | undefined) ?? '';
  server.app.vigil.jobs.submit({ kind: 'analyze', actor: 'test', payload: { builtin: true, extra: [], triage: {} } }, { files: [], options: {} });
});
after(async () => {
  await server.app.close();
});

function queuedJob(): string {
  return server.app.vigil.jobs.submit({ kind: 'analyze', actor: 'test', payload: { builtin: true, extra: [], triage: {} } }, { files: [], options: {} }).id;
}

const SAMPLES: Record<string, (caller: Caller) => InjectOptions> = {
  'POST /api/session': (caller) => ({ payload: { token: server.secrets[caller === 'none' ? 'viewer' : caller] } }),
  'POST /api/tokens': () => ({ payload: { name: `t-${Math.random().toString(36).slice(2)}`, role: 'viewer' } }),
  'DELETE /api/tokens/:name': () => {
    const name = `gone-${Math.random().toString(36).slice(2)}`;
    server.app.vigil.writes.store.tokens.create(name, 'viewer', 'test');
    return { url: `/api/tokens/${name}` };
  },
  'DELETE /api/session': () => ({}),
  'POST /api/uploads': () => multipart([{ filename: 'auth.log', content: SYSLOG_SAMPLE }]),
  'POST /api/analyze': () => ({ payload: {} }),
  'PATCH /api/settings': () => ({ payload: { defaultMode: 'basic' } }),
  'GET /api/jobs/:id': () => ({ url: `/api/jobs/${queuedJob()}` }),
  'GET /api/jobs/:id/events': () => {
    const id = queuedJob();
    server.app.vigil.jobs.cancel(id);
    return { url: `/api/jobs/${id}/events` };
  },
  'POST /api/jobs/:id/cancel': () => ({ url: `/api/jobs/${queuedJob()}/cancel` }),
  'GET /api/events/:id': () => ({ url: `/api/events/${eventId}` }),
  'GET /api/incidents/:id': () => ({ url: `/api/incidents/${incidentId}` }),
  'GET /api/incidents/:id/export': () => ({ url: `/api/incidents/${incidentId}/export?format=csv` }),
  'GET /api/export': () => ({ url: '/api/export?all=true&format=json' }),
  'GET /docs/static/*': () => ({ url: '/docs/static/index.css' }),
  'POST /api/chat/ask': () => ({ payload: { question: 'What is the most critical threat detected?' } }),
  'GET /api/chat/sessions/:id': () => ({ url: `/api/chat/sessions/${chatSession()}` }),
  'GET /api/chat/sessions/:id/export': () => ({ url: `/api/chat/sessions/${chatSession()}/export` }),
};

function chatSession(): string {
  return server.app.vigil.writes.store.chats.create('test', 'a question').id;
}

function sample(method: string, url: string, caller: Caller): InjectOptions {
  const key = `${method} ${url}`;
  const make = SAMPLES[key] ?? (method === 'HEAD' ? SAMPLES[`GET ${url}`] : undefined);
  if (make === undefined && ((method !== 'GET' && method !== 'HEAD') || /[:*]/.test(url))) throw new Error(`no sample request for ${key}: add one to SAMPLES`);
  const request = { method: method as InjectOptions['method'], url, ...make?.(caller) };
  if (caller !== 'none') request.headers = { ...request.headers, authorization: `Bearer ${server.secrets[caller]}` };
  return request;
}

function expected(access: string, caller: Caller): 'ok' | 401 | 403 {
  if (access === 'public') return 'ok';
  if (caller === 'none') return 401;
  return ROLE_RANK[caller] >= ROLE_RANK[access as Role] ? 'ok' : 403;
}

describe('route × role matrix', () => {
  it('walks every registered route as nobody, viewer, analyst and admin', async (t) => {
    assert.ok(incidentId !== '', 'the demo data must give incidents');
    const routes = server.app.registeredRoutes;
    assert.ok(routes.length >= ROUTES.length, 'every API route is registered');
    for (const route of ROUTES) assert.ok(routes.some((r) => r.method === route.method && r.url === route.url), `${route.method} ${route.url} registered`);
    const publicRoutes = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(new Set(publicRoutes), PUBLIC);
    let checked = 0;
    for (const route of routes) {
      for (const caller of CALLERS) {
        const response = await server.app.inject(sample(route.method, route.url, caller));
        const want = expected(route.access, caller);
        const label = `${route.method} ${route.url} as ${caller} → ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (want === 'ok') assert.ok(response.statusCode >= 200 && response.statusCode < 400, label);
        else {
          assert.equal(response.statusCode, want, label);
          if (route.method !== 'HEAD') assert.equal(body<{ error: { code: string } }>(response).error.code, want === 401 ? 'E_AUTH' : 'E_FORBIDDEN', label);
        }
        const definition = ROUTES.find((r) => r.method === route.method && r.url === route.url);
        if (want === 'ok' && definition !== undefined && definition.download === undefined && !definition.stream) {
          const parsed = definition.response.safeParse(JSON.parse(response.body));
          assert.ok(parsed.success, `${label}: answer does not match its schema: ${parsed.success ? '' : parsed.error.message.slice(0, 500)}`);
        }
        checked++;
      }
    }
    t.diagnostic(`${routes.length} routes × ${CALLERS.length} callers = ${checked} requests`);
  });
});

describe('sessions', () => {
  it('logs in with a token: HttpOnly SameSite=Strict cookie, CSRF token required for state changes, logout ends it', async () => {
    const login = await server.app.inject({ method: 'POST', url: '/api/session', payload: { token: server.secrets.analyst } });
    assert.equal(login.statusCode, 200);
    const cookie = String(login.headers['set-cookie']);
    assert.match(cookie, /^vigil_session=[A-Za-z0-9_-]{43};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\//);
    const session = body<{ role: string; via: string; csrfToken: string; actor: string }>(login);
    assert.deepEqual([session.role, session.via, session.actor], ['analyst', 'session', 'token:analyst(analyst)']);
    const jar = { cookie: cookie.split(';')[0]! };

    const read = await server.app.inject({ url: '/api/incidents', headers: jar });
    assert.equal(read.statusCode, 200, 'reads need no CSRF token');
    const noCsrf = await server.app.inject({ method: 'POST', url: '/api/analyze', headers: jar, payload: {} });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(body<{ error: { code: string } }>(noCsrf).error.code, 'E_CSRF');
    const wrongCsrf = await server.app.inject({ method: 'POST', url: '/api/analyze', headers: { ...jar, 'x-csrf-token': `${session.csrfToken.slice(0, -2)}xx` }, payload: {} });
    assert.equal(wrongCsrf.statusCode, 403);
    const withCsrf = await server.app.inject({ method: 'POST', url: '/api/analyze', headers: { ...jar, 'x-csrf-token': session.csrfToken }, payload: {} });
    assert.equal(withCsrf.statusCode, 202);
    const again = await server.app.inject({ url: '/api/session', headers: jar });
    assert.equal(body<{ csrfToken: string }>(again).csrfToken, session.csrfToken, 'the page can fetch its CSRF token again after a reload');

    const logoutNoCsrf = await server.app.inject({ method: 'DELETE', url: '/api/session', headers: jar });
    assert.equal(logoutNoCsrf.statusCode, 403);
    const logout = await server.app.inject({ method: 'DELETE', url: '/api/session', headers: { ...jar, 'x-csrf-token': session.csrfToken } });
    assert.equal(logout.statusCode, 200);
    assert.match(String(logout.headers['set-cookie']), /vigil_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await server.app.inject({ url: '/api/incidents', headers: jar });
    assert.equal(after.statusCode, 401);
  });

  it('ends the sessions of a revoked token, and the token itself stops working', async () => {
    const { secret } = server.app.vigil.writes.store.tokens.create('short-lived', 'analyst', 'test');
    const login = await server.app.inject({ method: 'POST', url: '/api/session', payload: { token: secret } });
    const jar = { cookie: String(login.headers['set-cookie']).split(';')[0]! };
    assert.equal((await server.app.inject({ url: '/api/stats', headers: jar })).statusCode, 200);
    const revoke = await server.app.inject({ method: 'DELETE', url: '/api/tokens/short-lived', headers: server.auth('admin') });
    assert.equal(revoke.statusCode, 200);
    assert.equal((await server.app.inject({ url: '/api/stats', headers: jar })).statusCode, 401);
    assert.equal((await server.app.inject({ url: '/api/stats', headers: { authorization: `Bearer ${secret}` } })).statusCode, 401);
  });

  it('audits logins and failed authentications with the acting token, and never stores a secret', async () => {
    await server.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'vgl_wrong' } });
    await server.app.inject({ url: '/api/stats', headers: { authorization: 'Bearer not-a-token' } });
    await server.app.inject({ method: 'POST', url: '/api/session', payload: { token: server.secrets.viewer } });
    const entries = server.app.vigil.reads.audit.list({ limit: 1000 });
    const failed = entries.filter((e) => e.action === 'auth-failed');
    assert.ok(failed.some((e) => e.details.how === 'login'));
    assert.ok(failed.some((e) => e.details.how === 'bearer' && e.details.route === '/api/stats'));
    assert.ok(entries.some((e) => e.action === 'login' && e.actor === 'token:viewer(viewer)'));
    const text = JSON.stringify(entries);
    for (const secret of Object.values(server.secrets)) assert.ok(!text.includes(secret), 'no secret in the audit log');
    const stored = JSON.stringify(server.app.vigil.reads.db.prepare('SELECT * FROM api_tokens').all());
    for (const secret of Object.values(server.secrets)) assert.ok(!stored.includes(secret), 'only hashes of secrets are stored');
  });
});

describe('token management', () => {
  it('creates a token whose secret works once shown, lists without secrets, refuses duplicates and the last admin’s revocation', async () => {
    const admin = server.auth('admin');
    const created = await server.app.inject({ method: 'POST', url: '/api/tokens', headers: admin, payload: { name: 'carol', role: 'analyst' } });
    assert.equal(created.statusCode, 201);
    const { secret, token } = body<{ secret: string; token: { name: string; role: string; created_by: string } }>(created);
    assert.deepEqual([token.name, token.role, token.created_by], ['carol', 'analyst', 'token:admin(admin)']);
    const me = await server.app.inject({ url: '/api/session', headers: { authorization: `Bearer ${secret}` } });
    assert.equal(body<{ actor: string }>(me).actor, 'token:carol(analyst)');
    const list = await server.app.inject({ url: '/api/tokens', headers: admin });
    assert.ok(!list.body.includes(secret));
    assert.ok(body<{ tokens: { name: string }[] }>(list).tokens.some((t) => t.name === 'carol'));
    const duplicate = await server.app.inject({ method: 'POST', url: '/api/tokens', headers: admin, payload: { name: 'carol', role: 'viewer' } });
    assert.equal(body<{ error: { code: string } }>(duplicate).error.code, 'E_CONFLICT');
    const badName = await server.app.inject({ method: 'POST', url: '/api/tokens', headers: admin, payload: { name: '<script>', role: 'viewer' } });
    assert.equal(body<{ error: { code: string } }>(badName).error.code, 'E_VALIDATION');
    const lastAdmin = await server.app.inject({ method: 'DELETE', url: '/api/tokens/admin', headers: admin });
    assert.equal(lastAdmin.statusCode, 409);
    const audit = server.app.vigil.reads.audit.list({ action: 'token-create', limit: 1000 });
    assert.ok(audit.some((e) => e.target === 'carol' && e.actor === 'token:admin(admin)' && e.details.role === 'analyst'));
  });
});

describe('failed authentication throttling', () => {
  it('answers 429 after too many bad tokens from one address, and stops auditing them', async () => {
    const dir = temp.fresh();
    const throttled = await startServer(dir, { limits: { failedAuthPerMinute: 5 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await throttled.app.inject({ url: '/api/stats', headers: { authorization: `Bearer vgl_guess${i}` } })).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
      const blocked = await throttled.app.inject({ url: '/api/stats', headers: throttled.auth('viewer') });
      assert.equal(blocked.statusCode, 429, 'even a good token from a throttled address waits');
      assert.ok(Number(blocked.headers['retry-after']) >= 1);
      const audit = throttled.app.vigil.reads.audit.list({ limit: 100 });
      assert.equal(audit.filter((e) => e.action === 'auth-failed').length, 4);
      assert.equal(audit.filter((e) => e.action === 'auth-throttled').length, 1);
    } finally {
      await throttled.app.close();
    }
  });
});
