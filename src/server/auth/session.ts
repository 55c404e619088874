import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The CSRF token of a session, derived from the session id (which only the HttpOnly cookie holds): the page
 * gets it from the login answer or `GET /api/session` and sends it back in `X-CSRF-Token`. Another site can
 * make the browser send the cookie, but cannot read this value.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHmac('sha256', sessionId).update('vigil-csrf-v1').digest('base64url');
}

export function csrfMatches(sessionId: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(sessionId));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function setSessionCookie(reply: FastifyReply, sessionId: string, ttlMs: number, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    maxAge: Math.floor(ttlMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}
