import type { EventFields } from '../../../../schema/event.ts';
import { field, labelsFrom, splitAccount } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

const CONTEXT_LINES = /\r?\n/;

/** 4103 `ContextInfo`: `        Host Application = powershell.exe -enc …` lines as a map. */
function parseContext(value: string | undefined): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (value === undefined) return out;
  for (const line of value.split(CONTEXT_LINES)) {
    const eq = line.indexOf(' = ');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const entry = line.slice(eq + 3).trim();
    if (key !== '' && entry !== '' && !out.has(key)) out.set(key, entry);
  }
  return out;
}

/** 4104: one (part of a) script block; the script itself is the message when the export has none. */
const scriptBlock: Mapper = (data, record) => {
  const labels = labelsFrom(data, { script_block_id: 'ScriptBlockId', script_path: 'Path' });
  const part = field(data, 'MessageNumber');
  const total = field(data, 'MessageTotal');
  if (part !== undefined && total !== undefined) labels['script_block_part'] = `${part}/${total}`;
  return {
    message: record.message ?? field(data, 'ScriptBlockText'),
    event: { category: ['process'], type: ['info'], action: 'powershell-script-block' },
    user: { id: record.systemUserId },
    labels,
  };
};

function contextLabels(context: ReadonlyMap<string, string>): Record<string, string> {
  const labels: Record<string, string> = {};
  const names: ReadonlyArray<[string, string]> = [
    ['command_name', 'Command Name'],
    ['command_type', 'Command Type'],
    ['script_name', 'Script Name'],
    ['host_name', 'Host Name'],
  ];
  for (const [label, key] of names) {
    const value = context.get(key);
    if (value !== undefined) labels[label] = value;
  }
  return labels;
}

/** 4103: module logging (pipeline execution); the context names the host process and the user. */
const moduleLogging: Mapper = (data: Data, record): EventFields => {
  const context = parseContext(field(data, 'ContextInfo'));
  const account = splitAccount(context.get('User'));
  return {
    message: record.message ?? field(data, 'Payload'),
    event: { category: ['process'], type: ['info'], action: 'powershell-pipeline-execution' },
    user: { ...account, id: record.systemUserId },
    process: { command_line: context.get('Host Application') },
    labels: contextLabels(context),
  };
};

export const POWERSHELL_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [4103, moduleLogging],
  [4104, scriptBlock],
];
