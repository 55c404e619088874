import { defineFormat, events, isObject, reject, sniffByShare, type Envelope, type FormatParser, type ParserContext, type RawRecord } from '../format.ts';
import { jsonText, ownStr, setOwn } from '../values.ts';
import { mapRecord } from './aliases.ts';
import { recordLabels } from './cloud/record.ts';

/**
 * Wazuh's alerts and archives (`/var/ossec/logs/alerts/alerts.json`, `archives.json`, and the same documents in the
 * Wazuh indexer): each record holds the log line an agent read (`full_log`, from the file named in `location`) or,
 * for Windows, the event its eventchannel decoder took apart (`data.win.system`, `data.win.eventdata` with the
 * data's names in camelCase; Wazuh 3's `data.EventChannel` in PascalCase), beside the verdict of Wazuh's rule. The
 * line is read by the format of its log (sniffed per file it came from), the Windows event by the Windows reader
 * (put back as Winlogbeat writes it: the data's names as Windows writes them, and the doubled backslashes of Wazuh's
 * paths single again), so Vigil's own rules run on what Wazuh collected; Wazuh's rule (id, level, description,
 * groups, MITRE ids), agent and manager are `wazuh.*` labels. Wazuh's time (zoned) stands in for a line's own when that
 * is not an instant, its agent's name for a host the record does not name.
 */

type Json = Record<string, unknown>;

export function isWazuhRecord(value: unknown): value is Json {
  if (!isObject(value) || !isObject(value.agent) || typeof value.timestamp !== 'string') return false;
  return (isObject(value.manager) || typeof value.location === 'string') && (typeof value.full_log === 'string' || isObject(value.rule) || isObject(value.decoder));
}

/** Wazuh's own keys of a record: the rest (`syscheck`, `vulnerability` …) is the event's. */
const WAZUH_KEYS = new Set(['rule', 'agent', 'manager', 'cluster', 'decoder', 'predecoder', 'id', 'location', 'full_log', 'data', 'timestamp', '@timestamp', 'input']);
/** The rule's compliance mappings say nothing of the event: not labels. */
const COMPLIANCE = new Set(['pci_dss', 'gdpr', 'hipaa', 'nist_800_53', 'tsc', 'gpg13']);
/** Whether every run of backslashes in the text is of even length (and there is one): Wazuh's eventchannel escapes paths twice (wazuh/wazuh#4509). */
function allDoubled(text: string): boolean {
  let start = text.indexOf('\\');
  if (start < 0) return false;
  while (start >= 0) {
    let end = start;
    while (text.charCodeAt(end) === 92) end++;
    if ((end - start) % 2 !== 0) return false;
    start = text.indexOf('\\', end);
  }
  return true;
}

function undoubled(value: unknown): unknown {
  return typeof value === 'string' && allDoubled(value) ? value.replaceAll('\\\\', '\\') : value;
}

/** `commandLine` → `CommandLine`: Wazuh lowers the first letter of the names Windows writes. */
function windowsName(name: string): string {
  return name === '' ? name : name[0]!.toUpperCase() + name.slice(1);
}

function windowsData(data: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(data)) setOwn(out, windowsName(key), undoubled(value));
  return out;
}

