import type { EventFields } from '../../../../schema/event.ts';
import { baseName, commandProgram } from '../../../values.ts';
import { field, labelsFrom, splitAccount } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

/**
 * The classic `Windows PowerShell` log, on by default where module and script block logging are not: 400/403 a
 * PowerShell engine (a host process) started or stopped, 600 a provider started, 800 a pipeline ran. Each carries
 * `\tKey=Value` lines (`HostApplication=powershell.exe -enc …`, `EngineVersion=2.0`, `UserId=CORP\alice`) in its
 * inserts and in its rendered message; the keys are PowerShell's own, in every display language.
 */

const CONTEXT_KEYS = new Set([
  'NewEngineState', 'PreviousEngineState', 'NewProviderState', 'ProviderName', 'SequenceNumber', 'DetailSequence', 'DetailTotal',
  'UserId', 'HostName', 'HostVersion', 'HostId', 'HostApplication', 'EngineVersion', 'RunspaceId', 'PipelineId',
  'CommandName', 'CommandType', 'ScriptName', 'CommandPath', 'CommandLine',
]);
const KEY_LINE = /^\s*([A-Za-z]+)=(.*)$/;
const LINES = /\r?\n/;
/** A command line may span lines; it ends at a blank line (before the message's `Details:`) or the next key. */
const MULTI_LINE_KEYS = new Set(['CommandLine']);

/** The context's values by key: only PowerShell's own keys (CONTEXT_KEYS) are ever set, so a plain object is safe. */
type Context = Record<string, string>;

function readContext(text: string, out: Context): void {
  let open: string | undefined;
  for (const line of text.split(LINES)) {
    const match = KEY_LINE.exec(line);
    const key = match?.[1];
    if (key !== undefined && CONTEXT_KEYS.has(key)) {
      open = MULTI_LINE_KEYS.has(key) && out[key] === undefined ? key : undefined;
      out[key] ??= match![2]!;
    } else if (open !== undefined && line.trim() !== '') out[open] = `${out[open]!}\n${line}`;
    else open = undefined;
  }
}

/**
 * The context from its own insert (EVTX, Winlogbeat's `param…`), so that key-like lines in the pipeline's command
 * (800's first insert) or its parameter values (the last) are not read; else from the message (NXLog, Event Viewer
 * exports), where the first of each key wins: in 800 the command comes first, so a multi-line command can write
 * lines there that look like the context, and the record's text stays the evidence.
 */
function classicContext(data: Data, insert: string, message: string | undefined): Context {
  const out: Context = {};
  const own = data[insert];
  if (own !== undefined) readContext(own, out);
  else if (message !== undefined) readContext(message, out);
  return out;
}

/** Our label, then PowerShell's key. */
const LABELS: Readonly<Record<string, string>> = {
  host_name: 'HostName',
  host_version: 'HostVersion',
  host_id: 'HostId',
  engine_version: 'EngineVersion',
  runspace_id: 'RunspaceId',
  pipeline_id: 'PipelineId',
  new_engine_state: 'NewEngineState',
  previous_engine_state: 'PreviousEngineState',
  provider_name: 'ProviderName',
  new_provider_state: 'NewProviderState',
  command_name: 'CommandName',
  command_type: 'CommandType',
  script_name: 'ScriptName',
  command_path: 'CommandPath',
  command: 'CommandLine',
};

/** `insert`: the one holding the context (`param3` after 400's new and previous state, `param2` after 800's command). */
function classic(action: string, type: string, insert: string): Mapper {
  return (data, record): EventFields => {
    const context = classicContext(data, insert, record.message);
    const hostApplication = field(context, 'HostApplication');
    const program = commandProgram(hostApplication);
    const labels = labelsFrom(context, LABELS);
    return {
      message: record.message ?? labels['command'],
      event: { category: ['process'], type: [type], action },
      user: { ...splitAccount(field(context, 'UserId')), id: record.systemUserId },
      process: {
        command_line: hostApplication,
        executable: program !== undefined && /[\\/]/.test(program) ? program : undefined,
        name: baseName(program),
      },
      labels,
    };
  };
}

export const CLASSIC_POWERSHELL_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [400, classic('powershell-engine-started', 'start', 'param3')],
  [403, classic('powershell-engine-stopped', 'end', 'param3')],
  [600, classic('powershell-provider-started', 'info', 'param3')],
  [800, classic('powershell-pipeline-execution', 'info', 'param2')],
];
