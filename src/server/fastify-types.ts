import type { Access, Identity } from './auth/identity.ts';
import type { ServerContext } from './context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook for every authenticated request; null on public routes without credentials. */
    identity: Identity | null;
  }
  interface FastifyInstance {
    vigil: ServerContext;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** Name of the rate-limit policy applied to the route (docs/api.md). */
    ratePolicy?: string;
  }
}
