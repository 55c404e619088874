import { LoginSchema, SessionInfoSchema } from '../../../schema/api/auth.ts';
import { OkSchema } from '../../../schema/api/common.ts';
import { defineRoute } from '../../route.ts';
import { login, logout, whoami } from './handlers.ts';

export const sessionRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/session',
    access: 'public',
    tag: 'session',
    rate: 'login',
    summary: 'Log in with an API token: opens a browser session',
    description: 'Sets the HttpOnly, SameSite=Strict `vigil_session` cookie and returns the session’s CSRF token, which state-changing requests authenticated by the cookie must send in `X-CSRF-Token`.',
    body: LoginSchema,
    response: SessionInfoSchema,
    handler: login,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/session',
    access: 'viewer',
    tag: 'session',
    summary: 'Who is calling: token name, role, session expiry and CSRF token',
    response: SessionInfoSchema,
    handler: whoami,
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/session',
    access: 'viewer',
    tag: 'session',
    summary: 'Log out: ends the cookie session',
    response: OkSchema,
    handler: logout,
  }),
];
