import { randomBytes } from 'node:crypto';
import { CONTROLS, INVISIBLE, LINE_BREAKS, cutAt, visibleCode } from './unicode.ts';

/**
 * The evidence fence: log-derived text reaches a prompt only between an opening and a closing tag that carry
 * a random per-request nonce, and only after `neutralise` made it one inert line. The system prompt declares
 * everything inside the fence untrusted data; log text cannot close the fence because it cannot know the nonce,
 * and whatever looks like a fence tag, a chat-template token or a role header is defanged anyway.
 */
export interface Fence {
  nonce: string;
  open: string;
  close: string;
}

export function newFence(): Fence {
  const nonce = randomBytes(8).toString('hex');
  return { nonce, open: `<evidence-${nonce}>`, close: `</evidence-${nonce}>` };
}

/** The body (lines already neutralised by the caller) between the fence's tags. */
export function fenced(fence: Fence, body: string): string {
  return `${fence.open}\n${body}\n${fence.close}`;
}

/** Default caps, in UTF-16 units, for the pieces of a fact. */
export const VALUE_CAPS = { text: 1500, title: 200, value: 200, key: 64, question: 2000 } as const;

interface Defang {
  pattern: RegExp;
  replace: (match: string) => string;
}

const angles = (m: string): string => m.replace(/</g, '‹').replace(/>/g, '›');

/**
 * Sequences that could pose as structure: the fence's own tags (any nonce), chat-template special tokens
 * (`<|im_start|>`, `<|eot_id|>`…), Llama and Mistral markers (`[INST]`, `<<SYS>>`, `<s>`), Gemma turns,
 * XML-ish role tags, Markdown role headings (`### System`) and role prefixes (`system:`, `assistant:`).
 * Each keeps its letters (the model can still read and report it) but loses the characters that make it
 * structure: angle brackets become ‹ ›, pipes ¦, square brackets round ones, `#` a full-width ＃, `:` a ꞉.
 */
const DEFANGS: readonly Defang[] = [
  { pattern: /<\s*\/?\s*(?:evidence|system|user|assistant|developer|tool|instructions?|im_start|im_end|start_of_turn|end_of_turn|s|think|context|prompt|human)\b[^<>]{0,64}>?/gi, replace: angles },
  { pattern: /<<\s*\/?\s*SYS\s*>>/gi, replace: angles },
  { pattern: /<\||\|>/g, replace: (m) => angles(m).replace('|', '¦') },
  { pattern: /\[\s*\/?\s*INST\s*\]/gi, replace: (m) => m.replace('[', '(').replace(']', ')') },
  { pattern: /#{1,6}(?=\s*(?:system|instructions?|assistant|user|human|response|developer|input|context)\b)/gi, replace: (m) => '＃'.repeat(m.length) },
  { pattern: /\b(?:system|assistant|developer|human)\s*:/gi, replace: (m) => m.replace(':', '꞉') },
];

/**
 * One log-derived value as an inert line of at most `max` characters: line breaks become spaces (no value
 * can start a line of its own, so none can pose as a role turn or a fence tag), controls (ANSI escapes
 * included), bidi overrides, zero-width and tag characters are shown as `\uXXXX` codes, structure-like
 * sequences are defanged, and the fence's nonce, should it appear, is masked.
 */
export function neutralise(value: string, max: number, fence?: Fence): string {
  let text = value.length > max * 4 + 64 ? cutAt(value, max * 4 + 64) : value;
  text = text
    .replace(LINE_BREAKS, ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, visibleCode)
    .replace(INVISIBLE, visibleCode)
    .replace(/ {2,}/g, ' ');
  for (const { pattern, replace } of DEFANGS) text = text.replace(pattern, replace);
  if (fence !== undefined) text = text.replace(new RegExp(fence.nonce, 'gi'), '[nonce]');
  if (text.length <= max) return text;
  const note = `… (cut; ${value.length} characters in all)`;
  return cutAt(text, Math.max(1, max - note.length)) + note;
}

const DATA_LIMITS = { items: 20, keys: 30, depth: 4 } as const;

/** A fact's `data` as compact JSON whose every key and string went through `neutralise`, with lists capped. */
export function neutraliseData(data: unknown, fence?: Fence): string {
  return JSON.stringify(inert(data, 0, fence)) ?? 'null';
}

function inert(value: unknown, depth: number, fence: Fence | undefined): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return neutralise(value, VALUE_CAPS.value, fence);
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object') return null;
  if (depth >= DATA_LIMITS.depth) return '[nested]';
  if (Array.isArray(value)) {
    const items: unknown[] = value.slice(0, DATA_LIMITS.items).map((item: unknown) => inert(item, depth + 1, fence));
    if (value.length > DATA_LIMITS.items) items.push(`…(+${value.length - DATA_LIMITS.items} more)`);
    return items;
  }
  const entries = Object.entries(value);
  const kept = entries.slice(0, DATA_LIMITS.keys).map(([k, v]) => [neutralise(k, VALUE_CAPS.key, fence), inert(v, depth + 1, fence)] as const);
  if (entries.length > DATA_LIMITS.keys) kept.push(['…', `+${entries.length - DATA_LIMITS.keys} more keys`]);
  return Object.fromEntries(kept);
}
