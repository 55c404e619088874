import { isObject } from '../../format.ts';
import { mapRecord } from '../aliases.ts';
import type { Decoded } from './types.ts';

/**
 * A message that is one JSON object (Node's pino and hapi, OpenSearch Dashboards, Go services and containers
 * logging JSON to syslog or journald): read through the generic JSON alias table, as the same record in a file of
 * its own would be. The header keeps the line's time, host and program; the record's own message, if it has one,
 * becomes the event's message. The user's field mapping (`--mapping`) applies as it does to JSON files.
 */
export function jsonMessage(message: string, mapping?: Readonly<Record<string, string>>): Decoded | undefined {
  if (message.charCodeAt(0) !== 123 || message.charCodeAt(message.length - 1) !== 125) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const draft = mapRecord(value, { dataset: 'syslog', mapping });
  return { fields: draft.fields, dataset: draft.dataset === 'syslog' ? undefined : draft.dataset };
}
