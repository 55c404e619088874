import { postEventStream } from '../../api/sse.ts';
import type { AnalysisMode, Answer } from '../../api/types.ts';

export interface AskHandlers {
  onSession: (id: string) => void;
  onToken: (delta: string) => void;
  onAnswer: (answer: Answer) => void;
  onError: (message: string) => void;
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

/** Asks a question; the answer streams as `token` events, then arrives whole (facts, citations, flags). */
export async function ask(question: string, mode: AnalysisMode, session: string | undefined, handlers: AskHandlers, signal?: AbortSignal): Promise<void> {
  await postEventStream(
    '/api/chat/ask',
    session === undefined ? { question, mode } : { question, mode, session },
    ({ event, data }) => {
      if (event === 'session') {
        const id = (parse(data) as { session?: unknown } | undefined)?.session;
        if (typeof id === 'string') handlers.onSession(id);
      } else if (event === 'token') {
        const delta = (parse(data) as { delta?: unknown } | undefined)?.delta;
        if (typeof delta === 'string') handlers.onToken(delta);
      } else if (event === 'answer') {
        const answer = parse(data) as Answer | undefined;
        if (answer !== undefined && typeof answer.answer === 'string') handlers.onAnswer(answer);
      } else if (event === 'error') {
        const error = (parse(data) as { error?: { code?: string; message?: string } } | undefined)?.error;
        handlers.onError(error?.message ?? 'the answer failed');
      }
    },
    signal,
  );
}
