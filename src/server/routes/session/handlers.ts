import type { SessionInfo } from '../../../schema/api/auth.ts';
import { sha256Hex } from '../../../store/tokens.ts';
import { actorOf, type Identity } from '../../auth/identity.ts';
import { recordFailedAuth, throttled } from '../../auth/hook.ts';
import { clearSessionCookie, csrfTokenFor, newSessionId, setSessionCookie } from '../../auth/session.ts';
import { ApiError } from '../../errors.ts';
import type { RouteContext } from '../../route.ts';

export function sessionInfo(identity: Identity): SessionInfo {
  return {
    actor: actorOf(identity),
    name: identity.name,
    role: identity.role,
    via: identity.via,
    csrfToken: identity.sessionId === undefined ? null : csrfTokenFor(identity.sessionId),
    expiresAt: identity.sessionExpiresAt ?? null,
  };
}

/** Token login: opens a session (HttpOnly, SameSite=Strict cookie) and returns its CSRF token. */
export async function login({ body, request, reply, vigil }: RouteContext<unknown, { token: string }, unknown>): Promise<SessionInfo> {
  const blocked = throttled(vigil, request);
  if (blocked !== undefined) throw blocked;
  const token = vigil.reads.tokens.authenticate(body.token);
  if (token === undefined) {
    await recordFailedAuth(vigil, request, 'login');
    throw new ApiError('E_AUTH', 'invalid or revoked token');
  }
  const sessionId = newSessionId();
  const hash = sha256Hex(sessionId);
  const ttl = vigil.limits.sessionTtlMs;
  const session = await vigil.writes.run((store) => {
    const created = store.sessions.create(hash, token.id, ttl);
    store.audit.append({ actor: actorOf(token), action: 'login', details: { client: request.ip, expires_at: created.expires_at } });
    return created;
  });
  vigil.usage.record(token.id, session.created_at);
  setSessionCookie(reply, sessionId, ttl, vigil.secureCookies);
  return sessionInfo({ tokenId: token.id, name: token.name, role: token.role, via: 'session', sessionHash: hash, sessionId, sessionExpiresAt: session.expires_at });
}

export function whoami({ identity }: RouteContext<unknown, unknown, unknown>): SessionInfo {
  if (identity === null) throw new ApiError('E_AUTH', 'authentication required');
  return sessionInfo(identity);
}

/** Ends the cookie session (a bearer caller has none to end). */
export async function logout({ identity, reply, vigil }: RouteContext<unknown, unknown, unknown>): Promise<{ ok: boolean }> {
  if (identity?.sessionHash === undefined) return { ok: false };
  const hash = identity.sessionHash;
  await vigil.writes.run((store) => {
    store.sessions.delete(hash);
    store.audit.append({ actor: actorOf(identity), action: 'logout' });
  });
  clearSessionCookie(reply, vigil.secureCookies);
  return { ok: true };
}
