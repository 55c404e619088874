import { ANSI_SEQUENCE, CONTROLS, INVISIBLE, LINE_BREAKS, OSC_MAX } from './unicode.ts';

/**
 * Model output is text to show, never instructions or markup to act on. It goes through this sanitiser
 * before anything sees it, streamed deltas included, so a terminal never receives an escape sequence and a
 * Markdown or HTML renderer never receives a tag, an image, a link or a link definition:
 *
 * 1. ANSI escape sequences are removed; line breaks become `\n`; other controls and invisible or reordering
 *    characters (bidi, zero-width, tag characters) are removed.
 * 2. Markdown that acts is escaped with a backslash: `<` before a letter, `/`, `!` or `?` (HTML, autolinks),
 *    `![` (images: a remote image leaks data when rendered), `](` (inline links) and `]:` (definitions).
 *
 * The streaming form holds back only what may still be the start of such a sequence, so the concatenated
 * deltas equal the sanitised whole text whatever the chunking.
 */
export interface OutputSanitizer {
  push(delta: string): string;
  end(): string;
}

interface Stage {
  clean: (text: string) => string;
  /** Index from which the tail must wait for more text (the text's length when nothing must wait). */
  holdFrom: (text: string) => number;
}

const TERMINAL: Stage = { clean: terminalClean, holdFrom: terminalHold };
const MARKDOWN: Stage = { clean: markdownDefang, holdFrom: markdownHold };

export function createOutputSanitizer(): OutputSanitizer {
  const first = streamStage(TERMINAL);
  const second = streamStage(MARKDOWN);
  return {
    push: (delta) => second.push(first.push(delta)),
    end: () => second.push(first.end()) + second.end(),
  };
}

/** The whole text through the same two stages. */
export function safeModelText(text: string): string {
  const sanitizer = createOutputSanitizer();
  return sanitizer.push(text) + sanitizer.end();
}

function streamStage(stage: Stage): OutputSanitizer {
  let pending = '';
  return {
    push(delta) {
      pending += delta;
      const cut = stage.holdFrom(pending);
      const out = stage.clean(pending.slice(0, cut));
      pending = pending.slice(cut);
      return out;
    },
    end() {
      const out = stage.clean(pending);
      pending = '';
      return out;
    },
  };
}

function terminalClean(text: string): string {
  return text.replace(ANSI_SEQUENCE, '').replace(LINE_BREAKS, '\n').replace(CONTROLS, '').replace(INVISIBLE, '');
}

const ANSI_AT = new RegExp(ANSI_SEQUENCE.source, 'y');
const ANSI_PREFIX = /^\u001b(?:\[[0-?]*[ -/]*|\][^\u0007\u001b]*\u001b?|[ -/]*)$/;

function terminalHold(text: string): number {
  let hold = text.length;
  const last = text.charCodeAt(text.length - 1);
  if (text.endsWith('\r') || (last >= 0xd800 && last <= 0xdbff)) hold = text.length - 1;
  for (let at = text.indexOf('\u001b'); at >= 0 && at < hold; at = text.indexOf('\u001b', at + 1)) {
    const tail = text.slice(at);
    if (tail.length <= OSC_MAX + 3 && ANSI_PREFIX.test(tail)) return at;
    ANSI_AT.lastIndex = at;
    const complete = ANSI_AT.exec(text);
    if (complete !== null) at += complete[0].length - 1;
  }
  return hold;
}

function markdownDefang(text: string): string {
  return text
    .replace(/(\\*)<(?=[A-Za-z/!?])/g, (match, slashes: string) => (slashes.length % 2 === 0 ? `${slashes}\\<` : match))
    .replace(/!\[/g, '!\\[')
    .replace(/\](?=[(:])/g, ']\\');
}

function markdownHold(text: string): number {
  const tail = /(?:\\*<?|[!\]])$/.exec(text);
  return tail === null ? text.length : tail.index;
}
