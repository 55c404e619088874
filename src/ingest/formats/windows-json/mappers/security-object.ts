import type { EventFields } from '../../../../schema/event.ts';
import { baseName, ip } from '../../../values.ts';
import { field, labelsFrom, nonZeroPort, oneLine, securityProcess, subjectUser } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

const REGISTRY_OPERATIONS: ReadonlyMap<string, [string, string]> = new Map([
  ['%%1904', ['registry-value-created', 'creation']],
  ['%%1905', ['registry-value-modified', 'change']],
  ['%%1906', ['registry-value-deleted', 'deletion']],
]);

/** 4657: `ObjectName` is the key, `ObjectValueName` the value; `\REGISTRY\MACHINE\…` is kept as written. */
const registryValue: Mapper = (data) => {
  const key = field(data, 'ObjectName');
  const valueName = field(data, 'ObjectValueName');
  const [action, type] = REGISTRY_OPERATIONS.get(field(data, 'OperationType') ?? '') ?? ['registry-value-modified', 'change'];
  return {
    event: { category: ['registry'], type: [type], action },
    user: subjectUser(data),
    process: securityProcess(data),
    registry: {
      path: key !== undefined && valueName !== undefined ? `${key}\\${valueName}` : key,
      value: valueName,
      data: field(data, 'NewValue'),
    },
    winlog: { logon: { id: field(data, 'SubjectLogonId') } },
    labels: labelsFrom(data, { old_value: 'OldValue', new_value_type: 'NewValueType' }),
  };
};

function shareLabels(data: Data): Record<string, string> {
  const labels = labelsFrom(data, { share_name: 'ShareName', share_path: 'ShareLocalPath', access_mask: 'AccessMask' });
  const accesses = oneLine(field(data, 'AccessList'));
  if (accesses !== undefined) labels['access_list'] = accesses;
  return labels;
}

/** 5140 (share opened) and 5145 (an object in a share checked): the client is the source. */
function shareMapper(action: string): Mapper {
  return (data) => {
    const relative = field(data, 'RelativeTargetName');
    return {
      event: { category: ['network', 'file'], type: ['access'], action },
      user: subjectUser(data),
      source: { ip: ip(data['IpAddress']), port: nonZeroPort(data['IpPort']) },
      file: relative === undefined ? undefined : { path: relative, name: baseName(relative) },
      winlog: { logon: { id: field(data, 'SubjectLogonId') } },
      labels: shareLabels(data),
    };
  };
}

/** Where a handle/access event's `ObjectName` goes: files and registry keys have schema slots. */
function objectTarget(data: Data): EventFields {
  const objectName = field(data, 'ObjectName');
  const objectType = field(data, 'ObjectType');
  if (objectName === undefined) return {};
  if (objectType === 'File') return { event: { category: ['file'] }, file: { path: objectName, name: baseName(objectName) } };
  if (objectType === 'Key') return { event: { category: ['registry'] }, registry: { path: objectName } };
  return {};
}

/** 4656/4663: a handle to (or an access of) an object; for files and keys `ObjectName` is the path. */
function objectMapper(action: string): Mapper {
  return (data) => {
    const target = objectTarget(data);
    return {
      ...target,
      event: { ...target.event, type: ['access'], action },
      user: subjectUser(data),
      process: securityProcess(data),
      winlog: { logon: { id: field(data, 'SubjectLogonId') } },
      labels: labelsFrom(data, { object_type: 'ObjectType', object_name: 'ObjectName', access_mask: 'AccessMask' }),
    };
  };
}

export const OBJECT_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [4656, objectMapper('object-handle-request')],
  [4663, objectMapper('object-access')],
  [4657, registryValue],
  [5140, shareMapper('share-access')],
  [5145, shareMapper('share-object-access')],
];
