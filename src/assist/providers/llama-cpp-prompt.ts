import type { ChatHistoryItem, LlamaChat, LlamaModel, Token } from 'node-llama-cpp';
import type { ChatMessage } from './types.ts';

/**
 * The request as node-llama-cpp chat history. It ends with the model's turn: an empty one to generate, or
 * the caller's last assistant message, which the model then continues.
 */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history = messages.map((message): ChatHistoryItem => {
    if (message.role === 'system') return { type: 'system', text: message.content };
    if (message.role === 'user') return { type: 'user', text: message.content };
    return { type: 'model', response: [message.content] };
  });
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/**
 * The prompt's tokens as the model's own chat template renders it. Message text is plain text: a log line
 * holding `<|im_start|>` or `</s>` yields the characters, never the template's control tokens.
 */
export function promptTokens(chat: LlamaChat, model: LlamaModel, history: readonly ChatHistoryItem[]): Token[] {
  return chat.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer);
}

/** Before the model is loaded: about three bytes a token, rounded up (log text tokenizes densely). */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 3);
}
