import { HealthSchema } from '../../../schema/api/settings.ts';
import { defineRoute } from '../../route.ts';

export const healthRoutes = [
  defineRoute({
    method: 'GET',
    url: '/health',
    access: 'public',
    tag: 'settings',
    summary: 'Liveness: whether the store answers (no details without authentication)',
    response: HealthSchema,
    handler: ({ vigil, reply }) => {
      try {
        vigil.reads.db.prepare('SELECT 1').get();
        return { status: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable' });
      }
    },
  }),
];
