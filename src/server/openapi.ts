import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { ApiErrorBodySchema } from '../schema/api/errors.ts';
import { vigilVersion } from '../util/package-root.ts';
import { SESSION_COOKIE } from './auth/session.ts';
import type { RouteDefinition } from './route.ts';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  return z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' });
}

const ERROR_STATUSES: Readonly<Record<number, string>> = {
  400: 'invalid request (E_VALIDATION)',
  401: 'no valid credentials (E_AUTH)',
  403: 'the token’s role does not allow this (E_FORBIDDEN), or a missing CSRF token (E_CSRF)',
  404: 'not found (E_NOT_FOUND)',
  413: 'too large (E_TOO_LARGE)',
  429: 'rate limit reached (E_RATE_LIMIT)',
  500: 'internal error (E_INTERNAL)',
};

function errorResponses(route: RouteDefinition): Json {
  const statuses = [400, 404, 500];
  if (route.access !== 'public') statuses.push(401, 403);
  if (route.rate !== undefined) statuses.push(429);
  if (route.multipart) statuses.push(413);
  const error = { ...jsonSchema(ApiErrorBodySchema, 'output') };
  return Object.fromEntries(statuses.sort().map((s) => [s, { description: ERROR_STATUSES[s], ...error }]));
}

function successResponse(route: RouteDefinition): Json {
  const schema = jsonSchema(route.response, 'output');
  if (route.stream) return { description: 'server-sent events', content: { 'text/event-stream': { schema: { type: 'string' } } } };
  if (route.download === undefined) return { description: 'success', ...schema };
  return { description: 'download', content: Object.fromEntries(route.download.contentTypes.map((type) => [type, { schema }])) };
}

const MULTIPART_BODY = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } },
        required: ['files'],
      },
    },
  },
};

/** The OpenAPI operation of a route, from its zod schemas (the same that validate its requests). */
export function operationSchema(route: RouteDefinition): FastifySchema & Json {
  const schema: Json = {
    summary: route.summary,
    tags: [route.tag],
    security: route.access === 'public' ? [] : [{ bearer: [] }, { session: [] }],
    response: { [route.status]: successResponse(route), ...errorResponses(route) },
  };
  const access = route.access === 'public' ? 'No authentication.' : `Role: ${route.access} or above.`;
  const rate = route.rate === undefined ? '' : ` Rate limit policy: ${route.rate}.`;
  schema.description = `${route.description ?? route.summary}\n\n${access}${rate}`;
  if (route.query !== undefined) schema.querystring = jsonSchema(route.query, 'input');
  if (route.params !== undefined) schema.params = jsonSchema(route.params, 'input');
  if (route.body !== undefined) schema.body = jsonSchema(route.body, 'input');
  if (route.multipart) schema.body = MULTIPART_BODY;
  return schema;
}

/** CSP for the documentation pages: everything from this server, nothing from anywhere else. */
const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'";

/** OpenAPI 3 document built from the route registry, and Swagger UI at /docs served from local files. */
export async function registerOpenApi(app: FastifyInstance, routes: readonly RouteDefinition[]): Promise<void> {
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.url}`, r]));
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Vigil API', version: vigilVersion(), description: 'Log analysis and incident triage. Guide: docs/api.md.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token (vigil token create).' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browser session from POST /api/session; state-changing requests also need X-CSRF-Token.' },
        },
      },
    },
    hideUntagged: true,
    transform: ({ schema, url, route }) => {
      const method = Array.isArray(route.method) ? String(route.method[0]) : String(route.method);
      const definition = byKey.get(`${method} ${url}`);
      if (definition === undefined) return { schema: { ...(schema as Json), hide: true }, url };
      return { schema: operationSchema(definition), url };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    uiConfig: { deepLinking: true, withCredentials: true, persistAuthorization: false, validatorUrl: null },
  });
}
