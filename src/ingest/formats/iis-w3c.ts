import { defineFormat, events, META, parsedLineShare, reject, spacedRow, type FormatParser, type ParseOutcome, type Sample } from '../format.ts';
import { compact, str } from '../values.ts';
import { W3C_DATE, iisFields, otherLabels, w3cTime, type Row } from './web/iis-fields.ts';

/**
 * IIS W3C extended logs. `#Fields:` directives set the column layout and may change mid-file, so the
 * parser keeps the current layout; lines before any `#Fields:` use IIS's default selection.
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

/** Needs IIS's own header (or a W3C layout with `cs-uri-stem`); then scores how many rows parse. */
function sniffIis(sample: Sample): number {
  const software = sample.lines.some((line) => line.startsWith(IIS_SOFTWARE));
  const layout = sample.lines.some((line) => line.startsWith('#Fields:') && line.includes(' cs-uri-stem'));
  if (!software && !layout) return 0;
  return (software ? 0.5 : 0.4) + 0.5 * parsedLineShare(sample, createIisParser());
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
