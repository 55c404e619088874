import { field, hashLabels, image, labelsFrom, parseHashes, pid } from './helpers.ts';
import { sourceProcess, sysmonProcess, sysmonRule, sysmonUser } from './sysmon-common.ts';
import type { Data, Mapper } from './types.ts';

function createLabels(data: Data): Record<string, string> {
  return labelsFrom(data, {
    original_file_name: 'OriginalFileName',
    product: 'Product',
    company: 'Company',
    description: 'Description',
    file_version: 'FileVersion',
    parent_user: 'ParentUser',
    terminal_session_id: 'TerminalSessionId',
    logon_guid: 'LogonGuid',
  });
}

/** 1: process created, with its parent, hashes and the user it runs as. */
const processCreate: Mapper = (data) => ({
  event: { category: ['process'], type: ['start'], action: 'process-start' },
  // Two objects, not one used twice: drafts own each of their objects (they are compacted in place).
  user: sysmonUser(data),
  process: {
    ...sysmonProcess(data),
    command_line: field(data, 'CommandLine'),
    working_directory: field(data, 'CurrentDirectory'),
    integrity_level: field(data, 'IntegrityLevel'),
    hash: parseHashes(field(data, 'Hashes')),
    user: sysmonUser(data),
    parent: {
      ...image(field(data, 'ParentImage')),
      pid: pid(data, 'ParentProcessId'),
      entity_id: field(data, 'ParentProcessGuid'),
      command_line: field(data, 'ParentCommandLine'),
    },
  },
  rule: sysmonRule(data),
  winlog: { logon: { id: field(data, 'LogonId') } },
  labels: createLabels(data),
});

const processTerminate: Mapper = (data) => ({
  event: { category: ['process'], type: ['end'], action: 'process-end' },
  user: sysmonUser(data),
  process: sysmonProcess(data),
  rule: sysmonRule(data),
});

function targetLabels(data: Data): Record<string, string> {
  return labelsFrom(data, {
    target_image: 'TargetImage',
    target_pid: 'TargetProcessId',
    target_process_guid: 'TargetProcessGuid',
    target_user: 'TargetUser',
  });
}

/** 8: a thread was started in another process (`SourceImage` → `TargetImage`). */
const createRemoteThread: Mapper = (data) => ({
  event: { category: ['process'], type: ['change'], action: 'create-remote-thread' },
  user: sysmonUser(data, 'SourceUser'),
  process: sourceProcess(data),
  rule: sysmonRule(data),
  labels: {
    ...targetLabels(data),
    ...labelsFrom(data, { start_address: 'StartAddress', start_module: 'StartModule', start_function: 'StartFunction' }),
  },
});

/** 10: a process opened another (`GrantedAccess` 0x1010/0x1410 on lsass is credential theft). */
const processAccess: Mapper = (data) => ({
  event: { category: ['process'], type: ['access'], action: 'process-access' },
  user: sysmonUser(data, 'SourceUser'),
  process: sourceProcess(data),
  rule: sysmonRule(data),
  labels: {
    ...targetLabels(data),
    ...labelsFrom(data, { target_process_guid: 'TargetProcessGUID', granted_access: 'GrantedAccess', call_trace: 'CallTrace' }),
  },
});

/** 25: process image changed in memory (hollowing, herpaderping). */
const processTampering: Mapper = (data) => ({
  event: { category: ['process'], type: ['change'], action: 'process-tampering' },
  user: sysmonUser(data),
  process: sysmonProcess(data),
  rule: sysmonRule(data),
  labels: labelsFrom(data, { tamper_type: 'Type' }),
});

/** 24: clipboard changed (the copied text is archived, not logged). */
const clipboardChange: Mapper = (data) => ({
  event: { category: ['process'], type: ['change'], action: 'clipboard-change' },
  user: sysmonUser(data),
  process: sysmonProcess(data),
  rule: sysmonRule(data),
  labels: { ...labelsFrom(data, { client_info: 'ClientInfo', session: 'Session' }), ...hashLabels(field(data, 'Hashes')) },
});

export const SYSMON_PROCESS_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [1, processCreate],
  [5, processTerminate],
  [8, createRemoteThread],
  [10, processAccess],
  [24, clipboardChange],
  [25, processTampering],
];
