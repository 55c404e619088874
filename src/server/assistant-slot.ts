import type { Assistant } from '../assist/assistant.ts';

interface Held {
  assistant: Assistant;
  /** Questions being answered by it. */
  users: number;
  retired: boolean;
}

/**
 * The server's assistant, replaced when an admin changes the LLM settings: new questions go to the new one at
 * once, questions already being answered finish on the one they started with, whose provider is closed after
 * the last of them (a llama-cpp model is unloaded then). The answer cache is shared and outlives them.
 */
export class AssistantSlot {
  private held: Held;
  private readonly closing = new Set<Promise<void>>();

  constructor(assistant: Assistant) {
    this.held = { assistant, users: 0, retired: false };
  }

  get current(): Assistant {
    return this.held.assistant;
  }

  /** Runs `work` with the current assistant, which stays open until it is done. */
  async use<T>(work: (assistant: Assistant) => Promise<T>): Promise<T> {
    const held = this.held;
    held.users++;
    try {
      return await work(held.assistant);
    } finally {
      held.users--;
      if (held.retired && held.users === 0) this.closeProvider(held);
    }
  }

  replace(assistant: Assistant): void {
    const old = this.held;
    this.held = { assistant, users: 0, retired: false };
    old.retired = true;
    if (old.users === 0) this.closeProvider(old);
  }

  /** Closes the current assistant (its cache and provider) after the retired providers have closed. */
  async close(): Promise<void> {
    await Promise.all(this.closing);
    await this.held.assistant.close();
  }

  private closeProvider(held: Held): void {
    const closing = held.assistant.provider.close().catch(() => undefined);
    this.closing.add(closing);
    void closing.finally(() => this.closing.delete(closing));
  }
}
