import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { z } from 'zod';
import { ApiErrorBodySchema } from '../../src/schema/api/errors.ts';
import { defineRoute } from '../../src/server/route.ts';
import { ROUTES } from '../../src/server/routes/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { body, startServer, type TestServer } from './helpers.ts';

/** One error shape with stable codes, no internals leaked; the OpenAPI document lists every route. */

const temp = tempDirs('server-errors');
let server: TestServer;

const failing = defineRoute({
  method: 'GET',
  url: '/api/test/fail',
  access: 'viewer',
  tag: 'test',
  summary: 'fails',
  response: z.object({}),
  handler: () => {
    throw new Error('database password is hunter2 at /srv/secret/path');
  },
});

before(async () => {
  server = await startServer(temp.fresh(), { routes: [failing], limits: { jsonBodyBytes: 1024 } });
});
after(async () => {
  await server.app.close();
});

function errorOf(response: { statusCode: number; body: string }): { status: number; code: string; message: string } {
  const parsed = ApiErrorBodySchema.parse(JSON.parse(response.body));
  return { status: response.statusCode, code: parsed.error.code, message: parsed.error.message };
}

describe('error format', () => {
  it('answers every failure as {error: {code, message}} with its stable code', async () => {
    const admin = server.auth('admin');
    const cases: [InjectOptions, number, string][] = [
      [{ url: '/api/nowhere', headers: admin }, 404, 'E_NOT_FOUND'],
      [{ url: '/api/incidents/abcdef0123', headers: admin }, 404, 'E_NOT_FOUND'],
      [{ url: '/api/events?limit=0', headers: admin }, 400, 'E_VALIDATION'],
      [{ url: '/api/events?since=yesterday-ish', headers: admin }, 400, 'E_VALIDATION'],
      [{ url: '/api/jobs/nothex', headers: admin }, 400, 'E_VALIDATION'],
      [{ method: 'POST', url: '/api/tokens', headers: admin, payload: { name: 'x', role: 'root' } }, 400, 'E_VALIDATION'],
      [{ method: 'POST', url: '/api/tokens', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"name": ' }, 400, 'E_VALIDATION'],
      [{ method: 'POST', url: '/api/tokens', headers: { ...admin, 'content-type': 'application/xml' }, payload: '<name>x</name>' }, 415, 'E_UNSUPPORTED_MEDIA'],
      [{ method: 'POST', url: '/api/tokens', headers: admin, payload: { name: 'x'.repeat(2000), role: 'viewer' } }, 413, 'E_TOO_LARGE'],
      [{ url: '/api/stats' }, 401, 'E_AUTH'],
      [{ url: '/api/stats', headers: { authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' } }, 401, 'E_AUTH'],
      [{ url: '/api/tokens', headers: server.auth('analyst') }, 403, 'E_FORBIDDEN'],
      [{ method: 'POST', url: '/api/jobs/0123456789abcdef/cancel', headers: admin }, 404, 'E_NOT_FOUND'],
    ];
    for (const [request, status, code] of cases) {
      const response = await server.app.inject(request);
      const error = errorOf(response);
      assert.deepEqual([error.status, error.code], [status, code], `${JSON.stringify(request).slice(0, 120)} → ${response.body}`);
      assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    }
  });

  it('hides internal errors: a generic message with a request id, no stack, no detail', async () => {
    const response = await server.app.inject({ url: '/api/test/fail', headers: server.auth('viewer') });
    const error = errorOf(response);
    assert.equal(error.status, 500);
    assert.equal(error.code, 'E_INTERNAL');
    assert.match(error.message, /^internal error \(the server log has the details\); request req-\w+$/);
    for (const leak of ['hunter2', '/srv/secret', 'at ', '.ts:']) assert.ok(!response.body.includes(leak), `leaked ${leak}`);
  });

  it('rate-limits logins per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await server.app.inject({ method: 'POST', url: '/api/session', payload: { token: server.secrets.viewer }, remoteAddress: '192.0.2.10' });
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses, [...Array<number>(10).fill(200), 429, 429]);
    const limited = await server.app.inject({ method: 'POST', url: '/api/session', payload: { token: server.secrets.viewer }, remoteAddress: '192.0.2.10' });
    assert.equal(errorOf(limited).code, 'E_RATE_LIMIT');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    const other = await server.app.inject({ method: 'POST', url: '/api/session', payload: { token: server.secrets.viewer }, remoteAddress: '192.0.2.11' });
    assert.equal(other.statusCode, 200, 'another address is not affected');
  });

  it('sends protective headers on API answers', async () => {
    const response = await server.app.inject({ url: '/api/stats', headers: server.auth('viewer') });
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.match(String(response.headers['content-security-policy']), /default-src 'none'/);
  });
});

interface Operation {
  summary?: string;
  security?: unknown[];
  parameters?: { in: string; name: string; schema?: unknown }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}

describe('OpenAPI', () => {
  it('documents every API route with its parameters, body, responses and security', async () => {
    const response = await server.app.inject({ url: '/openapi.json', headers: server.auth('viewer') });
    const doc = body<{ openapi: string; info: { title: string }; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } }>(response);
    assert.equal(doc.openapi, '3.0.3');
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearer', 'session']);
    for (const route of [...ROUTES, failing]) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      assert.ok(operation !== undefined, `${route.method} ${path} documented`);
      assert.ok(operation.summary !== undefined && operation.summary.length > 0);
      assert.ok(operation.responses[String(route.status)] !== undefined, `${route.method} ${path} documents ${route.status}`);
      assert.equal(operation.security?.length === 0, route.access === 'public', `${route.method} ${path} security`);
      if (route.access !== 'public') assert.ok(operation.responses['401'] !== undefined && operation.responses['403'] !== undefined);
      if (route.rate !== undefined) assert.ok(operation.responses['429'] !== undefined, `${path} documents its rate limit`);
      for (const name of route.url.match(/:(\w+)/g) ?? []) assert.ok(operation.parameters?.some((p) => p.in === 'path' && p.name === name.slice(1)), `${path} path parameter ${name}`);
      if (route.query instanceof z.ZodObject) {
        for (const key of Object.keys(route.query.shape)) assert.ok(operation.parameters?.some((p) => p.in === 'query' && p.name === key), `${path} query parameter ${key}`);
      }
      if (route.body !== undefined || route.multipart) assert.ok(operation.requestBody !== undefined, `${path} request body`);
    }
    const events = doc.paths['/api/events']!.get!;
    const success = events.responses['200']!.content!['application/json']!.schema as { properties: Record<string, unknown> };
    assert.deepEqual(Object.keys(success.properties).sort(), ['events', 'next', 'total', 'totalExact']);
    assert.ok(JSON.stringify(doc).length > 20_000, 'schemas come from src/schema, in full');
    assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/docs')), 'the docs pages themselves are not API operations');
  });

  it('docs/api.md names every route with its role', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'api.md'), 'utf8');
    for (const route of ROUTES) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const row = text.split('\n').find((line) => line.startsWith(`| \`${route.method} ${path}\` |`));
      assert.ok(row !== undefined, `docs/api.md has a row for ${route.method} ${path}`);
      assert.ok(row.includes(`| ${route.access} |`), `docs/api.md gives ${route.method} ${path} the role ${route.access}`);
    }
  });

  it('serves Swagger UI from local files only', async () => {
    const page = await server.app.inject({ url: '/docs', headers: server.auth('viewer') });
    assert.equal(page.statusCode, 200);
    assert.ok(!/(src|href)="https?:/.test(page.body), 'no asset from another host');
    const csp = String(page.headers['content-security-policy']);
    assert.ok(!/https?:|validator\.swagger\.io/.test(csp), `CSP allows no other host: ${csp}`);
    const init = await server.app.inject({ url: '/docs/static/swagger-initializer.js', headers: server.auth('viewer') });
    assert.ok(init.body.includes('validatorUrl: null'));
    const css = await server.app.inject({ url: '/docs/static/swagger-ui.css', headers: server.auth('viewer') });
    assert.equal(css.statusCode, 200);
    assert.equal((await server.app.inject({ url: '/docs' })).statusCode, 401);
  });
});
