import type { Alert } from '../../schema/alert.ts';
import type { Incident } from '../../schema/incident.ts';
import { promptTokens } from '../narrate/budget.ts';
import { fenced, neutralise, newFence, type Fence } from '../narrate/fence.ts';
import { PROMPT_VERSIONS, fill, loadPrompt, section } from '../narrate/prompt-files.ts';
import { NarrationError, collectReply } from '../narrate/reply.ts';
import { LlmError, type ChatMessage, type LlmProvider } from '../providers/types.ts';
import { evidenceOf, renderLine, renderOverview, summaryLines } from './lines.ts';
import { clipTokens, packItems } from './pack.ts';

export const DEFAULT_SUMMARY_CALL_TIMEOUT_MS = 120_000;
/** Reply tokens per call unless configured; lowered so that a merge call always holds at least two parts. */
const PART_TOKENS = 320;
const MIN_PART_TOKENS = 48;
const ITEM_LABEL_TOKENS = 16;
const SENTENCES = { map: 6, merge: 8, final: 10 } as const;

export interface SummaryProgress {
  phase: 'map' | 'reduce';
  /** 0 for the map step, then 1, 2… for each round of merging. */
  level: number;
  done: number;
  total: number;
  calls: number;
}

export interface MapReduceOptions {
  signal?: AbortSignal;
  /** After each call: which step, how far, how many calls so far. */
  onProgress?: (progress: SummaryProgress) => void;
  /** The incident's evidence lines by event id (the events' original text), read from the store by the caller. */
  evidence?: ReadonlyMap<string, string>;
  /** Per call (default DEFAULT_SUMMARY_CALL_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Reply tokens per call (default 320, lowered to fit small context windows). */
  partTokens?: number;
}

interface Run {
  provider: LlmProvider;
  options: MapReduceOptions;
  fence: Fence;
  overview: string;
  partTokens: number;
  tally: Tally;
}

/** Calls made so far: counted as they are sent, so a run that fails still says how many it made. */
export interface Tally {
  calls: number;
}

/**
 * Map: the incident's lines are rendered (evidence lines included while they fit), packed into calls that
 * each fit the context window, and summarised part by part. Reduce: the parts are packed and merged, round
 * after round, until one summary is left. Every request is checked against the window before it is sent.
 */
export async function mapReduce(provider: LlmProvider, incident: Incident, alerts: readonly Alert[], options: MapReduceOptions, tally: Tally): Promise<string> {
  const fence = newFence();
  const run: Run = { provider, options, fence, overview: renderOverview(incident, fence), partTokens: 0, tally };
  run.partTokens = partTokensFor(run);
  const limit = provider.contextTokens - run.partTokens;
  const lines = renderLines(run, incident, alerts, limit);
  if (lines.length === 0) throw new NarrationError('empty', 'the incident has no alert lines to summarise');
  const mapGroups = packItems(lines, { count: countOf(provider), limit, compose: (group, index, total, offset) => mapMessages(run, group, index, total, lines.length, offset) });
  const parts: string[] = [];
  let offset = 0;
  for (const [index, group] of mapGroups.entries()) {
    parts.push(await ask(run, mapMessages(run, group, index, mapGroups.length, lines.length, offset)));
    offset += group.length;
    options.onProgress?.({ phase: 'map', level: 0, done: index + 1, total: mapGroups.length, calls: run.tally.calls });
  }
  return parts.length === 1 ? parts[0]! : await reduce(run, parts, limit);
}

async function reduce(run: Run, parts: string[], limit: number): Promise<string> {
  const count = countOf(run.provider);
  for (let level = 1; ; level++) {
    const items = parts.map((part, i) => clipTokens(`Part ${i + 1}: ${neutralise(part, run.partTokens * 12, run.fence)}`, run.partTokens + ITEM_LABEL_TOKENS, count));
    const groups = packItems(items, { count, limit, compose: (group, index, total, offset) => reduceMessages(run, group, index, total, items.length, offset) });
    if (groups.length >= items.length) throw new LlmError('budget', `cannot merge ${items.length} partial summaries: one call holds only one`);
    const merged: string[] = [];
    let offset = 0;
    for (const [index, group] of groups.entries()) {
      merged.push(await ask(run, reduceMessages(run, group, index, groups.length, items.length, offset)));
      offset += group.length;
      run.options.onProgress?.({ phase: 'reduce', level, done: index + 1, total: groups.length, calls: run.tally.calls });
    }
    if (merged.length === 1) return merged[0]!;
    parts = merged;
  }
}

