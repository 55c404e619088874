import { META, defineFormat, events, isObject, reject, type FormatParser, type ParserContext, type Sample } from '../format.ts';
import { FIELD_ALIASES, mapRecord } from './aliases.ts';
import { canon } from './aliases/flatten.ts';

/** CSV/TSV exports with a header row: each row is mapped through the field alias table like a flat JSON object. */

const KEY_TARGETS = new Set<string>(['@timestamp', 'source.ip', 'destination.ip', 'user.name', 'host.name', 'message']);
/** Header names that identify a log export: a time, an address, a user, a host or a message column. */
const KEY_COLUMNS: ReadonlySet<string> = new Set(
  FIELD_ALIASES.filter((alias) => KEY_TARGETS.has(alias.target)).flatMap((alias) => alias.keys.map(canon)),
);
/** A column name: starts like a word, short, no sentence punctuation (`Source IP`, `cs(User-Agent)`, `@timestamp`). */
const HEADER_CELL = /^[A-Za-z_@(][\w .@()/:-]{0,63}$/;

function sniff(sample: Sample): number {
  const csv = sample.csv;
  if (csv === undefined || csv.header.length < 2) return 0;
  const first = csv.header[0]?.trimStart() ?? '';
  // JSON lines and `#Fields:`-style headers belong to other formats even when commas line up.
  if (first.startsWith('{') || first.startsWith('[') || first.startsWith('#')) return 0;
  // Lines of text that happen to share a comma count (`10:30:00,123 INFO …`) have data, not names, on top.
  const names = csv.header.filter((cell) => HEADER_CELL.test(cell.trim())).length;
  if (names < csv.header.length * 0.8) return 0;
  return csv.header.some((cell) => KEY_COLUMNS.has(canon(cell.trim()))) ? 0.3 : 0.1;
}

/** A row that repeats the header (concatenated exports) or has no values carries no event. */
function isBlankOrHeader(row: Record<string, unknown>): boolean {
  const entries = Object.entries(row);
  const blank = entries.every(([, value]) => value === undefined || value === null || (typeof value === 'string' && value.trim() === ''));
  return blank || entries.every(([key, value]) => typeof value === 'string' && value.trim() === key.trim());
}

function createParser(ctx: ParserContext): FormatParser {
  return {
    parse(record) {
      const row = record.value;
      if (!isObject(row)) return reject('not a CSV row');
      if (isBlankOrHeader(row)) return META;
      return events(mapRecord(row, { mapping: ctx.mapping, dataset: 'csv' }));
    },
  };
}

export const csvFormat = defineFormat({
  id: 'csv',
  title: 'CSV / TSV',
  description: 'Delimiter-separated exports with a header row, columns found by common field aliases',
  framing: 'csv',
  sniff,
  createParser,
  logsources: [],
});
