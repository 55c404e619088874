/**
 * A tiny Markdown subset for answers (ours or a model's): headings, bullet and numbered lists (one level of
 * nesting), code blocks, paragraphs; inline bold, emphasis, code and `[F3]` fact references. Nothing else
 * is syntax: HTML, links, images and autolinks stay literal text. The result is plain data that the React
 * renderer turns into elements, so no input can become markup.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'ref'; id: string };

export interface ListItem {
  c: Inline[];
  sub: Inline[][];
}

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; level: number; c: Inline[] }
  | { t: 'list'; ordered: boolean; items: ListItem[] }
  | { t: 'pre'; v: string };

const MAX_INPUT = 100_000;
const MAX_DEPTH = 4;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };
const PUNCTUATION = /[!-/:-@[-`{-~]/;
const REF = /^\[(F\d{1,4})\]/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^(\s*)[-*+]\s+(.*)$/;
const NUMBERED = /^(\s*)\d{1,4}[.)]\s+(.*)$/;

function pushText(out: Inline[], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last?.t === 'text') last.v += text;
  else out.push({ t: 'text', v: text });
}

function closing(text: string, from: number, marker: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith(marker, i)) return i;
  }
  return -1;
}

/**
 * Inline syntax of one line; unmatched markers are text. A marker whose closing search failed from some
 * position cannot close from any later one, so each marker kind scans the line at most once in vain.
 */
export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  const unclosedFrom = new Map<string, number>();
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const rest = text.slice(i);
    if (ch === '\\' && i + 1 < text.length && PUNCTUATION.test(text[i + 1]!)) {
      pushText(out, text[i + 1]!);
      i += 2;
      continue;
    }
    if (ch === '&') {
      const entity = /^&(#?\w{1,6});/.exec(rest);
      const decoded = entity === null ? undefined : ENTITIES[entity[1]!.toLowerCase()];
      if (entity !== null && decoded !== undefined) {
        pushText(out, decoded);
        i += entity[0].length;
        continue;
      }
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        out.push({ t: 'code', v: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    const ref = REF.exec(rest);
    if (ref !== null) {
      out.push({ t: 'ref', id: ref[1]! });
      i += ref[0].length;
      continue;
    }
    const marker = rest.startsWith('**') || rest.startsWith('__') ? rest.slice(0, 2) : ch === '*' || ch === '_' ? ch : undefined;
    const from = i + (marker?.length ?? 0);
    if (marker !== undefined && depth < MAX_DEPTH && text[from] !== ' ' && from < (unclosedFrom.get(marker) ?? Infinity) && !(marker === '_' && /\w/.test(text[i - 1] ?? ''))) {
      const end = closing(text, from, marker);
      if (end < 0) unclosedFrom.set(marker, from);
      if (end > from) {
        const inner = parseInline(text.slice(i + marker.length, end), depth + 1);
        out.push(marker.length === 2 ? { t: 'strong', c: inner } : { t: 'em', c: inner });
        i = end + marker.length;
        continue;
      }
    }
    pushText(out, ch);
    i++;
  }
  return out;
}

interface ListLine {
  indent: number;
  ordered: boolean;
  text: string;
}

function listLine(line: string): ListLine | undefined {
  const bullet = BULLET.exec(line);
  if (bullet !== null) return { indent: bullet[1]!.length, ordered: false, text: bullet[2]! };
  const numbered = NUMBERED.exec(line);
  if (numbered !== null) return { indent: numbered[1]!.length, ordered: true, text: numbered[2]! };
  return undefined;
}

function parseList(lines: readonly string[], start: number): { block: Block; next: number } {
  const first = listLine(lines[start]!)!;
  const items: ListItem[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const item = listLine(lines[i]!);
    if (item === undefined) break;
    if (item.indent > first.indent && items.length > 0) items[items.length - 1]!.sub.push(parseInline(item.text));
    else if (item.ordered !== first.ordered) break;
    else items.push({ c: parseInline(item.text), sub: [] });
  }
  return { block: { t: 'list', ordered: first.ordered, items }, next: i };
}

function parseFence(lines: readonly string[], start: number): { block: Block; next: number } {
  const body: string[] = [];
  let i = start + 1;
  while (i < lines.length && !lines[i]!.trimStart().startsWith('```')) body.push(lines[i++]!);
  return { block: { t: 'pre', v: body.join('\n') }, next: i + 1 };
}

function parseParagraph(lines: readonly string[], start: number): { block: Block; next: number } {
  const body: string[] = [];
  let i = start;
  while (i < lines.length && lines[i]!.trim() !== '' && !HEADING.test(lines[i]!) && listLine(lines[i]!) === undefined && !lines[i]!.trimStart().startsWith('```')) {
    body.push(lines[i++]!.trim());
  }
  return { block: { t: 'p', c: parseInline(body.join(' ')) }, next: i };
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.slice(0, MAX_INPUT).replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    let step: { block: Block; next: number };
    if (heading !== null) step = { block: { t: 'h', level: heading[1]!.length, c: parseInline(heading[2]!.trim()) }, next: i + 1 };
    else if (line.trimStart().startsWith('```')) step = parseFence(lines, i);
    else if (listLine(line) !== undefined) step = parseList(lines, i);
    else step = parseParagraph(lines, i);
    blocks.push(step.block);
    i = step.next;
  }
  return blocks;
}
