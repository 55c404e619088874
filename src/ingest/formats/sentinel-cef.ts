import { defineFormat, events, isObject, reject, sniffByShare, type FormatParser, type RawRecord } from '../format.ts';
import { str } from '../values.ts';
import { cefDraft, type Header } from './cef.ts';

/**
 * Microsoft Sentinel's (Log Analytics') `CommonSecurityLog` table, as its API and the Logs blade give its rows in
 * JSON: the CEF events of firewalls, proxies and security appliances (Palo Alto, Fortinet, Check Point, Zscaler …)
 * that Sentinel's CEF connector parsed into columns. Each row is put back into CEF's header and extension keys
 * (Microsoft's column for each key: `SourceIP` is `src`, `DeviceAction` `act` …) and read by the CEF reader, so it
 * gives the event the CEF line would have.
 */

/** CommonSecurityLog's columns and the CEF extension keys they hold. */
const COLUMN_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['SourceIP', 'src'], ['SourcePort', 'spt'], ['DestinationIP', 'dst'], ['DestinationPort', 'dpt'],
  ['SourceHostName', 'shost'], ['DestinationHostName', 'dhost'], ['SourceMACAddress', 'smac'], ['DestinationMACAddress', 'dmac'],
  ['SourceUserName', 'suser'], ['SourceUserID', 'suid'], ['SourceNTDomain', 'sntdom'],
  ['DestinationUserName', 'duser'], ['DestinationUserID', 'duid'], ['DestinationNTDomain', 'dntdom'],
  ['SourceTranslatedAddress', 'sourceTranslatedAddress'], ['SourceTranslatedPort', 'sourceTranslatedPort'],
  ['DestinationTranslatedAddress', 'destinationTranslatedAddress'], ['DestinationTranslatedPort', 'destinationTranslatedPort'],
  ['DeviceAction', 'act'], ['EventOutcome', 'outcome'], ['Protocol', 'proto'], ['ApplicationProtocol', 'app'],
  ['RequestURL', 'request'], ['RequestMethod', 'requestMethod'], ['RequestClientApplication', 'requestClientApplication'],
  ['RequestContext', 'requestContext'], ['FileName', 'fname'], ['FilePath', 'filePath'], ['FileHash', 'fileHash'],
  ['SourceProcessName', 'sproc'], ['SourceProcessId', 'spid'], ['DeviceInboundInterface', 'deviceInboundInterface'],
  ['DeviceOutboundInterface', 'deviceOutboundInterface'], ['Message', 'msg'], ['DeviceName', 'dvchost'], ['DeviceAddress', 'dvc'],
  ['DeviceExternalID', 'deviceExternalId'], ['ReceivedBytes', 'in'], ['SentBytes', 'out'], ['CommunicationDirection', 'deviceDirection'],
  ['ReceiptTime', 'rt'], ['StartTime', 'start'], ['EndTime', 'end'], ['EventCount', 'cnt'], ['Reason', 'reason'],
];

const CUSTOM = /^DeviceCustom(String|Number|Date|FloatingPoint|IPv6Address)(\d)(Label)?$/;
/** CEF's short names of the custom fields (`DeviceCustomString1` is `cs1`). */
const CUSTOM_KEYS: Readonly<Record<string, string>> = { String: 'cs', Number: 'cn', Date: 'deviceCustomDate', FloatingPoint: 'cfp', IPv6Address: 'c6a' };

function isCommonSecurityLog(value: Record<string, unknown>): boolean {
  return value.TimeGenerated !== undefined && value.DeviceVendor !== undefined && value.DeviceProduct !== undefined && (value.Type === 'CommonSecurityLog' || value.DeviceEventClassID !== undefined);
}

/** `AdditionalExtensions`: the keys the connector did not map, `key=value` pairs separated by `;`. */
function addExtensions(ext: Map<string, string>, text: string | undefined): void {
  if (text === undefined) return;
  for (const pair of text.split(';').slice(0, 1000)) {
    const eq = pair.indexOf('=');
    if (eq > 0 && !ext.has(pair.slice(0, eq))) ext.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

function extensionOf(row: Record<string, unknown>): Map<string, string> {
  const ext = new Map<string, string>();
  for (const [column, key] of COLUMN_KEYS) {
    const value = str(row[column]);
    if (value !== undefined && Object.hasOwn(row, column)) ext.set(key, value);
  }
  for (const column of Object.keys(row)) {
    const m = CUSTOM.exec(column);
    const value = m === null ? undefined : str(row[column]);
    if (m === null || value === undefined) continue;
    ext.set(`${CUSTOM_KEYS[m[1]!] ?? 'cs'}${m[2]!}${m[3] ?? ''}`, value);
  }
  addExtensions(ext, str(row.AdditionalExtensions));
  return ext;
}

function createParser(): FormatParser {
  return {
    parse(record: RawRecord) {
      const row = record.value;
      if (!isObject(row) || !isCommonSecurityLog(row)) return reject("not a row of Sentinel's CommonSecurityLog table (DeviceVendor, DeviceProduct, TimeGenerated)");
      const header: Header = {
        vendor: str(row.DeviceVendor) ?? '',
        product: str(row.DeviceProduct) ?? '',
        version: str(row.DeviceVersion) ?? '',
        signature: str(row.DeviceEventClassID) ?? '',
        name: str(row.Activity) ?? '',
        severity: str(row.LogSeverity) ?? '',
      };
      // The row's TimeGenerated is UTC; CEF's own times (rt, start, end) win as they do in a CEF line.
      return events(cefDraft(header, extensionOf(row), str(row.Computer), str(row.TimeGenerated)));
    },
  };
}

export const sentinelCefFormat = defineFormat({
  id: 'sentinel-cef',
  title: "Microsoft Sentinel's CommonSecurityLog table",
  description: "Rows of Sentinel's CommonSecurityLog table (CEF events parsed into columns) in JSON, read back as their CEF events",
  framing: 'json',
  sniff: sniffByShare(isCommonSecurityLog, 0, 0.95),
  createParser,
  logsources: [{ category: 'firewall' }],
});
