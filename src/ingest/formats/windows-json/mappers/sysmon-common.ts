import type { EventFields } from '../../../../schema/event.ts';
import { field, image, pid, splitAccount } from './helpers.ts';
import type { Data } from './types.ts';

type Process = NonNullable<EventFields['process']>;

/** The acting process of most Sysmon events (`Image`, `ProcessId`, `ProcessGuid`). */
export function sysmonProcess(data: Data): Process {
  const path = field(data, 'Image');
  return {
    ...image(path === '<unknown process>' ? undefined : path),
    pid: pid(data, 'ProcessId'),
    entity_id: field(data, 'ProcessGuid'),
  };
}

/** The source process of events 8 and 10 (`SourceProcessGuid` in 8, `SourceProcessGUID` in 10). */
export function sourceProcess(data: Data): Process {
  return {
    ...image(field(data, 'SourceImage')),
    pid: pid(data, 'SourceProcessId'),
    entity_id: field(data, 'SourceProcessGuid') ?? field(data, 'SourceProcessGUID'),
  };
}

/** Sysmon's `User` (`DOMAIN\name`). */
export function sysmonUser(data: Data, key = 'User'): { name?: string; domain?: string } {
  return splitAccount(field(data, key));
}

/** `RuleName` of the Sysmon configuration rule that matched (`-` when none). */
export function sysmonRule(data: Data): { name?: string } | undefined {
  const name = field(data, 'RuleName');
  return name === undefined ? undefined : { name };
}
