import { parse as parseCsv } from 'csv-parse/sync';
import { errorCode } from '../util/errors.ts';
import type { FormatDefinition, Sample } from './format.ts';
import { isTypeLine } from './framing/csv.ts';
import type { JsonMode } from './framing/json.ts';
import { recordsStart } from './framing/records-document.ts';

/** Content-based detection: what the first bytes of a file are, and which format reads them best. */

export const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_LINES = 50;
const DELIMITERS = [',', '\t', ';', '|'];

export type Encoding = 'utf8' | 'utf16le' | 'utf16be';

export interface ContentKind {
  binary: boolean;
  encoding: Encoding;
}

/** Binary when NUL or control bytes are frequent (UTF-16 with a BOM is text). */
export function contentKind(head: Buffer): ContentKind {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { binary: false, encoding: 'utf16le' };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { binary: false, encoding: 'utf16be' };
  let suspicious = 0;
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) {
    const byte = head[i]!;
    if (byte === 0) suspicious += 4;
    else if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) suspicious++;
  }
  return { binary: n > 0 && suspicious / n > 0.1, encoding: 'utf8' };
}

function sampleLines(text: string, complete: boolean): string[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (!complete && lines.length > 1) lines.pop();
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') out.push(line);
    if (out.length >= SAMPLE_LINES) break;
  }
  return out;
}

/** A sampled line as a whole JSON value: an object, an array, or neither (text, a part of a pretty document). */
function lineValue(line: string): 'object' | 'array' | undefined {
  const t = line.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    const value: unknown = JSON.parse(t);
    return Array.isArray(value) ? 'array' : typeof value === 'object' && value !== null ? 'object' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JSON Lines when the first JSON-looking line of the sample and at least half of its lines are whole JSON objects
 * (other lines, a banner or a text line among them, are read one by one too); stream mode for arrays (one line or
 * more), records envelopes and pretty JSON, whose first line is an opening brace or bracket alone.
 */
export function jsonMode(lines: string[]): JsonMode {
  const sampled = lines.slice(0, 20);
  let objects = 0;
  let first = true;
  for (const line of sampled) {
    const t = line.trim();
    const looksJson = t.startsWith('{') || t.startsWith('[');
    if (looksJson && recordsStart(t) !== undefined) return 'stream';
    const value = looksJson ? lineValue(t) : undefined;
    // A line that is a whole array (a minified export) is a list of records: the stream scanner splits it.
    if (value === 'array') return 'stream';
    if (looksJson && first && value !== 'object') return 'stream';
    if (looksJson) first = false;
    if (value === 'object') objects++;
  }
  return objects > 0 && objects * 2 >= sampled.length ? 'lines' : 'stream';
}

function sampleValues(text: string, lines: string[]): unknown[] {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!(start.startsWith('{') || start.startsWith('['))) return [];
  if (jsonMode(lines) === 'lines') return lines.slice(0, 20).filter((l) => lineValue(l) === 'object').map((l) => JSON.parse(l) as unknown);
  return scanValues(start);
}

/** Complete top-level values (or elements of a top-level array) found at the start of the text. */
function scanValues(text: string): unknown[] {
  const values: unknown[] = [];
  let i = 0;
  if (text.startsWith('[')) i = 1;
  else i = recordsStart(text) ?? 0;
  while (i < text.length && values.length < 20) {
    const open = text.slice(i).search(/[{[]/);
    if (open === -1) break;
    const begin = i + open;
    const end = matchingEnd(text, begin);
    if (end === -1) break;
    try {
      values.push(JSON.parse(text.slice(begin, end + 1)));
    } catch {
      break;
    }
    i = end + 1;
    // The end of the array (or of a document's records): what follows (a search response's aggregations) is not one.
    if (/^[\s,]*\]/.test(text.slice(i, i + 256))) break;
  }
  return values;
}

function matchingEnd(text: string, begin: number): number {
  let depth = 0;
  let inString = false;
  for (let i = begin; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The names of a header line's columns, when it parses as one CSV line of two or more. */
function headerOf(line: string, delimiter: string): string[] | undefined {
  try {
    const [cells] = parseCsv(line, { delimiter, relax_column_count: true, bom: true });
    return cells !== undefined && cells.length >= 2 ? cells : undefined;
  } catch {
    return undefined;
  }
}

function allQuoted(line: string, delimiter: string): boolean {
  const cells = line.split(delimiter);
  return cells.length >= 2 && cells.every((cell) => cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"'));
}

function sampleCsv(sampled: string[]): Sample['csv'] {
  const lines = sampled[0] !== undefined && isTypeLine(sampled[0]) ? sampled.slice(1) : sampled;
  if (lines.length < 2 || lines[0]!.startsWith('#') || lines[0]!.startsWith('{')) return undefined;
  for (const delimiter of DELIMITERS) {
    const counts = lines.slice(0, 10).map((l) => l.split(delimiter).length - 1);
    const headerCount = counts[0] ?? 0;
    if (headerCount < 1) continue;
    // Values over several lines (PowerShell's Export-Csv puts Windows events' rendered message first) break the
    // count per line: a header whose every cell is quoted, as Export-Csv writes it, is taken on its own.
    if (counts.filter((c) => c >= headerCount).length < Math.min(counts.length, 2) && !allQuoted(lines[0]!, delimiter)) continue;
    try {
      const rows: Record<string, string>[] = parseCsv(lines.slice(0, 20).join('\n'), {
        delimiter, columns: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true,
      });
      const header = Object.keys(rows[0] ?? {});
      if (header.length >= 2) return { delimiter, header, rows };
    } catch (error) {
      // A quoted value longer than the sample (a Windows event's rendered message runs over dozens of lines) leaves a
      // quote open at its end: the header alone still names the columns. Any other error: not this delimiter.
      const header = errorCode(error) === 'CSV_QUOTE_NOT_CLOSED' ? headerOf(lines[0]!, delimiter) : undefined;
      if (header !== undefined) return { delimiter, header, rows: [] };
    }
  }
  return undefined;
}

export function buildSample(fileName: string, head: Buffer, complete: boolean): Sample {
  const text = head.toString('utf8');
  const lines = sampleLines(text, complete);
  let values: unknown[] = [];
  try {
    values = sampleValues(text, lines);
  } catch {
    values = [];
  }
  return { fileName, lines, values, csv: values.length > 0 ? undefined : sampleCsv(lines) };
}

export interface Detection {
  format: FormatDefinition;
  score: number;
}

/** The best-scoring format; ties go to the earlier one in the registry. */
export function detectFormat(sample: Sample, formats: readonly FormatDefinition[], fallback: FormatDefinition): Detection {
  let best: Detection = { format: fallback, score: 0 };
  for (const format of formats) {
    let score = 0;
    try {
      score = format.sniff(sample);
    } catch {
      score = 0;
    }
    if (score > best.score) best = { format, score };
  }
  return best;
}
