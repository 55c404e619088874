import { defineFormat, events, lineShare, META, parsedLineShare, reject, spacedRow, type FormatParser, type ParseOutcome, type Sample } from '../format.ts';
import { compact, ip, str } from '../values.ts';
import { W3C_DATE, iisFields, otherLabels, w3cTime, type Row } from './web/iis-fields.ts';

/**
 * IIS W3C extended logs. `#Fields:` directives set the column layout and may change mid-file, so the
 * parser keeps the current layout; lines before any `#Fields:` use IIS's default selection, and a file without
 * directives (as log shippers forward it) is taken for IIS when its lines check out in that layout.
 */

const DEFAULT_FIELDS: readonly string[] = [
  'date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username', 'c-ip',
  'cs(User-Agent)', 'cs(Referer)', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken',
];
const SPACES = / +/;
const IIS_SOFTWARE = '#Software: Microsoft Internet Information Services';

interface State {
  fields: readonly string[];
  /** Date from the last `#Date:` directive, for layouts that log `time` without `date`. */
  date?: string;
}

function directive(text: string, state: State): ParseOutcome {
  if (text.startsWith('#Fields:')) {
    const names = text.slice('#Fields:'.length).trim().split(SPACES).filter((name) => name !== '');
    if (names.length > 0) state.fields = names;
  } else if (text.startsWith('#Date:')) {
    const date = text.slice('#Date:'.length).trim().split(SPACES)[0];
    if (date !== undefined && W3C_DATE.test(date)) state.date = date;
  }
  return META;
}

function timeOf(row: Row, state: State): string | undefined {
  return w3cTime(str(row.get('date')) ?? state.date, row.get('time'));
}

function parseLine(text: string, state: State): ParseOutcome {
  if (text.startsWith('#')) return directive(text, state);
  const row = spacedRow(text, state.fields);
  if (typeof row === 'string') return reject(row);
  const time = timeOf(row, state);
  if (time === undefined && row.has('time')) return reject('date/time columns are not yyyy-mm-dd HH:MM:SS');
  return events({ time, timeIsUtc: true, dataset: 'iis.access', fields: compact({ ...iisFields(row), labels: otherLabels(row) }) });
}

function createIisParser(): FormatParser {
  const state: State = { fields: DEFAULT_FIELDS };
  return { parse: (record) => parseLine(record.text, state) };
}

const TIME = /^\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;
const METHOD = /^[A-Z][A-Z-]{2,15}$/;
const STATUS = /^\d{3}$/;
const PORT = /^\d{1,5}$/;

/**
 * A line in IIS's default layout, checked column by column (dates, addresses, method, port, status): what a log
 * shipper forwards without the directives (Splunk's `iis` sourcetype, NXLog and Filebeat drop `#` lines).
 */
function isDefaultRow(line: string): boolean {
  const row = spacedRow(line, DEFAULT_FIELDS);
  if (typeof row === 'string') return false;
  const get = (name: string) => row.get(name) ?? '';
  return W3C_DATE.test(get('date')) && TIME.test(get('time')) && ip(get('s-ip')) !== undefined && ip(get('c-ip')) !== undefined && METHOD.test(get('cs-method')) && PORT.test(get('s-port')) && STATUS.test(get('sc-status'));
}

/**
 * IIS's own header (or a W3C layout with `cs-uri-stem`), then the share of rows that parse; without directives, the
 * share of lines in the default layout.
 */
function sniffIis(sample: Sample): number {
  const software = sample.lines.some((line) => line.startsWith(IIS_SOFTWARE));
  const layout = sample.lines.some((line) => line.startsWith('#Fields:') && line.includes(' cs-uri-stem'));
  if (software || layout) return (software ? 0.5 : 0.4) + 0.5 * parsedLineShare(sample, createIisParser());
  const share = lineShare(sample, isDefaultRow);
  return share < 0.8 ? 0 : 0.9 * share;
}

export const iisW3cFormat = defineFormat({
  id: 'iis-w3c',
  title: 'IIS W3C extended log',
  description:
    'Microsoft IIS access logs in the W3C extended format: `#Fields:` directives (which may change ' +
    'mid-file) name the space-separated columns; times are UTC.',
  framing: 'lines',
  sniff: sniffIis,
  createParser: createIisParser,
  logsources: [{ category: 'webserver' }],
});
