import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packageRoot } from '../util/package-root.ts';

/**
 * The page's Content-Security-Policy: scripts, styles, images and connections from this server only; no
 * inline script or style element, no plugin, no framing, no base or form redirection; and Trusted Types:
 * the page's one policy (web/src/lib/trusted-types.ts) lets no string but the empty one reach an HTML sink.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types default",
].join('; ');

export function defaultWebDir(): string {
  return join(packageRoot(), 'web', 'dist');
}

const API_PATH = /^\/(api|docs|openapi\.json|health)(\/|$)/;
const HAS_EXTENSION = /\/[^/]*\.[A-Za-z0-9]{1,8}$/;

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

function sendPage(reply: FastifyReply): FastifyReply {
  void reply.header('content-security-policy', WEB_CSP);
  void reply.header('cache-control', 'no-cache');
  return reply.type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
}

/** Without a build: every page route says how to make one (the API works regardless). */
function notBuilt(app: FastifyInstance, dir: string): void {
  app.get('/*', { config: { access: 'public' } }, (request, reply) => {
    if (API_PATH.test(pathOf(request))) return reply.callNotFound();
    return reply.code(503).type('text/plain; charset=utf-8').send(`The web UI is not built (no ${join(dir, 'index.html')}). Run: npm run build:web\n`);
  });
}

/**
 * The React app from `web/dist`: hashed assets cached for a year, the page itself never, and every other
 * path that is not the API answered with the page (the app routes in the browser). Files are only ever
 * served from the build directory; unknown API paths keep the API's JSON 404.
 */
export function webApp(dir: string = defaultWebDir()): (web: FastifyInstance) => Promise<void> {
  return async (web) => {
    if (!existsSync(join(dir, 'index.html'))) {
      notBuilt(web, dir);
      return;
    }
    const rootFiles = new Set(readdirSync(dir).filter((name) => name !== 'index.html' && !name.startsWith('.') && statSync(join(dir, name)).isFile()));
    await web.register(fastifyStatic, { root: dir, serve: false, index: false, dotfiles: 'deny' });
    web.addHook('onSend', async (request, reply, payload) => {
      if (pathOf(request).startsWith('/assets/') && reply.statusCode === 200) void reply.header('cache-control', 'public, max-age=31536000, immutable');
      return payload;
    });
    web.get('/assets/*', { config: { access: 'public' } }, (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      return reply.sendFile(join('assets', file), { cacheControl: false });
    });
    web.get('/*', { config: { access: 'public' } }, (request, reply) => {
      const path = pathOf(request);
      if (API_PATH.test(path)) return reply.callNotFound();
      const name = path.slice(1);
      if (rootFiles.has(name)) return reply.sendFile(name, { cacheControl: false });
      if (HAS_EXTENSION.test(path)) return reply.callNotFound();
      return sendPage(reply);
    });
  };
}
