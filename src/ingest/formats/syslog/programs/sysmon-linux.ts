import { XmlFormatError, parseEventXml } from '../../../evtx/xml.ts';
import { treeJson } from '../../../evtx/render.ts';
import { buildDraft } from '../../windows-json/build.ts';
import { readNestedEvent } from '../../windows-json/dialects/nested.ts';
import type { Decoded, ProgramDecoder } from '../types.ts';

/**
 * Sysmon for Linux: each event is its XML (`<Event><System>…<EventData><Data Name="Image">…`) on one syslog line of
 * program `sysmon`. Its events have Windows Sysmon's ids and field names, so the XML is read by the Windows reader's
 * Sysmon mappers (process creation and end, network connections, file creation and deletion …) and the event's own
 * UTC time replaces the syslog header's; the dataset is `linux.sysmon`, which Sigma's Linux categories select.
 */

export const LINUX_SYSMON_DATASET = 'linux.sysmon';

export function decodeSysmonLinux(message: string): Decoded | undefined {
  if (!message.startsWith('<Event')) return undefined;
  let json: ReturnType<typeof treeJson>;
  try {
    json = treeJson(parseEventXml(message));
  } catch (error) {
    if (error instanceof XmlFormatError) return undefined;
    throw error;
  }
  const record = json === undefined ? undefined : readNestedEvent(json);
  if (record === undefined) return undefined;
  const draft = buildDraft(record);
  const time = typeof draft.time === 'string' ? draft.time : undefined;
  return { fields: draft.fields, dataset: LINUX_SYSMON_DATASET, time };
}

export const sysmonLinuxDecoder: ProgramDecoder = {
  programs: ['sysmon'],
  dataset: () => LINUX_SYSMON_DATASET,
  decode: ({ message }) => decodeSysmonLinux(message),
};
