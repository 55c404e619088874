import { str } from '../../../values.ts';
import { field, labelsFrom } from './helpers.ts';
import { sysmonProcess, sysmonRule, sysmonUser } from './sysmon-common.ts';
import type { Mapper } from './types.ts';

/** Sysmon `EventType` of registry events → our action and the ECS type. */
const OPERATIONS: ReadonlyMap<string, [string, string]> = new Map([
  ['CreateKey', ['registry-create-key', 'creation']],
  ['DeleteKey', ['registry-delete-key', 'deletion']],
  ['CreateValue', ['registry-create-value', 'creation']],
  ['DeleteValue', ['registry-delete-value', 'deletion']],
  ['SetValue', ['registry-set-value', 'change']],
  ['RenameKey', ['registry-rename-key', 'change']],
]);

const DEFAULTS: ReadonlyMap<number, [string, string]> = new Map([
  [12, ['registry-create-key', 'creation']],
  [13, ['registry-set-value', 'change']],
  [14, ['registry-rename-key', 'change']],
]);

/** The value name: the last `\`-separated segment (value names may contain `/`). */
function valueName(path: string | undefined): string | undefined {
  return path === undefined ? undefined : str(path.slice(path.lastIndexOf('\\') + 1));
}

/** 12/13/14: `TargetObject` is the key or value path; for values its last segment is the value name. */
const registryEvent: Mapper = (data, record) => {
  const path = field(data, 'TargetObject');
  const operation = field(data, 'EventType');
  const [action, type] = OPERATIONS.get(operation ?? '') ?? DEFAULTS.get(record.eventId) ?? ['registry-change', 'change'];
  const isValue = operation === 'SetValue' || operation === 'DeleteValue' || operation === 'CreateValue' || record.eventId === 13;
  return {
    event: { category: ['registry'], type: [type], action },
    user: sysmonUser(data),
    process: sysmonProcess(data),
    registry: { path, value: isValue ? valueName(path) : undefined, data: field(data, 'Details') },
    rule: sysmonRule(data),
    labels: labelsFrom(data, { new_name: 'NewName' }),
  };
};

export const SYSMON_REGISTRY_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [12, registryEvent],
  [13, registryEvent],
  [14, registryEvent],
];
