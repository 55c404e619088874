import { z } from 'zod';

/**
 * What LLM servers send back, as far as Vigil reads it (unknown keys are ignored, so newer servers still work).
 * Ollama: docs/api.md of ollama/ollama; OpenAI-compatible: the Chat Completions and Embeddings APIs;
 * Anthropic: the Messages API with `stream: true`.
 */

const Vector = z.array(z.number());

export const OllamaChatLineSchema = z.object({
  message: z.object({ content: z.string().optional() }).optional(),
  done: z.boolean().optional(),
  done_reason: z.string().optional(),
  error: z.string().optional(),
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
});
export type OllamaChatLine = z.infer<typeof OllamaChatLineSchema>;

export const OllamaEmbedResponseSchema = z.object({ embeddings: z.array(Vector) });

export const OllamaTagsSchema = z.object({
  models: z.array(z.object({ name: z.string(), model: z.string().optional() })),
});

export const OpenAiChunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .optional(),
  error: z.unknown().optional(),
});
export type OpenAiChunk = z.infer<typeof OpenAiChunkSchema>;

export const OpenAiEmbeddingsSchema = z.object({
  data: z.array(z.object({ embedding: Vector, index: z.number().int().min(0) })),
});

export const OpenAiModelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

export const AnthropicEventSchema = z.object({
  type: z.string(),
  delta: z.object({ type: z.string().optional(), text: z.string().optional(), stop_reason: z.string().nullish() }).optional(),
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).optional(),
});
export type AnthropicEvent = z.infer<typeof AnthropicEventSchema>;

export const AnthropicModelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/**
 * Error bodies: Ollama `{error: "…"}`, OpenAI `{error: {message, type, code}}`, Anthropic
 * `{type: "error", error: {type, message}}`, FastAPI-style servers `{message}` or `{detail}`.
 */
export const ServerErrorBodySchema = z.object({
  error: z
    .union([
      z.string(),
      z.object({
        message: z.string().optional(),
        type: z.string().nullish(),
        code: z.union([z.string(), z.number()]).nullish(),
      }),
    ])
    .optional(),
  message: z.string().optional(),
  detail: z.unknown().optional(),
});
