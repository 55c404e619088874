import { z } from 'zod';
import { AnalysisModeSchema, AnswerSchema } from '../assist.ts';

/** The example questions, and the mode a question is answered in when it names none. */
export const ChatExamplesSchema = z.object({ questions: z.array(z.string()), defaultMode: AnalysisModeSchema });

export const ChatAskBodySchema = z
  .object({
    question: z.string().trim().min(1).max(2000),
    /** Default: the configured default mode (`assist.defaultMode`, settable by admins), else basic. */
    mode: AnalysisModeSchema.optional(),
    /** Continue this session (its id); a new session is started when absent. */
    session: z.string().regex(/^[0-9a-f]{12}$/).optional(),
    /** Compute the answer even if an identical one is cached for the same data. */
    noCache: z.boolean().optional(),
  })
  .strict();

export const ChatSessionSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  actor: z.string(),
  title: z.string(),
  messages: z.number().int(),
});

export const ChatSessionListSchema = z.object({ sessions: z.array(ChatSessionSchema) });
export const ChatSessionsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();
export const ChatSessionParamsSchema = z.object({ id: z.string().regex(/^[0-9a-f]{4,12}$/i) });

export const ChatMessageSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  answer: AnswerSchema.optional(),
});
export const ChatSessionDetailSchema = z.object({ session: ChatSessionSchema, messages: z.array(ChatMessageSchema) });

/** The events of `POST /api/chat/ask` (text/event-stream), documented for clients. */
export const ChatStreamEventsSchema = z.object({
  session: z.object({ session: z.string() }),
  token: z.object({ delta: z.string() }),
  answer: AnswerSchema.extend({ session: z.string() }),
  error: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
});
