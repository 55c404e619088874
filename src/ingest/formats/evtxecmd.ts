import { META, defineFormat, events, isObject, reject, type Sample } from '../format.ts';
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

const SIGNATURE = ['eventrecordid', 'timecreated', 'eventid', 'provider', 'channel', 'mapdescription', 'payload'];
const MAP_COLUMNS = ['MapDescription', 'UserName', 'RemoteHost', 'PayloadData1', 'PayloadData2', 'PayloadData3', 'PayloadData4', 'PayloadData5', 'PayloadData6', 'ExecutableInfo'] as const;

function sniff(sample: Sample): number {
  if (sample.csv === undefined) return 0;
  const header = new Set(sample.csv.header.map((cell) => cell.trim().toLowerCase()));
  return SIGNATURE.every((name) => header.has(name)) ? 0.97 : 0;
}

function cell(row: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = Object.hasOwn(row, name) ? row[name] : undefined;
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

export const evtxecmdFormat = defineFormat({
  id: 'evtxecmd',
  title: 'EvtxECmd CSV (KAPE)',
  description:
    "Eric Zimmerman's EvtxECmd CSV output: the System columns and the Payload column's EventData/UserData put back together and read by the Windows reader (Security, Sysmon, System, PowerShell …); the map's columns (MapDescription, UserName, RemoteHost, PayloadData1–6, ExecutableInfo) kept as labels",
  framing: 'csv',
  sniff,
  createParser: () => ({
    parse(record) {
      const row = record.value;
      if (!isObject(row)) return reject('not a CSV row');
      const id = cell(row, 'EventId');
      if (id === 'EventId') return META;
      const payload = payloadOf(cell(row, 'Payload'));
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
        ...labelsOf({ ...map, 'winlog.level': cell(row, 'Level'), 'evtxecmd.SourceFile': cell(row, 'SourceFile'), 'evtxecmd.HiddenRecord': cell(row, 'HiddenRecord') === 'True' ? 'true' : undefined }),
      };
      return events(draft);
    },
  }),
  logsources: [{ product: 'windows', service: 'security' }, { product: 'windows', service: 'system' }, { product: 'windows', service: 'sysmon' }, { product: 'windows', category: 'process_creation' }, { product: 'windows', category: 'ps_script' }],
});