/** Wazuh's `win.system.message` is the rendered message in quotes. */
function unquoted(value: unknown): unknown {
  return typeof value === 'string' && value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** The Windows event of the record (Wazuh 4's `data.win`, Wazuh 3's `data.EventChannel`) as Winlogbeat writes one. */
function windowsEvent(record: Json): Json | undefined {
  const data = record.data;
  if (!isObject(data)) return undefined;
  const win = isObject(data.win) ? data.win : isObject(data.EventChannel) ? data.EventChannel : undefined;
  if (win === undefined) return undefined;
  const system = isObject(win.system) ? windowsData(win.system) : isObject(win.System) ? windowsData(win.System) : undefined;
  if (system === undefined) return undefined;
  const eventData = isObject(win.eventdata) ? windowsData(win.eventdata) : isObject(win.EventData) ? windowsData(win.EventData) : {};
  const winlog: Json = { event_id: system.EventID, channel: system.Channel, provider_name: system.ProviderName, computer_name: system.Computer, record_id: system.EventRecordID, keywords: system.Keywords, event_data: eventData };
  const event: Json = { '@timestamp': system.SystemTime ?? record.timestamp, winlog };
  const message = unquoted(system.Message);
  if (message !== undefined) event.message = message;
  return event;
}

function wazuhLabels(record: Json): Record<string, string> {
  const labels: Record<string, string> = {};
  const own = recordLabels(
    { rule: record.rule, agent: record.agent, manager: record.manager, decoder: record.decoder, id: record.id, location: record.location },
    (path) => path.startsWith('rule.') && COMPLIANCE.has(path.slice(5)),
  );
  if (own !== undefined) for (const [path, value] of Object.entries(own)) setOwn(labels, `wazuh.${path}`, value);
  return labels;
}

/** The envelope of an alerts.json or archives.json record (also of the Wazuh indexer's document of one). */
export function wazuhEnvelope(record: Json): Envelope | undefined {
  const windows = windowsEvent(record);
  const line = windows === undefined ? ownStr(record, 'full_log') : undefined;
  if (windows === undefined && line === undefined) return undefined;
  const text = windows === undefined ? line : jsonText(windows);
  if (text === undefined) return undefined;
  const location = ownStr(record, 'location');
  const envelope: Envelope = { text, key: windows === undefined ? (location ?? '') : 'windows', labels: wazuhLabels(record), time: record.timestamp as string };
  if (windows !== undefined) envelope.value = windows;
  // `location` is a file for the lines of logs an agent read (`/var/log/auth.log`), a channel or a command otherwise.
  if (location?.includes('/') === true || location?.includes('\\') === true) envelope.source = location;
  const agent = isObject(record.agent) ? ownStr(record.agent, 'name') : undefined;
  if (agent !== undefined) envelope.host = agent;
  return envelope;
}

/** A record without a line or an event no format reads: its decoded `data` through the alias table, with Wazuh's labels. */
function createParser(ctx: ParserContext): FormatParser {
  return {
    parse(record) {
      const value = record.value;
      if (!isWazuhRecord(value)) return reject("not a Wazuh alert or archive record (timestamp, agent, manager or location, and full_log, rule or decoder)");
      // The decoded fields, and what Wazuh's modules add beside them (`syscheck`, `vulnerability` …).
      const fields: Json = isObject(value.data) ? { ...value.data } : {};
      for (const [key, field] of Object.entries(value)) if (!WAZUH_KEYS.has(key) && !Object.hasOwn(fields, key)) setOwn(fields, key, field);
      fields.timestamp = value.timestamp;
      if (typeof value.full_log === 'string') fields.message = value.full_log;
      else if (isObject(value.rule) && typeof value.rule.description === 'string') fields.message = value.rule.description;
      const draft = mapRecord(fields, { mapping: ctx.mapping, dataset: 'wazuh' });
      const labels = (draft.fields.labels ??= {});
      for (const [key, label] of Object.entries(wazuhLabels(value))) if (!Object.hasOwn(labels, key)) setOwn(labels, key, label);
      const agent = isObject(value.agent) ? ownStr(value.agent, 'name') : undefined;
      if (agent !== undefined && draft.fields.host?.name === undefined) draft.fields.host = { ...draft.fields.host, name: agent };
      return events(draft);
    },
  };
}

export const wazuhFormat = defineFormat({
  id: 'wazuh',
  title: 'Wazuh alerts and archives',
  description:
    "Wazuh's alerts.json and archives.json records: each full_log read by the format of its log (sniffed per file), " +
    "each Windows event (data.win) by the Windows reader, with Wazuh's rule, agent and manager as wazuh.* labels",
  framing: 'json',
  sniff: sniffByShare(isWazuhRecord, 0.5, 0.45),
  createParser,
  envelope: (record: RawRecord) => (isWazuhRecord(record.value) ? wazuhEnvelope(record.value) : undefined),
  logsources: [],
});
