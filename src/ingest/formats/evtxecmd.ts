import { META, defineFormat, events, isObject, reject, valueShare, type ParseOutcome, type Sample } from '../format.ts';
import { labelsOf } from './syslog/util.ts';
import { buildDraft } from './windows-json/build.ts';
import { readNestedEvent } from './windows-json/dialects/nested.ts';

/**
 * Eric Zimmerman's EvtxECmd CSV (what KAPE's EvtxECmd module writes): one row per event record, its System values in
 * columns (`TimeCreated` in UTC, `EventId`, `Provider`, `Channel`, `Computer`, `UserId` …), the map's summary in
 * `MapDescription`, `UserName`, `RemoteHost`, `ExecutableInfo` and `PayloadData1`–`6`, and the whole EventData or
 * UserData as JSON in `Payload` (`{"EventData":{"Data":[{"@Name":"TargetUserName","#text":"bob"},…]}}`). The
 * columns and the payload are put back together as the event's XML-as-JSON and read by the Windows reader, so the
 * Windows mappings and rules read these rows as they read the EVTX file itself; the map's columns are labels.
 */

const SIGNATURE_NAMES = ['EventRecordId', 'TimeCreated', 'EventId', 'Provider', 'Channel', 'MapDescription', 'Payload'] as const;
const SIGNATURE = SIGNATURE_NAMES.map((name) => name.toLowerCase());
const MAP_COLUMNS = ['MapDescription', 'UserName', 'RemoteHost', 'PayloadData1', 'PayloadData2', 'PayloadData3', 'PayloadData4', 'PayloadData5', 'PayloadData6', 'ExecutableInfo'] as const;

function sniff(sample: Sample): number {
  if (sample.csv === undefined) return 0;
  const header = new Set(sample.csv.header.map((cell) => cell.trim().toLowerCase()));
  return SIGNATURE.every((name) => header.has(name)) ? 0.97 : 0;
}

/** A column's text: CSV cells are strings; the JSON output writes numbers and booleans as such. */
function cell(row: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = Object.hasOwn(row, name) ? row[name] : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The Payload column's EventData/UserData, or undefined when it is empty or not a JSON object. */
function payloadOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || !text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** EvtxECmd writes UTC without a zone (`2024-11-23 10:00:00.1234567`). */
function utcTime(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
}

/** One EvtxECmd record (a CSV row, or a JSON line of its --json output) as the Windows event it renders. */
function readRow(row: Readonly<Record<string, unknown>>): ParseOutcome {
  const id = cell(row, 'EventId');
  if (id === 'EventId') return META;
  const inline = Object.hasOwn(row, 'Payload') ? row.Payload : undefined;
  const payload = isObject(inline) ? inline : payloadOf(cell(row, 'Payload'));
  const event: Record<string, unknown> = {
    System: {
      EventID: id,
      Provider: { '@Name': cell(row, 'Provider') },
      Channel: cell(row, 'Channel'),
      Computer: cell(row, 'Computer'),
      EventRecordID: cell(row, 'EventRecordId'),
      TimeCreated: { '@SystemTime': utcTime(cell(row, 'TimeCreated')) },
      Security: { '@UserID': cell(row, 'UserId') },
      Keywords: cell(row, 'Keywords'),
    },
    EventData: payload?.EventData,
    UserData: payload?.UserData,
  };
  const winRecord = readNestedEvent(event);
  if (winRecord === undefined) return reject(`no event id (EventId ${JSON.stringify(id ?? '')})`);
  const draft = buildDraft(winRecord);
  const map: Record<string, string | undefined> = {};
  for (const name of MAP_COLUMNS) map[`evtxecmd.${name}`] = cell(row, name);
  draft.fields.labels = {
    ...draft.fields.labels,
    ...labelsOf({ ...map, 'winlog.level': cell(row, 'Level'), 'evtxecmd.SourceFile': cell(row, 'SourceFile'), 'evtxecmd.HiddenRecord': cell(row, 'HiddenRecord')?.toLowerCase() === 'true' ? 'true' : undefined }),
  };
  return events(draft);
}

export const evtxecmdFormat = defineFormat({
  id: 'evtxecmd',
  title: 'EvtxECmd CSV (KAPE)',
  description:
    "Eric Zimmerman's EvtxECmd CSV output: the System columns and the Payload column's EventData/UserData put back together and read by the Windows reader (Security, Sysmon, System, PowerShell …); the map's columns (MapDescription, UserName, RemoteHost, PayloadData1–6, ExecutableInfo) kept as labels",
  framing: 'csv',
  sniff,
  createParser: () => ({
    parse: (record) => (isObject(record.value) ? readRow(record.value) : reject('not a CSV row')),
  }),
  logsources: [{ product: 'windows', service: 'security' }, { product: 'windows', service: 'system' }, { product: 'windows', service: 'sysmon' }, { product: 'windows', category: 'process_creation' }, { product: 'windows', category: 'ps_script' }],
});

function isEvtxecmdRecord(record: Readonly<Record<string, unknown>>): boolean {
  return SIGNATURE_NAMES.every((name) => Object.hasOwn(record, name));
}

/** EvtxECmd's `--json` output: one JSON object per line with the same names, numbers as numbers. */
export const evtxecmdJsonFormat = defineFormat({
  id: 'evtxecmd-json',
  title: 'EvtxECmd JSON (KAPE)',
  description: "Eric Zimmerman's EvtxECmd --json output, read as its CSV output is (the System values and the Payload's EventData/UserData through the Windows reader)",
  framing: 'json',
  sniff: (sample) => {
    const share = valueShare(sample, isEvtxecmdRecord);
    return share < 0.5 ? 0 : 0.97 * share;
  },
  createParser: () => ({ parse: (record) => (isObject(record.value) ? readRow(record.value) : reject('not a JSON object')) }),
  logsources: evtxecmdFormat.logsources,
});
