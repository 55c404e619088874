import { z } from 'zod';
import { TokenCreateSchema, TokenCreatedSchema, TokenListSchema, TokenNameSchema, ApiTokenSchema } from '../../../schema/api/auth.ts';
import { defineRoute } from '../../route.ts';
import { createToken, listTokens, revokeToken } from './handlers.ts';

export const tokenRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/tokens',
    access: 'admin',
    tag: 'tokens',
    summary: 'List API tokens (never their secrets)',
    response: TokenListSchema,
    handler: listTokens,
  }),
  defineRoute({
    method: 'POST',
    url: '/api/tokens',
    access: 'admin',
    tag: 'tokens',
    summary: 'Create an API token; the answer is the only time its secret is shown',
    body: TokenCreateSchema,
    response: TokenCreatedSchema,
    status: 201,
    handler: createToken,
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/tokens/:name',
    access: 'admin',
    tag: 'tokens',
    summary: 'Revoke a token and end its sessions',
    params: z.object({ name: TokenNameSchema }),
    response: z.object({ token: ApiTokenSchema }),
    handler: revokeToken,
  }),
];
