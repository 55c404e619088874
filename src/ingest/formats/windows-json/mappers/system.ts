import { field, image, labelsFrom, splitAccount } from './helpers.ts';
import { logCleared } from './security-config.ts';
import type { Mapper } from './types.ts';

/** System 7045 (Service Control Manager): a service was installed; `AccountName` is the service account. */
const serviceInstalled: Mapper = (data) => ({
  event: { category: ['configuration'], type: ['creation'], action: 'service-installed', outcome: 'success' },
  service: { name: field(data, 'ServiceName') },
  labels: labelsFrom(data, {
    service_file_name: 'ImagePath',
    service_type: 'ServiceType',
    service_start_type: 'StartType',
    service_account: 'AccountName',
  }),
});

/** 7036: a service entered a state (`param1` the service's display name, `param2` the state: stopped, running …). */
const serviceState: Mapper = (data) => ({
  event: { category: ['configuration'], type: ['change'], action: 'service-state-changed', outcome: 'success' },
  service: { name: field(data, 'param1') },
  labels: labelsFrom(data, { service_state: 'param2' }),
});

/** 7040: a service's start type changed (`param2` from, `param3` to; `param4` the service's key name). */
const serviceStartType: Mapper = (data) => ({
  event: { category: ['configuration'], type: ['change'], action: 'service-start-type-changed', outcome: 'success' },
  service: { name: field(data, 'param1') },
  labels: labelsFrom(data, { old_start_type: 'param2', new_start_type: 'param3', service_key: 'param4' }),
});

/** 7034: a service ended unexpectedly (`param2` times so far). */
const serviceCrashed: Mapper = (data) => ({
  event: { category: ['configuration'], type: ['end'], action: 'service-crashed', outcome: 'failure' },
  service: { name: field(data, 'param1') },
  labels: labelsFrom(data, { crash_count: 'param2' }),
});

/** `C:\Windows\system32\shutdown.exe (WS01)`: the process, without the computer User32 1074 adds. */
function shutdownProcess(value: string | undefined): { executable?: string; name?: string } | undefined {
  const path = value?.replace(/\s*\([^()]*\)$/, '').trim();
  return path === undefined || path === '' ? undefined : image(path);
}

/** User32 1074: a process shut the computer down or restarted it for a user, with the reason and comment. */
const shutdownInitiated: Mapper = (data) => ({
  event: { category: ['host'], type: ['end'], action: 'shutdown-initiated', outcome: 'success' },
  user: splitAccount(field(data, 'param7')),
  process: shutdownProcess(field(data, 'param1')),
  labels: labelsFrom(data, { shutdown_reason: 'param3', shutdown_reason_code: 'param4', shutdown_type: 'param5', shutdown_comment: 'param6' }),
});

/** EventLog 6005/6006/6008: the log service started (the machine booted), stopped (a clean shutdown), or found the last shutdown unexpected. */
function hostState(action: string, type: string, outcome: 'success' | 'failure'): Mapper {
  return () => ({ event: { category: ['host'], type: [type], action, outcome } });
}

export const SYSTEM_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [104, logCleared],
  [7045, serviceInstalled],
  [7036, serviceState],
  [7040, serviceStartType],
  [7034, serviceCrashed],
  [1074, shutdownInitiated],
  [6005, hostState('event-log-started', 'start', 'success')],
  [6006, hostState('event-log-stopped', 'end', 'success')],
  [6008, hostState('unexpected-shutdown', 'end', 'failure')],
];
