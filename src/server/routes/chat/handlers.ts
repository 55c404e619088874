import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { recordAnswer } from '../../../assist/assistant.ts';
import { chatMarkdown } from '../../../assist/chat-export.ts';
import { EXAMPLE_QUESTIONS } from '../../../assist/examples.ts';
import type { ChatAskBodySchema, ChatExamplesSchema } from '../../../schema/api/chat.ts';
import type { ChatSession } from '../../../store/index.ts';
import { errorMessage } from '../../../util/errors.ts';
import { actorOf } from '../../auth/identity.ts';
import { ApiError, notFound } from '../../errors.ts';
import { defaultModeOf } from '../../llm-settings.ts';
import { caller, type RouteContext } from '../../route.ts';
import type { ServerContext } from '../../context.ts';
import { openSse } from '../../sse.ts';

export function examples({ vigil }: RouteContext<unknown, unknown, unknown>): z.input<typeof ChatExamplesSchema> {
  return { questions: [...EXAMPLE_QUESTIONS], defaultMode: defaultModeOf(vigil.config) };
}

function findSession(vigil: ServerContext, id: string): ChatSession {
  let session: ChatSession | undefined;
  try {
    session = vigil.reads.chats.session(id);
  } catch (error) {
    throw new ApiError('E_VALIDATION', errorMessage(error));
  }
  if (session === undefined) throw notFound(`chat session ${id}`);
  return session;
}

export function listSessions(ctx: RouteContext<{ limit: number }, unknown, unknown>): { sessions: ChatSession[] } {
  return { sessions: ctx.vigil.reads.chats.list(ctx.query.limit) };
}

export function sessionDetail(ctx: RouteContext<unknown, unknown, { id: string }>) {
  const session = findSession(ctx.vigil, ctx.params.id);
  return { session, messages: ctx.vigil.reads.chats.messages(session.id) };
}

export async function exportSession(ctx: RouteContext<unknown, unknown, { id: string }>): Promise<FastifyReply> {
  const { vigil, reply } = ctx;
  const identity = caller(ctx.identity);
  const session = findSession(vigil, ctx.params.id);
  const markdown = chatMarkdown(session, vigil.reads.chats.messages(session.id), vigil.clock());
  await vigil.writes.run((store) => store.audit.append({ actor: actorOf(identity), action: 'export', target: `chat:${session.id}`, details: { chat: session.id, format: 'md', via: 'api' } }));
  return reply
    .code(200)
    .header('content-type', 'text/markdown; charset=utf-8')
    .header('content-disposition', `attachment; filename="vigil-chat-${session.id.replace(/[^0-9a-f]/g, '')}.md"`)
    .send(markdown);
}

/**
 * Streams the answer as server-sent events: `session`, then `token` deltas as they are produced, then the
 * whole `answer`, or an `error`. Closing the connection aborts the question (and the model call).
 */
export async function ask(ctx: RouteContext<unknown, z.output<typeof ChatAskBodySchema>, unknown>): Promise<FastifyReply> {
  const { vigil, body, reply } = ctx;
  const actor = actorOf(caller(ctx.identity));
  const session = body.session === undefined ? await vigil.writes.run((store) => store.chats.create(actor, body.question)) : findSession(vigil, body.session);
  const stream = openSse(reply);
  const abort = new AbortController();
  stream.onClose(() => abort.abort(new Error('client went away')));
  stream.send('session', { session: session.id });
  try {
    const answer = await vigil.assistants.use((assistant) => assistant.ask(body.question, {
      mode: body.mode ?? defaultModeOf(vigil.config),
      signal: abort.signal,
      sessionId: session.id,
      actor,
      useCache: body.noCache !== true,
      onToken: (delta) => stream.send('token', { delta }),
    }));
    stream.send('answer', { ...answer, session: session.id });
  } catch (error) {
    stream.send('error', { error: { code: abort.signal.aborted ? 'E_ABORTED' : 'E_INTERNAL', message: abort.signal.aborted ? 'the question was abandoned' : 'the answer could not be computed' } });
    ctx.request.log.error({ err: error }, 'chat answer failed');
  } finally {
    stream.close();
  }
  return reply;
}

/** The server's recorder: the exchange and its audit record through the write gate (never blocking on a lock). */
export function gatedRecorder(vigil: Pick<ServerContext, 'writes'>) {
  return (entry: Parameters<typeof recordAnswer>[1]) => vigil.writes.run((store) => recordAnswer(store, entry));
}
