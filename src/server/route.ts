import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RatePolicy } from '../schema/api/server-config.ts';
import type { Access, Identity } from './auth/identity.ts';
import type { ServerContext } from './context.ts';
import { ApiError } from './errors.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<Q, B, P> {
  query: Q;
  body: B;
  params: P;
  request: FastifyRequest;
  reply: FastifyReply;
  vigil: ServerContext;
  /** The caller; routes with `access: 'public'` get null when no credentials were sent. */
  identity: Identity | null;
}

/** Documentation of a non-JSON success response (downloads): its content types. */
export interface Download {
  contentTypes: readonly string[];
}

export interface RouteSpec<Q extends z.ZodType, B extends z.ZodType, P extends z.ZodType, R extends z.ZodType> {
  method: HttpMethod;
  url: string;
  access: Access;
  summary: string;
  description?: string;
  tag: string;
  rate?: RatePolicy;
  query?: Q;
  body?: B;
  params?: P;
  /** The success response (JSON), or for downloads the shape documented per content type. */
  response: R;
  status?: 200 | 201 | 202;
  download?: Download;
  /** The body is multipart/form-data, read by the handler as a stream (documented, not validated up front). */
  multipart?: boolean;
  /** Server-sent events (text/event-stream); the handler writes the stream itself. */
  stream?: boolean;
  handler(ctx: RouteContext<z.output<Q>, z.output<B>, z.output<P>>): Promise<z.input<R> | FastifyReply> | z.input<R> | FastifyReply;
}

/** A route with its types erased: what the registry holds and the OpenAPI transform reads. */
export interface RouteDefinition {
  method: HttpMethod;
  url: string;
  access: Access;
  summary: string;
  description?: string;
  tag: string;
  rate?: RatePolicy;
  query?: z.ZodType;
  body?: z.ZodType;
  params?: z.ZodType;
  response: z.ZodType;
  status: number;
  download?: Download;
  multipart: boolean;
  stream: boolean;
  register(app: FastifyInstance): void;
}

export function defineRoute<
  R extends z.ZodType,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<Q, B, P, R>): RouteDefinition {
  const status = spec.status ?? 200;
  return {
    method: spec.method,
    url: spec.url,
    access: spec.access,
    summary: spec.summary,
    description: spec.description,
    tag: spec.tag,
    rate: spec.rate,
    query: spec.query,
    body: spec.body,
    params: spec.params,
    response: spec.response,
    status,
    download: spec.download,
    multipart: spec.multipart === true,
    stream: spec.stream === true,
    register(app) {
      const schema: Record<string, unknown> = {};
      if (spec.query !== undefined) schema.querystring = spec.query;
      if (spec.body !== undefined) schema.body = spec.body;
      if (spec.params !== undefined) schema.params = spec.params;
      app.route({
        method: spec.method,
        url: spec.url,
        config: { access: spec.access, ratePolicy: spec.rate },
        schema,
        handler: async (request, reply) => {
          const result = await spec.handler({
            query: request.query as z.output<Q>,
            body: request.body as z.output<B>,
            params: request.params as z.output<P>,
            request,
            reply,
            vigil: app.vigil,
            identity: request.identity,
          });
          // A reply is thenable, so an async handler's `return reply.send(…)` arrives here resolved: look at the reply.
          if (result === reply || reply.sent) return reply;
          return reply.code(status).send(result);
        },
      });
    },
  };
}

/** The caller of a route that is not public (the auth hook guarantees one). */
export function caller(identity: Identity | null): Identity {
  if (identity === null) throw new ApiError('E_AUTH', 'authentication required');
  return identity;
}
