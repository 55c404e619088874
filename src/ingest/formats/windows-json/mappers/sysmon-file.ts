import type { EventFields } from '../../../../schema/event.ts';
import { baseName } from '../../../values.ts';
import { field, hashLabels, labelsFrom } from './helpers.ts';
import { sysmonProcess, sysmonRule, sysmonUser } from './sysmon-common.ts';
import type { Data, Mapper } from './types.ts';

function targetFile(data: Data): EventFields['file'] {
  const path = field(data, 'TargetFilename');
  return path === undefined ? undefined : { path, name: baseName(path) };
}

/** Sysmon file events: the acting process, the target file, file hashes and extra fields as labels. */
function fileMapper(action: string, type: string, extra: Readonly<Record<string, string>> = {}): Mapper {
  return (data) => ({
    event: { category: ['file'], type: [type], action },
    user: sysmonUser(data),
    process: sysmonProcess(data),
    file: targetFile(data),
    rule: sysmonRule(data),
    labels: { ...labelsFrom(data, extra), ...hashLabels(field(data, 'Hashes') ?? field(data, 'Hash')) },
  });
}

/** 9: raw disk read (`Device`), the NTDS.dit / SAM theft tell. */
const rawAccessRead: Mapper = (data) => ({
  event: { category: ['file'], type: ['access'], action: 'raw-access-read' },
  user: sysmonUser(data),
  process: sysmonProcess(data),
  rule: sysmonRule(data),
  labels: labelsFrom(data, { device: 'Device' }),
});

export const SYSMON_FILE_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [2, fileMapper('file-creation-time-changed', 'change', { creation_time: 'CreationUtcTime', previous_creation_time: 'PreviousCreationUtcTime' })],
  [9, rawAccessRead],
  [11, fileMapper('file-create', 'creation', { creation_time: 'CreationUtcTime' })],
  [15, fileMapper('file-stream-create', 'creation', { contents: 'Contents' })],
  [23, fileMapper('file-delete', 'deletion', { is_executable: 'IsExecutable', archived: 'Archived' })],
  [26, fileMapper('file-delete-detected', 'deletion', { is_executable: 'IsExecutable' })],
  [27, fileMapper('file-block-executable', 'denied')],
  [28, fileMapper('file-block-shredding', 'denied')],
  [29, fileMapper('file-executable-detected', 'creation')],
];
