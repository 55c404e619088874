import type { FastifyInstance } from 'fastify';

/**
 * Headers on every answer: no MIME sniffing, no framing, no referrer. API answers are never cached and
 * carry a CSP that forbids everything, so a JSON or CSV answer opened in a browser runs nothing.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    void reply.header('cross-origin-resource-policy', 'same-origin');
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/docs')) {
      void reply.header('cache-control', 'no-store');
      if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }
    return payload;
  });
}
