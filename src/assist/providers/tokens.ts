import type { ChatMessage } from './types.ts';

const LETTERS_PER_TOKEN = 2.5;

/**
 * A conservative token count for providers that offer no tokenizer to Vigil. Erring high is the safe side:
 * an estimate too low overflows the context window, and servers then cut the prompt's beginning (Ollama drops
 * the oldest tokens, system prompt included) or refuse it; an estimate too high only leaves out some evidence.
 *
 * Log text is not prose: numbers, addresses, hashes and punctuation are dense in tokens. So the count is by
 * character class rather than a flat ratio (characters / 3.5 gives 0.76× the cl100k and 0.53× the
 * Llama 2 count of the loghub OpenSSH log):
 * - a run of ASCII letters: its length / 2.5, at least 1 (GPT and Llama 3 tokenizers average ~4 letters per
 *   token, but the 32k-entry vocabularies of Llama 2, Mistral 7B and Phi-3 split words much more);
 * - each digit: 1 (Llama 2, Mistral, Qwen and Gemma tokenizers split numbers into single digits);
 * - each ASCII punctuation mark or symbol: 1 (`.`, `:`, `/`, `=` in IPs, paths and key=value pairs);
 * - whitespace: a single space is free (merged into the next word), a longer run or a line break costs 1;
 * - other characters: their UTF-8 length / 2 (1 for Cyrillic or accented Latin, 1.5 for CJK, 2 for emoji),
 *   close to what byte-fallback tokenizers spend on them.
 * Measured (docs/assist-providers.md) on the loghub OpenSSH, Linux, Apache, Windows and Proxifier 2k logs, a
 * JSON-lines log and this repository's prose: 1.39–1.72× the cl100k, o200k and Llama 3 counts and 1.02–1.41× the
 * Llama 2 count of each file; no single log line below 0.93× its Llama 2 count (the message overhead covers it).
 */
export function estimateTokens(text: string): number {
  let total = 0;
  let letters = 0;
  let spaces = 0;
  const endLetters = (): void => {
    if (letters > 0) total += Math.max(1, letters / LETTERS_PER_TOKEN);
    letters = 0;
  };
  const endSpaces = (): void => {
    if (spaces > 1) total += 1;
    spaces = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      endSpaces();
      letters++;
      continue;
    }
    endLetters();
    if (c === 32 || c === 9) {
      spaces++;
      continue;
    }
    endSpaces();
    if (c < 128) total += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      total += 2;
      i++;
    } else total += c < 0x800 ? 1 : 1.5;
  }
  endLetters();
  endSpaces();
  return Math.ceil(total);
}

/** Tokens a chat template adds per message (role markers, separators), on the high side of ChatML/Llama 3. */
export const MESSAGE_OVERHEAD_TOKENS = 8;
/** Tokens that open the assistant's reply in the template. */
export const REPLY_PRIMING_TOKENS = 4;

/** The estimated prompt size of a whole conversation, template overhead included. */
export function estimateChatTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS);
}
