import type { EventFields } from '../../schema/event.ts';
import { META, defineFormat, events, isObject, reject, sniffByShare, type Draft, type FormatParser, type RawRecord } from '../format.ts';
import { ianaTransport } from '../iana-transport.ts';
import { baseName, compact, int, ip, jsonText, ownStr, port, str } from '../values.ts';
import { addRowLabels } from './flat-row.ts';

/**
 * osquery's results log (`osqueryd.results.log`, and what Fleet, Kolide and log shippers forward of it): each
 * scheduled query's rows, one per line as events (`{"name":…,"hostIdentifier":…,"unixTime":…,"columns":{…},
 * "action":"added"}`), or batched (`diffResults.added`/`removed`) or as a snapshot (`snapshot: […]`). A row is read by
 * what its columns are: a process (`pid`, `path`, `cmdline`: process_events, processes), a socket (`remote_address`,
 * `remote_port`: socket_events, process_open_sockets), a file change (`target_path`: file_events) or anything else
 * (its columns as labels). Process starts feed the process_creation rules of the system their paths name.
 */

type Row = Record<string, unknown>;

interface Result {
  record: Row;
  row: Row;
  /** `added`, `removed` or `snapshot`. */
  action: string;
  /** The row alone, for a record holding several (its id and original). */
  original?: string;
}

function isResult(value: unknown): value is Row {
  if (!isObject(value) || typeof value.name !== 'string' || value.hostIdentifier === undefined) return false;
  return isObject(value.columns) || isObject(value.diffResults) || Array.isArray(value.snapshot);
}

/** Rows of a record read at most (a snapshot of a large table). */
const MAX_ROWS = 100_000;

function resultsOf(record: Row): Result[] {
  if (isObject(record.columns)) return [{ record, row: record.columns, action: str(record.action) ?? 'added' }];
  const out: Result[] = [];
  const add = (rows: unknown, action: string) => {
    if (!Array.isArray(rows)) return;
    for (const row of rows) if (isObject(row) && out.length < MAX_ROWS) out.push({ record, row, action, original: jsonText(row) });
  };
  if (isObject(record.diffResults)) {
    add(record.diffResults.added, 'added');
    add(record.diffResults.removed, 'removed');
  }
  add(record.snapshot, 'snapshot');
  return out;
}

/** A number osquery wrote as text; its `-1` means unknown. */
function id(row: Row, key: string): number | undefined {
  const value = int(row[key]);
  return value === undefined || value < 0 ? undefined : value;
}

function processOf(row: Row): NonNullable<EventFields['process']> {
  const executable = ownStr(row, 'path');
  const commandLine = ownStr(row, 'cmdline');
  return {
    name: ownStr(row, 'name') ?? baseName(executable),
    pid: id(row, 'pid'),
    executable,
    command_line: commandLine,
    working_directory: ownStr(row, 'cwd'),
    parent: { pid: id(row, 'parent') ?? id(row, 'ppid') },
  };
}

/** osquery's socket families and protocols are numbers (AF_INET 2, AF_INET6 10 or 30; IPPROTO_TCP 6). */
function socketFields(row: Row): EventFields {
  const action = ownStr(row, 'action');
  const inbound = action === 'accept';
  const local = { ip: ip(row.local_address), port: port(row.local_port) };
  const remote = { ip: ip(row.remote_address), port: port(row.remote_port) };
  const protocol = ownStr(row, 'protocol');
  return {
    event: { category: ['network'], type: ['connection', 'start'], action: 'network-connection' },
    process: { name: baseName(ownStr(row, 'path')), executable: ownStr(row, 'path'), pid: id(row, 'pid') },
    source: inbound ? remote : local,
    destination: inbound ? local : remote,
    network: { transport: protocol === undefined ? undefined : ianaTransport(protocol), direction: action === 'connect' ? 'outbound' : inbound ? 'inbound' : undefined },
  };
}

const FILE_TYPES: ReadonlyMap<string, string> = new Map([
  ['CREATED', 'creation'],
  ['UPDATED', 'change'],
  ['ATTRIBUTES_MODIFIED', 'change'],
  ['MOVED_TO', 'change'],
  ['DELETED', 'deletion'],
  ['MOVED_FROM', 'deletion'],
]);

function fieldsOf(result: Result): EventFields {
  const { row } = result;
  if (row.remote_address !== undefined && (row.remote_port !== undefined || row.local_port !== undefined)) return socketFields(row);
  if (row.target_path !== undefined) {
    const action = ownStr(row, 'action') ?? '';
    return {
      event: { category: ['file'], type: [FILE_TYPES.get(action) ?? 'change'], action: `file-${action.toLowerCase().replace(/_/g, '-') || 'change'}` },
      file: { path: ownStr(row, 'target_path'), name: baseName(ownStr(row, 'target_path')) },
    };
  }
  if (row.pid !== undefined && (row.cmdline !== undefined || row.path !== undefined)) {
    // A row added to a process table is a process seen starting; a removed one, a process gone.
    const ended = result.action === 'removed';
    const user = ownStr(row, 'username');
    return {
      event: { category: ['process'], type: [ended ? 'end' : 'start'], action: ended ? 'process-end' : 'process-start' },
      process: processOf(row),
      user: user === undefined && row.uid === undefined ? undefined : { name: user, id: ownStr(row, 'uid') },
    };
  }
  return { event: { action: `osquery-${result.action}` } };
}

const TIME_KEYS = ['time', 'unix_time'];

function timeOf(result: Result): number | string | undefined {
  for (const key of TIME_KEYS) {
    const value = int(result.row[key]);
    if (value !== undefined && value > 0) return value;
  }
  const unix = int(result.record.unixTime);
  return unix !== undefined && unix > 0 ? unix : ownStr(result.record, 'calendarTime');
}

function labelsOf(result: Result): Record<string, string> {
  const labels: Record<string, string> = {};
  const name = ownStr(result.record, 'name');
  if (name !== undefined) labels['osquery.name'] = name;
  labels['osquery.action'] = result.action;
  addRowLabels(labels, result.row, () => false, 'osquery.columns.');
  const decorations = result.record.decorations;
  if (isObject(decorations)) addRowLabels(labels, decorations, () => false, 'osquery.decorations.', 100);
  return labels;
}

function draftOf(result: Result): Draft {
  const fields = fieldsOf(result);
  const event = (fields.event ??= {});
  event.provider = 'osquery';
  const decorations = result.record.decorations;
  fields.host = { name: (isObject(decorations) ? str(decorations.hostname) : undefined) ?? ownStr(result.record, 'hostIdentifier') };
  fields.labels = labelsOf(result);
  const draft: Draft = { time: timeOf(result), dataset: 'osquery.result', fields: compact(fields) };
  if (result.original !== undefined) draft.original = result.original;
  return draft;
}

function createParser(): FormatParser {
  return {
    parse(record: RawRecord) {
      if (!isResult(record.value)) return reject('not an osquery result (name, hostIdentifier and columns, diffResults or snapshot)');
      const drafts = resultsOf(record.value).map(draftOf);
      return drafts.length === 0 ? META : events(...drafts);
    },
  };
}

export const osqueryFormat = defineFormat({
  id: 'osquery',
  title: 'osquery results log',
  description: "osquery's scheduled query results (event, batch and snapshot formats): processes, sockets and file changes in the schema, every column a label",
  framing: 'json',
  sniff: sniffByShare(isResult),
  createParser,
  logsources: [],
});
