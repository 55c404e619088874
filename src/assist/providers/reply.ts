import type { OpenResponse } from './http.ts';
import { LlmError } from './types.ts';

/** What one wire event of a streamed reply means. */
export interface ReplyStep {
  text?: string;
  /** The server's end marker (Ollama `done: true`, OpenAI `[DONE]`, Anthropic `message_stop`). */
  done?: boolean;
}

/**
 * The reply's text deltas, event by event, until the end marker. A stream that ends without it was cut off:
 * a protocol error, thrown after every delta that did arrive has been yielded. `endedCleanly` lets a format
 * accept a stream that ended after its last content without a separate marker (OpenAI `finish_reason`).
 */
export async function* replyText<E>(
  opened: OpenResponse,
  events: AsyncIterable<E>,
  read: (event: E) => ReplyStep,
  label: string,
  endedCleanly: () => boolean = () => false,
): AsyncGenerator<string> {
  try {
    for await (const event of events) {
      const step = read(event);
      if (step.text !== undefined && step.text !== '') yield step.text;
      if (step.done === true) return;
    }
    if (!endedCleanly()) throw new LlmError('protocol', `${label} ended the reply before its end marker: the answer is incomplete`);
  } finally {
    opened.close();
  }
}

/** An error the server reported inside a stream that had begun (status 200): not retried. */
export function midStreamError(label: string, message: string): LlmError {
  return new LlmError('http', `${label} reported an error during the reply: ${message}`);
}
