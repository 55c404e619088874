import { field, image, labelsFrom, pid, securityProcess, subjectUser } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

/** `MandatoryLabel` SIDs of 4688 as integrity level names (the words Sysmon uses). */
const INTEGRITY: ReadonlyMap<string, string> = new Map([
  ['S-1-16-0', 'Untrusted'],
  ['S-1-16-4096', 'Low'],
  ['S-1-16-8192', 'Medium'],
  ['S-1-16-8448', 'MediumPlus'],
  ['S-1-16-12288', 'High'],
  ['S-1-16-16384', 'System'],
  ['S-1-16-20480', 'Protected'],
]);

const ELEVATION: ReadonlyMap<string, string> = new Map([
  ['%%1936', 'full-token'],
  ['%%1937', 'elevated'],
  ['%%1938', 'limited'],
]);

function processLabels(data: Data): Record<string, string> {
  const labels = labelsFrom(data, { target_user: 'TargetUserName', target_domain: 'TargetDomainName' });
  const elevation = ELEVATION.get(field(data, 'TokenElevationType') ?? '');
  if (elevation !== undefined) labels['token_elevation'] = elevation;
  return labels;
}

/**
 * 4688: the creator (`Subject*`) is the user; `ProcessId` is the parent's id. `Target*` (Windows 10+) names
 * the account of the new process when it differs from the creator.
 */
const processCreated: Mapper = (data) => {
  const parentPath = field(data, 'ParentProcessName');
  const parentPid = pid(data, 'ProcessId');
  const newPath = field(data, 'NewProcessName');
  return {
    event: { category: ['process'], type: ['start'], action: 'process-start', outcome: 'success' },
    user: { ...subjectUser(data), effective: { name: field(data, 'TargetUserName') } },
    process: {
      ...image(newPath),
      pid: pid(data, 'NewProcessId'),
      command_line: field(data, 'CommandLine'),
      integrity_level: INTEGRITY.get(field(data, 'MandatoryLabel') ?? ''),
      parent: { ...image(parentPath), pid: parentPid },
    },
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels: processLabels(data),
  };
};

const processExited: Mapper = (data) => ({
  event: { category: ['process'], type: ['end'], action: 'process-end', outcome: 'success' },
  user: subjectUser(data),
  process: securityProcess(data),
  winlog: { logon: { id: field(data, 'SubjectLogonId') } },
  labels: labelsFrom(data, { exit_status: 'Status' }),
});

export const SECURITY_PROCESS_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [4688, processCreated],
  [4689, processExited],
];
