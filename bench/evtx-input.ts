import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import {
  evtxFileHeader, fileTimev, guidv, hex64, nullv, sidv, u16v, u32v, u64v, u8v, utf16, writeEvtxChunks,
  type EvtxEvent, type SubValue, type TemplateNode,
} from '../test/helpers/evtx-writer.ts';

/**
 * The benchmark's EVTX input: the Winlogbeat events of the demo's windows.jsonl written back as the event log
 * service writes them (binary XML, one template per provider, event id and field set, defined once per chunk,
 * 100 records to a chunk), replicated to size with new record ids. So the EVTX row reads the same events as
 * the Sysmon JSON row, in the other form an analyst gets them in.
 */

interface Winlogbeat {
  '@timestamp': string;
  winlog: {
    provider_name: string;
    provider_guid?: string;
    event_id: string;
    channel: string;
    computer_name: string;
    record_id: string;
    event_data?: Record<string, string>;
    process?: { pid: number; thread: { id: number } };
    user?: { identifier?: string };
  };
}

const sub = (index: number, type: number, optional = false): TemplateNode => ({ sub: index, type, optional });
const XMLNS: [string, TemplateNode[]] = ['xmlns', [{ text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]];

/** Windows' System block, as the event log service's own templates have it (substitutions 0–15). */
const SYSTEM: TemplateNode = {
  element: 'System',
  children: [
    { element: 'Provider', attributes: [['Name', [sub(0, 0x01)]], ['Guid', [sub(1, 0x0f, true)]]] },
    { element: 'EventID', children: [sub(2, 0x06)] },
    { element: 'Version', children: [sub(3, 0x04)] },
    { element: 'Level', children: [sub(4, 0x04)] },
    { element: 'Task', children: [sub(5, 0x06)] },
    { element: 'Opcode', children: [sub(6, 0x04)] },
    { element: 'Keywords', children: [sub(7, 0x15)] },
    { element: 'TimeCreated', attributes: [['SystemTime', [sub(8, 0x11)]]] },
    { element: 'EventRecordID', children: [sub(9, 0x0a)] },
    { element: 'Correlation', attributes: [['ActivityID', [sub(10, 0x0f, true)]]] },
    { element: 'Execution', attributes: [['ProcessID', [sub(11, 0x08)]], ['ThreadID', [sub(12, 0x08)]]] },
    { element: 'Channel', children: [sub(13, 0x01)] },
    { element: 'Computer', children: [sub(14, 0x01)] },
    { element: 'Security', attributes: [['UserID', [sub(15, 0x13, true)]]] },
  ],
};

const GUID = /^\{([0-9a-fA-F-]{36})\}$/;

/** A field's value with the type Windows gives it: GUIDs, SIDs, ids and ports as such, the rest as text. */
function dataValue(name: string, text: string): SubValue {
  const guid = GUID.exec(text);
  if (guid !== null) return guidv(guid[1]!);
  if (/Sid$/.test(name) && /^S-1-\d+(-\d+)+$/.test(text)) return sidv(text);
  if (/^\d{1,9}$/.test(text)) {
    if (/Port$/.test(name)) return u16v(Number(text) & 0xffff);
    if (/(ProcessId|LogonType|ThreadId)$/.test(name)) return u32v(Number(text));
  }
  return utf16(text);
}

const templates = new Map<string, TemplateNode[]>();

function templateOf(key: string, names: readonly string[], types: readonly number[]): TemplateNode[] {
  let nodes = templates.get(key);
  if (nodes === undefined) {
    const data = names.map((name, i): TemplateNode => ({ element: 'Data', attributes: [['Name', [{ text: name }]]], children: [sub(16 + i, types[i]!)] }));
    nodes = [{ element: 'Event', attributes: [XMLNS], children: [SYSTEM, { element: 'EventData', children: data }] }];
    templates.set(key, nodes);
  }
  return nodes;
}

export function evtxEventOf(line: string): EvtxEvent {
  const record = JSON.parse(line) as Winlogbeat;
  const w = record.winlog;
  const entries = Object.entries(w.event_data ?? {});
  const values = entries.map(([name, text]) => dataValue(name, text));
  const types = values.map((v) => v.type);
  const key = `${w.provider_name}/${w.event_id}/${entries.map(([name], i) => `${name}:${String(types[i])}`).join(',')}`;
  const providerGuid = w.provider_guid === undefined ? undefined : GUID.exec(w.provider_guid)?.[1];
  const sid = w.user?.identifier;
  return {
    template: key,
    nodes: templateOf(key, entries.map(([name]) => name), types),
    values: [
      utf16(w.provider_name), providerGuid === undefined ? nullv() : guidv(providerGuid), u16v(Number(w.event_id)), u8v(5), u8v(4),
      u16v(Number(w.event_id)), u8v(0), hex64(0x8000000000000000n), fileTimev(record['@timestamp']), u64v(BigInt(w.record_id)), nullv(),
      u32v(w.process?.pid ?? 4), u32v(w.process?.thread.id ?? 8), utf16(w.channel), utf16(w.computer_name),
      sid === undefined ? nullv() : sidv(sid),
      ...values,
    ],
  };
}

/** Writes the events of a Winlogbeat JSONL file as an EVTX file of at least `targetBytes`. */
export async function winlogbeatToEvtx(from: string, to: string, targetBytes: number): Promise<void> {
  const events = (await readFile(from, 'utf8')).split('\n').filter((l) => l.trim() !== '').map(evtxEventOf);
  const out = createWriteStream(to);
  out.write(Buffer.alloc(4096));
  let written = 4096;
  let chunkCount = 0;
  let nextId = 1;
  while (written < targetBytes) {
    for (const chunk of writeEvtxChunks(events, 100, nextId)) {
      if (!out.write(chunk)) await once(out, 'drain');
      written += chunk.length;
      chunkCount++;
    }
    nextId += events.length;
  }
  out.end();
  await once(out, 'finish');
  const file = await open(to, 'r+');
  try {
    await file.write(evtxFileHeader(chunkCount, nextId - 1), 0, 4096, 0);
  } finally {
    await file.close();
  }
}
