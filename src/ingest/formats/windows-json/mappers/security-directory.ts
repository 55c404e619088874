import { field, labelsFrom, oneLine, securityProcess, sid, subjectUser } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

/**
 * Active Directory and reconnaissance events of the Security log: directory objects accessed (4662: DCSync asks
 * for the replication rights' GUIDs in `Properties`), modified, created, moved, undeleted and deleted (5136–5141:
 * GPO, AdminSDHolder, SPN and delegation changes), and the local group memberships a caller enumerated
 * (4798/4799: `net user`, BloodHound's session and group collection). The subject is who acted; the object and
 * what was done are labels, the EventData stays for Sigma.
 */

/** 5136's `OperationType`. */
const OPERATIONS: ReadonlyMap<string, string> = new Map([
  ['%%14674', 'value-added'],
  ['%%14675', 'value-deleted'],
]);

function directoryLabels(data: Data): Record<string, string> {
  const labels = labelsFrom(data, {
    object_dn: 'ObjectDN',
    object_class: 'ObjectClass',
    object_guid: 'ObjectGUID',
    old_object_dn: 'OldObjectDN',
    new_object_dn: 'NewObjectDN',
    attribute: 'AttributeLDAPDisplayName',
    directory_service: 'DSName',
  });
  const value = oneLine(field(data, 'AttributeValue'));
  if (value !== undefined) labels['attribute_value'] = value;
  const operation = field(data, 'OperationType');
  if (operation !== undefined) labels['operation'] = OPERATIONS.get(operation) ?? operation;
  return labels;
}

function directoryMapper(action: string, type: string): Mapper {
  return (data) => ({
    event: { category: ['iam', 'configuration'], type: [type], action, outcome: 'success' },
    user: subjectUser(data),
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels: directoryLabels(data),
  });
}

/** 4662: an operation on an object (directory objects when `ObjectServer` is `DS`); success or failure by the audit keyword. */
const objectOperation: Mapper = (data) => {
  const labels = labelsFrom(data, {
    object_server: 'ObjectServer',
    object_type: 'ObjectType',
    object_name: 'ObjectName',
    operation_type: 'OperationType',
    access_mask: 'AccessMask',
  });
  const properties = oneLine(field(data, 'Properties'));
  if (properties !== undefined) labels['properties'] = properties;
  return {
    event: { category: ['iam'], type: ['access'], action: 'directory-object-operation' },
    user: subjectUser(data),
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels,
  };
};

/** 4798 (a user's local group membership) and 4799 (a local group's members) were enumerated by a process. */
function enumerationMapper(action: string): Mapper {
  return (data) => {
    const name = field(data, 'TargetUserName');
    const id = sid(data, 'TargetSid');
    const groups = action === 'group-members-enumerated';
    return {
      event: { category: ['iam'], type: ['info'], action, outcome: 'success' },
      user: groups ? { ...subjectUser(data), group: { name, id } } : { ...subjectUser(data), target: { name, domain: field(data, 'TargetDomainName'), id } },
      labels: groups ? labelsFrom(data, { group_domain: 'TargetDomainName' }) : undefined,
      process: securityProcess(data, 'CallerProcessName', 'CallerProcessId'),
      winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    };
  };
}

export const DIRECTORY_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [4662, objectOperation],
  [5136, directoryMapper('directory-object-modified', 'change')],
  [5137, directoryMapper('directory-object-created', 'creation')],
  [5138, directoryMapper('directory-object-undeleted', 'creation')],
  [5139, directoryMapper('directory-object-moved', 'change')],
  [5141, directoryMapper('directory-object-deleted', 'deletion')],
  [4798, enumerationMapper('user-groups-enumerated')],
  [4799, enumerationMapper('group-members-enumerated')],
];
