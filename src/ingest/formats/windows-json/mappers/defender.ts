import type { EventFields } from '../../../../schema/event.ts';
import { field, image, labelsFrom, splitAccount } from './helpers.ts';
import type { Data, Mapper } from './types.ts';

/**
 * Microsoft Defender Antivirus's operational log (`Microsoft-Windows-Windows Defender/Operational`): detections
 * (1006/1015/1116), the action taken (1007/1117) or failed (1008/1118/1119), attack surface reduction blocks and
 * audits (1121/1122), and protection turned off or changed (5001 real-time protection, 5010/5012 scanning, 5007 a
 * setting, 5013 tamper protection blocked a change). The threat is the event's `rule` (name, id, category, as IDS
 * signatures are), the user who ran it and the process that touched it are the event's, the first file of `Path`
 * (`file:_C:\…;webfile:_…|https://…`) is `file.path`; every value stays in EventData for Sigma's antivirus rules.
 */

type EventBlock = NonNullable<EventFields['event']>;

/** The first `file:_`, `containerfile:_` or `webfile:_` path of Defender's `Path` list (a web file's URL after `|` left out). */
function firstPath(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  for (const part of value.split(';')) {
    const m = /^\s*(?:file|containerfile|webfile|process|behavior)?:?_(.+)$/i.exec(part);
    const path = (m?.[1] ?? part).split('|')[0]!.trim();
    if (path !== '' && /^(?:[A-Za-z]:\\|\\\\)/.test(path)) return path;
  }
  return undefined;
}

/** `Unknown` and empty names are none. */
function known(value: string | undefined): string | undefined {
  return value === undefined || /^unknown$/i.test(value) ? undefined : value;
}

function detection(event: EventBlock): Mapper {
  return (data: Data) => {
    const path = firstPath(field(data, 'Path'));
    const processPath = known(field(data, 'Process Name'));
    return {
      event: { ...event, category: ['malware'], type: [...(event.type ?? [])] },
      rule: { name: field(data, 'Threat Name'), id: field(data, 'Threat ID'), category: field(data, 'Category Name') },
      user: splitAccount(known(field(data, 'Detection User'))),
      process: processPath === undefined ? undefined : image(processPath),
      file: path === undefined ? undefined : { path },
      labels: labelsFrom(data, {
        severity: 'Severity Name',
        defender_action: 'Action Name',
        detection_source: 'Source Name',
        detection_path: 'Path',
        origin: 'Origin Name',
        status: 'Status Description',
        error: 'Error Description',
      }),
    };
  };
}

/** 1121/1122: an attack surface reduction rule (its GUID `ID`) blocked or audited a process opening a path. */
function surfaceReduction(action: string, outcome: 'success' | 'failure'): Mapper {
  return (data) => {
    const processPath = known(field(data, 'Process Name'));
    const path = field(data, 'Path');
    return {
      event: { category: ['intrusion_detection'], type: ['denied'], action, outcome },
      rule: { id: field(data, 'ID') },
      user: splitAccount(known(field(data, 'User'))),
      process: processPath === undefined ? undefined : image(processPath),
      file: path === undefined ? undefined : { path },
    };
  };
}

/** 5001/5010/5012/5007/5013: protection off, or a setting changed (old and new value). */
function protection(action: string, type: string): Mapper {
  return (data) => ({
    event: { category: ['configuration'], type: [type], action, outcome: 'success' },
    labels: labelsFrom(data, { old_value: 'Old Value', new_value: 'New Value', feature: 'Feature Name', reason: 'Reason' }),
  });
}

const DETECTED = detection({ type: ['info'], action: 'malware-detected' });
const ACTED = detection({ type: ['info'], action: 'malware-action-taken', outcome: 'success' });
const FAILED = detection({ type: ['info'], action: 'malware-action-failed', outcome: 'failure' });

export const DEFENDER_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [1006, DETECTED],
  [1015, DETECTED],
  [1116, DETECTED],
  [1007, ACTED],
  [1117, ACTED],
  [1008, FAILED],
  [1118, FAILED],
  [1119, FAILED],
  [1121, surfaceReduction('asr-blocked', 'success')],
  [1122, surfaceReduction('asr-audited', 'success')],
  [5001, protection('realtime-protection-disabled', 'change')],
  [5010, protection('malware-scanning-disabled', 'change')],
  [5012, protection('virus-scanning-disabled', 'change')],
  [5007, protection('defender-setting-changed', 'change')],
  [5013, protection('tamper-protection-blocked', 'denied')],
];
