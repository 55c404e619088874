import { z } from 'zod';
import { ChatAskBodySchema, ChatExamplesSchema, ChatSessionDetailSchema, ChatSessionListSchema, ChatSessionParamsSchema, ChatSessionsQuerySchema } from '../../../schema/api/chat.ts';
import { defineRoute } from '../../route.ts';
import { ask, examples, exportSession, listSessions, sessionDetail } from './handlers.ts';

export const chatRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/chat/examples',
    access: 'viewer',
    tag: 'chat',
    summary: 'The example questions (each answered from its own fact queries)',
    response: ChatExamplesSchema,
    handler: examples,
  }),
  defineRoute({
    method: 'POST',
    url: '/api/chat/ask',
    access: 'analyst',
    tag: 'chat',
    rate: 'ask',
    stream: true,
    summary: 'Ask a question: server-sent events `session`, `token` (deltas), `answer` (the Answer, with facts and citations) or `error`',
    description:
      'The answer is computed from facts over every matching event (docs/assist.md); a configured LLM narrates them and its unsupported claims are listed in `flagged`. Closing the connection abandons the question.',
    body: ChatAskBodySchema,
    response: z.string(),
    handler: ask,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/chat/sessions',
    access: 'viewer',
    tag: 'chat',
    summary: 'Chat sessions, most recent first',
    query: ChatSessionsQuerySchema,
    response: ChatSessionListSchema,
    handler: listSessions,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/chat/sessions/:id',
    access: 'viewer',
    tag: 'chat',
    summary: 'One chat session with every question and answer (facts, citations, flagged claims)',
    params: ChatSessionParamsSchema,
    response: ChatSessionDetailSchema,
    handler: sessionDetail,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/chat/sessions/:id/export',
    access: 'analyst',
    tag: 'chat',
    rate: 'export',
    summary: 'The session as Markdown (questions, answers, facts and cited ids)',
    params: ChatSessionParamsSchema,
    response: z.string(),
    download: { contentTypes: ['text/markdown'] },
    handler: exportSession,
  }),
];
