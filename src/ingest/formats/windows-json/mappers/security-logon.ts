import type { EventFields } from '../../../../schema/event.ts';
import { ip } from '../../../values.ts';
import { field, labelsFrom, nonZeroPort, oneLine, securityProcess, subjectUser, targetUser, workstation } from './helpers.ts';
import { logonFailureReason } from './status.ts';
import type { Data, Mapper } from './types.ts';

type EventBlock = NonNullable<EventFields['event']>;

const LOGON_TYPES: ReadonlyMap<string, string> = new Map([
  ['0', 'system'],
  ['2', 'interactive'],
  ['3', 'network'],
  ['4', 'batch'],
  ['5', 'service'],
  ['7', 'unlock'],
  ['8', 'network-cleartext'],
  ['9', 'new-credentials'],
  ['10', 'remote-interactive'],
  ['11', 'cached-interactive'],
  ['12', 'cached-remote-interactive'],
  ['13', 'cached-unlock'],
]);

function logonLabels(data: Data): Record<string, string> {
  const labels = labelsFrom(data, {
    subject_user: 'SubjectUserName',
    subject_domain: 'SubjectDomainName',
    logon_process: 'LogonProcessName',
    auth_package: 'AuthenticationPackageName',
    status: 'Status',
    sub_status: 'SubStatus',
  });
  const typeName = LOGON_TYPES.get(field(data, 'LogonType') ?? '');
  if (typeName !== undefined) labels['logon_type_name'] = typeName;
  return labels;
}

/** 4624/4625/4634/4647: the target account is the one logging on or off. */
function logonFields(data: Data, event: EventBlock): EventFields {
  return {
    event,
    user: targetUser(data),
    source: {
      ip: ip(data['IpAddress']),
      port: nonZeroPort(data['IpPort']),
      domain: workstation(field(data, 'WorkstationName')),
    },
    process: securityProcess(data),
    winlog: { logon: { type: field(data, 'LogonType'), id: field(data, 'TargetLogonId') } },
    labels: logonLabels(data),
  };
}

const AUTH = ['authentication'];

const logon: Mapper = (data) =>
  logonFields(data, { category: AUTH, type: ['start'], action: 'logon', outcome: 'success' });

const logonFailed: Mapper = (data) =>
  logonFields(data, {
    category: AUTH,
    type: ['start'],
    action: 'logon-failed',
    outcome: 'failure',
    reason: logonFailureReason(data['Status'], data['SubStatus'], data['FailureReason']),
  });

const logoff: Mapper = (data) =>
  logonFields(data, { category: AUTH, type: ['end'], action: 'logoff', outcome: 'success' });

/** 4648: the subject used the target account's credentials (runas, PsExec -u …). */
const explicitLogon: Mapper = (data) => {
  const fields = logonFields(data, { category: AUTH, type: ['start'], action: 'explicit-credential-logon', outcome: 'success' });
  const server = field(data, 'TargetServerName');
  return {
    ...fields,
    destination: server === undefined || server === 'localhost' ? undefined : { domain: server },
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels: { ...fields.labels, ...labelsFrom(data, { target_server: 'TargetServerName', target_info: 'TargetInfo' }) },
  };
};

/** 4672: the subject is the account of the new, privileged logon. */
const specialPrivileges: Mapper = (data) => {
  const privileges = oneLine(field(data, 'PrivilegeList'));
  return {
    event: { category: AUTH, type: ['info'], action: 'special-privileges', outcome: 'success' },
    user: subjectUser(data),
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels: privileges === undefined ? undefined : { privileges },
  };
};

export const LOGON_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [4624, logon],
  [4625, logonFailed],
  [4634, logoff],
  [4647, logoff],
  [4648, explicitLogon],
  [4672, specialPrivileges],
];
