import { defineFormat, events, META, reject, type FormatParser, type ParseOutcome, type Sample } from '../format.ts';
import { setOwn } from '../values.ts';
import { ZEEK_LOGSOURCES, inferZeekPath, plausibleTs, zeekDraft, type ZeekRecord, type ZeekValue } from './zeek-fields.ts';

/**
 * Zeek ASCII (TSV) logs. Each header block (`#separator`, `#set_separator`, `#empty_field`,
 * `#unset_field`, `#path`, `#open`, `#fields`, `#types`) sets the layout of the data lines that follow;
 * a new `#separator` starts a new block (concatenated logs of several types).
 */

interface Layout {
  separator: string;
  setSeparator: string;
  empty: string;
  unset: string;
  path?: string;
  fields: string[];
  types: string[];
}

const freshLayout = (separator = '\t'): Layout => ({ separator, setSeparator: ',', empty: '(empty)', unset: '-', fields: [], types: [] });

const FIELDS_HINT = /\sts\s.*\s(?:uid|id\.orig_h)(?:\s|$)/;
const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})/g;
/** Fields that hold lists even when no `#types` line says so. */
const LIST_FIELDS = new Set(['answers', 'TTLs', 'tx_hosts', 'rx_hosts', 'conn_uids', 'analyzers', 'tunnel_parents', 'resp_mime_types', 'orig_mime_types', 'resp_fuids', 'orig_fuids', 'tags', 'actions']);

function unescape(text: string): string {
  return text.includes('\\x') ? text.replace(HEX_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function isContainer(layout: Layout, index: number, field: string): boolean {
  const type = layout.types[index];
  if (type === undefined || type === '') return LIST_FIELDS.has(field);
  return type.startsWith('set[') || type.startsWith('vector[');
}

/** Applies a `#directive` line to the layout (a new `#separator` resets it). */
function directive(layout: Layout, text: string): Layout {
  if (text.startsWith('#separator')) {
    const value = unescape(text.slice('#separator'.length).trim());
    return freshLayout(value === '' ? '\t' : value);
  }
  const cut = text.indexOf(layout.separator);
  const name = cut < 0 ? text.slice(1).trim() : text.slice(1, cut);
  const value = cut < 0 ? '' : text.slice(cut + layout.separator.length);
  switch (name) {
    case 'set_separator': return { ...layout, setSeparator: unescape(value) || ',' };
    case 'empty_field': return { ...layout, empty: value };
    case 'unset_field': return { ...layout, unset: value };
    case 'path': return { ...layout, path: value.trim() };
    case 'fields': return { ...layout, fields: value.split(layout.separator) };
    case 'types': return { ...layout, types: value.split(layout.separator) };
    default: return layout;
  }
}

function toRecord(layout: Layout, columns: string[]): ZeekRecord {
  const record: ZeekRecord = {};
  layout.fields.forEach((field, index) => {
    const raw = columns[index] ?? layout.unset;
    if (raw === layout.unset) return;
    if (isContainer(layout, index, field)) {
      setOwn<ZeekValue>(record, field, raw === layout.empty ? [] : raw.split(layout.setSeparator).map(unescape));
    } else {
      setOwn<ZeekValue>(record, field, raw === layout.empty ? '' : unescape(raw));
    }
  });
  return record;
}

function parseData(layout: Layout, text: string): ParseOutcome {
  if (layout.fields.length === 0) return reject('data line before any #fields header');
  const columns = text.split(layout.separator);
  if (columns.length !== layout.fields.length) {
    return reject(`expected ${layout.fields.length} columns, found ${columns.length}`);
  }
  const record = toRecord(layout, columns);
  if (!plausibleTs(record.ts)) return reject('ts is not an epoch or ISO time');
  return events(zeekDraft(layout.path ?? inferZeekPath(new Set(Object.keys(record))), record));
}

function createParser(): FormatParser {
  let layout = freshLayout();
  return {
    parse(record) {
      const text = record.text;
      if (text.startsWith('#')) {
        layout = directive(layout, text);
        return META;
      }
      return parseData(layout, text);
    },
  };
}

function sniff(sample: Sample): number {
  let separator = false;
  let fields = false;
  for (const line of sample.lines) {
    if (line.startsWith('#separator ')) separator = true;
    else if (line.startsWith('#fields\t') || line.startsWith('#fields ')) fields = true;
  }
  if (separator && fields) return 1;
  return fields && sample.lines.some((line) => line.startsWith('#fields') && FIELDS_HINT.test(line)) ? 0.7 : 0;
}

export const zeekTsvFormat = defineFormat({
  id: 'zeek-tsv',
  title: 'Zeek TSV logs',
  description: 'Zeek (Bro) ASCII logs with #separator/#fields headers: conn, http, dns, ssh, ssl, files, notice, weird and others.',
  framing: 'lines',
  sniff,
  createParser,
  logsources: ZEEK_LOGSOURCES,
});