function countOf(provider: LlmProvider): (text: string) => number {
  return (text) => provider.countTokens(text);
}

/** Reply tokens per call: the configured or default size, cut so that a merge call holds two parts. */
function partTokensFor(run: Run): number {
  const fixed = promptTokens(countOf(run.provider), reduceMessages(run, [], 0, 1, 2, 0));
  const room = Math.floor((run.provider.contextTokens - fixed - 2 * (ITEM_LABEL_TOKENS + 2)) / 3);
  const tokens = Math.min(run.options.partTokens ?? PART_TOKENS, room);
  if (tokens < MIN_PART_TOKENS) {
    throw new LlmError('budget', `a context of ${run.provider.contextTokens} tokens leaves ${Math.max(0, tokens)} for each partial summary (need ${MIN_PART_TOKENS})`);
  }
  return tokens;
}

/** Each line with its evidence when that fits one call, else without, else clipped. */
function renderLines(run: Run, incident: Incident, alerts: readonly Alert[], limit: number): string[] {
  const units = summaryLines(incident, alerts);
  const count = countOf(run.provider);
  const room = limit - promptTokens(count, mapMessages(run, [], units.length, units.length, units.length, units.length)) - 1;
  if (room < MIN_PART_TOKENS) throw new LlmError('budget', `the overview and instructions leave ${room} tokens for alert lines`);
  return units.map((unit, i) => {
    const full = renderLine(i + 1, unit, evidenceOf(unit, run.options.evidence), true, run.fence);
    if (count(full) <= room) return full;
    return clipTokens(renderLine(i + 1, unit, [], false, run.fence), room, count);
  });
}

function mapMessages(run: Run, group: readonly string[], index: number, total: number, lineCount: number, offset: number): ChatMessage[] {
  const file = loadPrompt(PROMPT_VERSIONS.summaryMap);
  const body = `${run.overview}\n\nAlert lines:\n${group.join('\n')}`;
  return [
    { role: 'system', content: fill(section(file, 'system'), { nonce: run.fence.nonce, sentences: String(SENTENCES.map) }) },
    {
      role: 'user',
      content: fill(section(file, 'user'), {
        part: String(index + 1), parts: String(total), first: String(offset + 1), last: String(offset + group.length),
        lines: String(lineCount), evidence: fenced(run.fence, body),
      }),
    },
  ];
}

function reduceMessages(run: Run, group: readonly string[], index: number, total: number, itemCount: number, offset: number): ChatMessage[] {
  const file = loadPrompt(PROMPT_VERSIONS.summaryReduce);
  const sentences = total === 1 ? SENTENCES.final : SENTENCES.merge;
  const body = `${run.overview}\n\nPartial summaries:\n${group.join('\n')}`;
  return [
    { role: 'system', content: fill(section(file, 'system'), { nonce: run.fence.nonce, sentences: String(sentences) }) },
    {
      role: 'user',
      content: fill(section(file, 'user'), { first: String(offset + 1), last: String(offset + group.length), total: String(itemCount), evidence: fenced(run.fence, body) }),
    },
  ];
}

/** One call, refused before sending if it would not fit; the reply sanitised and held to the part size. */
async function ask(run: Run, messages: ChatMessage[]): Promise<string> {
  const { provider, options } = run;
  const tokens = promptTokens(countOf(provider), messages) + run.partTokens;
  if (tokens > provider.contextTokens) throw new LlmError('budget', `a summary call would need ${tokens} tokens of ${provider.contextTokens}`);
  run.tally.calls += 1;
  const reply = await collectReply(provider, { messages, maxTokens: run.partTokens }, {
    timeoutMs: options.timeoutMs ?? DEFAULT_SUMMARY_CALL_TIMEOUT_MS,
    maxChars: run.partTokens * 16,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = reply.text.trim();
  if (text === '') throw new NarrationError('empty', `the model returned no text for summary call ${run.tally.calls}`);
  return clipTokens(text, run.partTokens, countOf(provider));
}
