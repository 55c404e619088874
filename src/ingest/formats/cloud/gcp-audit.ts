import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, int, ipOrDomain } from '../../values.ts';
import { apiCallType, at, defineCloudFormat, firstText, type Json, matching, recordLabels, text } from './record.ts';

/**
 * Google Cloud audit logs (Cloud Logging `LogEntry`s whose `protoPayload` is an `AuditLog`: admin activity, data
 * access, system event and policy denied logs), as exported to JSON, and the Google Workspace logs Cloud Logging
 * carries the same way. Who (`authenticationInfo.principalEmail`), from where (`requestMetadata`), what
 * (`serviceName`, `methodName`, `resourceName`) and the status. Every leaf is a label.
 */

const SKIP_LABELS = new Set(['timestamp']);
const AUDIT_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

function isGcpAudit(record: Json): boolean {
  const payload = record.protoPayload;
  if (!isObject(payload)) return false;
  return payload['@type'] === AUDIT_TYPE || (typeof record.logName === 'string' && record.logName.includes('cloudaudit.googleapis.com'));
}

/** `google.iam.admin.v1.CreateServiceAccountKey` → CreateServiceAccountKey, `v1.compute.instances.insert` → Insert. */
function verbOf(method: string | undefined): string | undefined {
  const last = method?.slice(method.lastIndexOf('.') + 1);
  return last === undefined || last === '' ? undefined : last[0]!.toUpperCase() + last.slice(1);
}

function eventOf(record: Json, service: string | undefined, method: string | undefined): EventFields['event'] {
  const code = int(at(record, 'protoPayload.status.code'));
  const failed = code !== undefined && code !== 0;
  const type = apiCallType(verbOf(method));
  const iam = service === 'iam.googleapis.com' || /SetIamPolicy|ServiceAccount/.test(method ?? '');
  const logName = text(record, 'logName') ?? '';
  const login = service === 'login.googleapis.com';
  return {
    provider: service,
    action: method,
    outcome: failed || logName.includes('policy') || (login && /Failure$/i.test(method ?? '')) ? 'failure' : 'success',
    reason: failed ? text(record, 'protoPayload.status.message') : undefined,
    category: login ? ['authentication'] : iam ? ['iam'] : logName.includes('activity') ? ['configuration'] : undefined,
    type: login ? ['start'] : type,
  };
}

function read(value: Json): Draft {
  const service = text(value, 'protoPayload.serviceName');
  const method = text(value, 'protoPayload.methodName');
  const project = text(value, 'resource.labels.project_id') ?? /^projects\/([^/]+)\//.exec(text(value, 'logName') ?? '')?.[1];
  const fields: EventFields = {
    event: eventOf(value, service, method),
    source: ipOrDomain(text(value, 'protoPayload.requestMetadata.callerIp')),
    user: { name: firstText(value, ['protoPayload.authenticationInfo.principalEmail', 'protoPayload.authenticationInfo.principalSubject']) },
    user_agent: { original: text(value, 'protoPayload.requestMetadata.callerSuppliedUserAgent') },
    cloud: {
      provider: 'gcp',
      region: firstText(value, ['resource.labels.location', 'resource.labels.zone', 'resource.labels.region']),
      account: { id: project },
      service: { name: service?.replace(/\.googleapis\.com$/, '') },
    },
    labels: recordLabels(value, SKIP_LABELS),
  };
  return { time: firstText(value, ['timestamp', 'receiveTimestamp']), dataset: 'gcp.audit', fields: compact(fields) };
}

export const gcpAuditFormat = defineCloudFormat({
  id: 'gcp-audit',
  title: 'Google Cloud audit logs',
  description: 'Google Cloud audit log entries (protoPayload AuditLog) exported as JSON, Google Workspace logs carried the same way',
  select: matching(isGcpAudit),
  read,
  logsources: [{ product: 'gcp', service: 'gcp.audit' }, { product: 'gcp', service: 'google_workspace.login' }, { product: 'gcp', service: 'google_workspace.admin' }],
});
