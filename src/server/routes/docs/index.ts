import { z } from 'zod';
import { defineRoute } from '../../route.ts';

export const docsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/openapi.json',
    access: 'viewer',
    tag: 'settings',
    summary: 'This OpenAPI 3 document (interactive at /docs)',
    response: z.record(z.string(), z.unknown()),
    handler: ({ request }) => request.server.swagger() as unknown as Record<string, unknown>,
  }),
];
