import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, ip } from '../../values.ts';
import { defineCloudFormat, type Json, recordLabels, text } from './record.ts';

/**
 * Cisco Duo's authentication log (the Admin API's v2 records, as exported or pulled: `event_type`, `result`, `reason`,
 * `factor`, `user`, `access_device`, `auth_device`, `application`; v1's flat `username`/`ip`/`integration` too). Each
 * record is a second-factor login: action `mfa` (not `login`, so the password brute-force correlations do not count a
 * user's push prompts), the outcome from `result` (success; denied, failure, fraud, error), Duo's `reason`
 * (`user_marked_fraud`, `no_response`, `bypass_user` …) as the reason, the user, the access device's address as the
 * source and the application as the service. SigmaHQ's Duo rules (`product: cisco, service: duo`) read the record's own
 * fields. Every leaf is a label.
 */

const RESULTS: ReadonlyMap<string, 'success' | 'failure'> = new Map([
  ['success', 'success'], ['denied', 'failure'], ['failure', 'failure'], ['fraud', 'failure'], ['error', 'failure'],
]);

function isDuoAuthentication(record: Json): boolean {
  const result = text(record, 'result')?.toLowerCase();
  if (result === undefined || !RESULTS.has(result) || text(record, 'factor') === undefined) return false;
  if (text(record, 'event_type') === 'authentication') return isObject(record.user) || isObject(record.access_device) || text(record, 'txid') !== undefined;
  // v1: flat, with the integration's name.
  return text(record, 'username') !== undefined && text(record, 'integration') !== undefined && typeof record.timestamp === 'number';
}

function read(record: Json): Draft {
  const result = text(record, 'result')!.toLowerCase();
  const outcome = RESULTS.get(result);
  const reason = text(record, 'reason');
  const fields: EventFields = {
    event: {
      provider: 'duo',
      category: ['authentication'],
      type: ['start'],
      action: 'mfa',
      outcome,
      reason: outcome === 'failure' ? (reason ?? result) : reason,
    },
    user: { name: text(record, 'user.name') ?? text(record, 'username') },
    source: { ip: ip(text(record, 'access_device.ip') ?? text(record, 'ip')), domain: text(record, 'access_device.hostname') },
    service: { name: text(record, 'application.name') ?? text(record, 'integration') },
    labels: recordLabels(record, new Set()),
  };
  const epoch = record.timestamp;
  const time = text(record, 'isotimestamp') ?? (typeof epoch === 'number' && Number.isFinite(epoch) ? epoch : undefined);
  return { ...(time === undefined ? {} : { time }), dataset: 'duo.authentication', fields: compact(fields) };
}

export const duoFormat = defineCloudFormat({
  id: 'duo',
  title: 'Cisco Duo authentication log',
  description: "Cisco Duo's authentication log (Admin API v1 and v2 records, JSON): second-factor logins approved, denied or marked as fraud, by user, device and application",
  select: (record) => (isDuoAuthentication(record) ? record : undefined),
  read,
  logsources: [{ product: 'cisco', service: 'duo' }, { category: 'authentication' }],
});
