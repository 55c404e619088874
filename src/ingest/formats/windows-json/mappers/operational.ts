import { urlFields } from '../../web/http.ts';
import { field, image, labelsFrom, pid, splitAccount } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

/**
 * Operational logs responders read for persistence and transfers, as Hayabusa does: the Task Scheduler's (tasks
 * registered, updated, deleted, run, and the process an action started), WMI-Activity's (5861: a permanent event
 * subscription, a classic persistence; 5860: a temporary one; 5857: a provider loaded), BITS-Client's (jobs
 * created and their transfers' URLs: downloads by `bitsadmin` and `Start-BitsTransfer`) and Windows Firewall's
 * (rules added, changed, deleted, all deleted, a profile setting changed, with the program that did it).
 */

/** An account as these logs write it: `DOMAIN\\name`, a bare name, or a SID (`S-1-5-18`), which is an id. */
function account(value: string | undefined): { name?: string; domain?: string; id?: string } {
  return value !== undefined && /^S-1-\d/.test(value) ? { id: value } : splitAccount(value);
}

// ---- Task Scheduler (Microsoft-Windows-TaskScheduler/Operational)

function task(action: string, type: string, userKey: string): Mapper {
  return (data) => ({
    event: { category: ['configuration'], type: [type], action, outcome: 'success' },
    user: account(field(data, userKey)),
    labels: labelsFrom(data, { task_name: 'TaskName', task_instance: 'TaskInstanceId', task_action: 'ActionName', result_code: 'ResultCode' }),
  });
}

/** 129: the task started a process (`Path`, `ProcessID`). */
const taskProcess: Mapper = (data) => ({
  event: { category: ['process'], type: ['start'], action: 'scheduled-task-process-created', outcome: 'success' },
  process: { ...image(field(data, 'Path')), pid: pid(data, 'ProcessID') },
  labels: labelsFrom(data, { task_name: 'TaskName' }),
});

/** 200: an action started (`ActionName` is the program, or a COM handler's name). */
const taskAction: Mapper = (data) => {
  const program = field(data, 'ActionName');
  return {
    event: { category: ['process'], type: ['start'], action: 'scheduled-task-action-started', outcome: 'success' },
    process: program !== undefined && /[\\/]/.test(program) ? image(program) : undefined,
    labels: labelsFrom(data, { task_name: 'TaskName', task_action: 'ActionName', task_instance: 'TaskInstanceId' }),
  };
};

export const TASK_SCHEDULER_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [106, task('scheduled-task-registered', 'creation', 'UserContext')],
  [140, task('scheduled-task-updated', 'change', 'UserName')],
  [141, task('scheduled-task-deleted', 'deletion', 'UserName')],
  [100, task('scheduled-task-started', 'start', 'UserContext')],
  [102, task('scheduled-task-completed', 'end', 'UserName')],
  [129, taskProcess],
  [200, taskAction],
  [201, task('scheduled-task-action-completed', 'end', 'UserName')],
];

// ---- WMI-Activity (Microsoft-Windows-WMI-Activity/Operational)

/** 5861: a permanent subscription (a filter bound to a consumer: `CONSUMER`, the query and command in `PossibleCause`). */
const permanentSubscription: Mapper = (data) => ({
  event: { category: ['configuration'], type: ['creation'], action: 'wmi-permanent-subscription', outcome: 'success' },
  labels: labelsFrom(data, { wmi_namespace: 'Namespace', wmi_filter: 'ESS', wmi_consumer: 'CONSUMER', wmi_details: 'PossibleCause' }),
});

/** 5860: a temporary subscription (`Query`), by a user and a process. */
const temporarySubscription: Mapper = (data) => ({
  event: { category: ['configuration'], type: ['creation'], action: 'wmi-temporary-subscription', outcome: 'success' },
  user: account(field(data, 'User')),
  process: { pid: pid(data, 'processid') ?? pid(data, 'ClientProcessId') },
  labels: labelsFrom(data, { wmi_namespace: 'NamespaceName', wmi_query: 'Query', wmi_possible_cause: 'PossibleCause' }),
});

/** 5857: a provider DLL loaded into a host process. */
const providerLoaded: Mapper = (data) => ({
  event: { category: ['library'], type: ['start'], action: 'wmi-provider-loaded', outcome: 'success' },
  process: { pid: pid(data, 'ProcessID') },
  file: { path: field(data, 'ProviderPath') },
  labels: labelsFrom(data, { wmi_provider: 'ProviderName', wmi_host_process: 'HostProcess' }),
});

export const WMI_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [5861, permanentSubscription],
  [5860, temporarySubscription],
  [5857, providerLoaded],
];

// ---- BITS-Client (Microsoft-Windows-Bits-Client/Operational)

function bitsLabels(data: Data): Record<string, string> {
  return labelsFrom(data, { bits_job: 'jobTitle', bits_job_id: 'jobId', bits_owner: 'jobOwner', bits_name: 'name', bits_transfer_id: 'transferId', bits_bytes_total: 'bytesTotal', bits_bytes_transferred: 'bytesTransferred', bits_result: 'hr' });
}

/** 3: a job created by a process (`processPath`) for an owner. */
const bitsJob: Mapper = (data) => ({
  event: { category: ['configuration'], type: ['creation'], action: 'bits-job-created', outcome: 'success' },
  user: account(field(data, 'jobOwner')),
  process: { ...image(field(data, 'processPath')), pid: pid(data, 'processId') },
  labels: bitsLabels(data),
});

/** 59/60: a transfer of a job started or stopped, with its `url` (the download's source). */
function bitsTransfer(action: string, type: string): Mapper {
  return (data) => ({
    event: { category: ['network', 'file'], type: [type], action, outcome: 'success' },
    url: urlFields(field(data, 'url')),
    labels: bitsLabels(data),
  });
}

export const BITS_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [3, bitsJob],
  [59, bitsTransfer('bits-transfer-started', 'start')],
  [60, bitsTransfer('bits-transfer-stopped', 'end')],
];

// ---- Windows Firewall With Advanced Security/Firewall

function firewallRule(action: string, type: string): Mapper {
  return (data) => {
    const modifier = field(data, 'ModifyingApplication');
    return {
      event: { category: ['configuration', 'network'], type: [type], action, outcome: 'success' },
      user: { id: field(data, 'ModifyingUser') },
      process: modifier === undefined ? undefined : image(modifier),
      labels: labelsFrom(data, {
        firewall_rule: 'RuleName',
        firewall_rule_id: 'RuleId',
        firewall_program: 'ApplicationPath',
        firewall_direction: 'Direction',
        firewall_action: 'Action',
        firewall_local_ports: 'LocalPorts',
        firewall_remote_addresses: 'RemoteAddresses',
        firewall_setting: 'SettingType',
        firewall_setting_value: 'SettingValue',
      }),
    };
  };
}

export const FIREWALL_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [2003, firewallRule('firewall-setting-changed', 'change')],
  [2004, firewallRule('firewall-rule-added', 'creation')],
  [2005, firewallRule('firewall-rule-changed', 'change')],
  [2006, firewallRule('firewall-rule-deleted', 'deletion')],
  [2033, firewallRule('firewall-rules-all-deleted', 'deletion')],
];
