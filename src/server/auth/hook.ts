import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sha256Hex } from '../../store/tokens.ts';
import type { ServerContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { actorOf, allows, type Identity } from './identity.ts';
import { CSRF_HEADER, SESSION_COOKIE, csrfMatches } from './session.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Credentials = { kind: 'bearer'; secret: string } | { kind: 'session'; id: string };

function credentialsOf(request: FastifyRequest): Credentials | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return { kind: 'bearer', secret: match?.[1] ?? '' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie === undefined || cookie === '' ? undefined : { kind: 'session', id: cookie };
}

function identify(ctx: ServerContext, credentials: Credentials): Identity | undefined {
  if (credentials.kind === 'bearer') {
    const token = ctx.reads.tokens.authenticate(credentials.secret);
    return token === undefined ? undefined : { tokenId: token.id, name: token.name, role: token.role, via: 'bearer' };
  }
  const hash = sha256Hex(credentials.id);
  const session = ctx.reads.sessions.find(hash);
  if (session === undefined) return undefined;
  const { token } = session;
  return { tokenId: token.id, name: token.name, role: token.role, via: 'session', sessionHash: hash, sessionId: credentials.id, sessionExpiresAt: session.expires_at };
}

/** Counts and audits a failed authentication; the client is throttled after too many in a minute. */
export async function recordFailedAuth(ctx: ServerContext, request: FastifyRequest, how: string): Promise<void> {
  const client = request.ip;
  const reachedLimit = ctx.failures.fail(client);
  const details = { client, how, method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0] };
  await ctx.writes.run((store) => store.audit.append({ actor: `client:${client}`, action: reachedLimit ? 'auth-throttled' : 'auth-failed', details }));
}

export function throttled(ctx: ServerContext, request: FastifyRequest): ApiError | undefined {
  if (!ctx.failures.blocked(request.ip)) return undefined;
  const error = new ApiError('E_RATE_LIMIT', 'too many failed authentications from this address; retry later');
  return Object.assign(error, { retryAfterSeconds: ctx.failures.retryAfterSeconds(request.ip) });
}

/**
 * Authentication and authorisation of every request, before its body is read: a bearer token or a session
 * cookie; the route's `access` decides who may call it; cookie-authenticated state-changing requests must
 * carry the session's CSRF token. Routes without an explicit access level never reach here (see app.ts).
 */
export function installAuth(app: FastifyInstance): void {
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const ctx = app.vigil;
    const access = request.routeOptions.config.access ?? 'admin';
    const credentials = credentialsOf(request);
    if (credentials === undefined) {
      if (access === 'public') return;
      throw new ApiError('E_AUTH', 'authentication required: send Authorization: Bearer <token>, or log in with POST /api/session');
    }
    const blocked = throttled(ctx, request);
    if (blocked !== undefined) throw blocked;
    const identity = identify(ctx, credentials);
    if (identity === undefined) {
      // An ended session is routine (logout, expiry, revoked token); a wrong token is not.
      if (credentials.kind === 'session') {
        if (access === 'public') return;
        throw new ApiError('E_AUTH', 'the session has ended; log in again');
      }
      await recordFailedAuth(ctx, request, 'bearer');
      throw new ApiError('E_AUTH', 'invalid or revoked token');
    }
    request.identity = identity;
    ctx.usage.record(identity.tokenId, ctx.clock().toISOString());
    if (!allows(access, identity.role)) {
      throw new ApiError('E_FORBIDDEN', `${request.method} ${request.routeOptions.url ?? ''} needs the ${access} role; ${actorOf(identity)} is not allowed`);
    }
    if (identity.via === 'session' && STATE_CHANGING.has(request.method) && !csrfMatches(identity.sessionId ?? '', headerValue(request, CSRF_HEADER))) {
      throw new ApiError('E_CSRF', `cookie-authenticated ${request.method} requests must send the session's CSRF token in the ${CSRF_HEADER} header`);
    }
  });
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
