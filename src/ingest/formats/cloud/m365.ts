import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, ip, str } from '../../values.ts';
import { defineCloudFormat, firstText, type Json, matching, outcomeOf, recordLabels, text } from './record.ts';

/**
 * Microsoft 365 unified audit log records (the Office 365 Management Activity API, Purview audit search exports
 * as JSON): `CreationTime` (UTC, written without a zone), `Workload`, `Operation`, `UserId`, `ClientIP`,
 * `ResultStatus`, and each workload's own fields. Security & Compliance alerts (`AlertTriggered`) carry the alert's
 * `Name` and `Severity`. Every leaf is a label.
 */

const SKIP_LABELS = new Set(['CreationTime']);
const SEVERITIES: ReadonlyMap<string, number> = new Map([['high', 1], ['medium', 2], ['low', 3], ['informational', 3]]);

function isM365Audit(record: Json): boolean {
  return typeof record.CreationTime === 'string' && typeof record.Operation === 'string' && typeof record.Workload === 'string'
    && record.RecordType !== undefined && (record.Id !== undefined || record.OrganizationId !== undefined);
}

/** `ClientIP` as written: an address, `[v6]:port` or `v4:port`. */
function clientAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed !== null) return ip(bracketed[1]);
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return ip(v4 === null ? value : v4[1]);
}

function eventOf(record: Json, operation: string, workload: string): EventFields['event'] {
  const status = text(record, 'ResultStatus');
  // outcomeOf knows True/Succeeded/Success and False/Failed/Failure; a partial success is a success.
  const outcome = status?.toLowerCase() === 'partiallysucceeded' ? 'success' : outcomeOf(status);
  const common = { provider: workload, action: operation, outcome };
  if (operation === 'UserLoggedIn' || operation === 'UserLoginFailed') {
    return { ...common, outcome: operation === 'UserLoginFailed' ? 'failure' : (outcome ?? 'success'), category: ['authentication'], type: ['start'], reason: text(record, 'LogonError') };
  }
  if (workload === 'SecurityComplianceCenter' && /^Alert/.test(operation)) {
    return { ...common, category: ['intrusion_detection'], type: ['indicator'], severity: SEVERITIES.get((text(record, 'Severity') ?? '').toLowerCase()) };
  }
  if (workload === 'AzureActiveDirectory' && /user|group|role|member|password|strong authentication/i.test(operation)) return { ...common, category: ['iam'] };
  if (/^(?:New|Set|Remove|Enable|Disable|Add)-/.test(operation)) return { ...common, category: ['configuration'], type: ['change'] };
  return common;
}

/** The user agent: a field of its own, or an `ExtendedProperties` entry. */
function userAgent(record: Json): string | undefined {
  const own = text(record, 'UserAgent');
  if (own !== undefined) return own;
  const extended = record.ExtendedProperties;
  if (!Array.isArray(extended)) return undefined;
  for (const entry of extended as unknown[]) if (isObject(entry) && entry.Name === 'UserAgent') return str(entry.Value);
  return undefined;
}

function read(value: Json): Draft {
  const operation = text(value, 'Operation')!;
  const workload = text(value, 'Workload')!;
  const alert = workload === 'SecurityComplianceCenter' && /^Alert/.test(operation);
  const fields: EventFields = {
    event: eventOf(value, operation, workload),
    source: { ip: clientAddress(firstText(value, ['ClientIP', 'ClientIPAddress', 'ActorIpAddress'])) },
    user: { name: text(value, 'UserId'), id: text(value, 'UserKey') },
    user_agent: { original: userAgent(value) },
    rule: alert ? { name: text(value, 'Name'), id: text(value, 'AlertType'), category: text(value, 'Category') } : undefined,
    cloud: { provider: 'm365', account: { id: text(value, 'OrganizationId') }, service: { name: workload } },
    labels: recordLabels(value, SKIP_LABELS),
  };
  return { time: text(value, 'CreationTime'), timeIsUtc: true, dataset: `m365.${workload.toLowerCase()}`, fields: compact(fields) };
}

export const m365Format = defineCloudFormat({
  id: 'm365-audit',
  title: 'Microsoft 365 audit log',
  description: 'Microsoft 365 unified audit log records (Management Activity API, Purview exports): sign-ins, Exchange, SharePoint, Entra ID and compliance alerts',
  select: matching(isM365Audit),
  read,
  logsources: ['audit', 'exchange', 'threat_management', 'threat_detection'].map((service) => ({ product: 'm365', service })),
});
