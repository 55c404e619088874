import { isObject } from '../../../format.ts';
import { addScalars, auditOutcome, eventIdOf, text, type WinRecord } from '../record.ts';

/** Winlogbeat 7+/ECS: everything Windows-specific under `winlog`. */
export function isWinlogbeatEcs(value: Record<string, unknown>): boolean {
  const winlog = value['winlog'];
  return isObject(winlog) && (winlog['event_id'] !== undefined || winlog['channel'] !== undefined);
}

/** Winlogbeat 6: `event_id`, `log_name`, `source_name`, `computer_name`, `event_data` at the top level. */
export function isWinlogbeat6(value: Record<string, unknown>): boolean {
  return (
    value['event_id'] !== undefined &&
    (value['log_name'] !== undefined || value['source_name'] !== undefined) &&
    (value['computer_name'] !== undefined || value['event_data'] !== undefined || value['record_number'] !== undefined)
  );
}

function hostName(host: unknown): string | undefined {
  return isObject(host) ? text(host['name'] ?? host['hostname']) : text(host);
}

function ecsOutcome(value: unknown): 'success' | 'failure' | undefined {
  return value === 'success' || value === 'failure' ? value : undefined;
}

function eventData(eventDataValue: unknown, userData: unknown): Record<string, string> {
  const data: Record<string, string> = {};
  if (isObject(eventDataValue)) addScalars(data, eventDataValue);
  if (isObject(userData)) addScalars(data, userData, true);
  return data;
}

export function readWinlogbeatEcs(value: Record<string, unknown>): WinRecord | undefined {
  const winlog = value['winlog'];
  if (!isObject(winlog)) return undefined;
  const event = isObject(value['event']) ? value['event'] : {};
  const eventId = eventIdOf(winlog['event_id'] ?? event['code']);
  if (eventId === undefined) return undefined;
  const user = winlog['user'];
  return {
    eventId,
    channel: text(winlog['channel']),
    provider: text(winlog['provider_name'] ?? event['provider']),
    computer: text(winlog['computer_name']),
    shipperHost: hostName(value['host']),
    recordId: text(winlog['record_id']),
    time: text(value['@timestamp']),
    message: text(value['message']),
    data: eventData(winlog['event_data'], winlog['user_data']),
    audit: auditOutcome(winlog['keywords']) ?? ecsOutcome(event['outcome']),
    systemUserId: isObject(user) ? text(user['identifier']) : undefined,
  };
}

export function readWinlogbeat6(value: Record<string, unknown>): WinRecord | undefined {
  const eventId = eventIdOf(value['event_id']);
  if (eventId === undefined) return undefined;
  const user = value['user'];
  return {
    eventId,
    channel: text(value['log_name']),
    provider: text(value['source_name']),
    computer: text(value['computer_name']),
    shipperHost: hostName(value['host']) ?? (isObject(value['beat']) ? text(value['beat']['hostname']) : undefined),
    recordId: text(value['record_number']),
    time: text(value['@timestamp']),
    message: text(value['message']),
    data: eventData(value['event_data'], value['user_data']),
    audit: auditOutcome(value['keywords']),
    systemUserId: isObject(user) ? text(user['identifier']) : undefined,
  };
}
