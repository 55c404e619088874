import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, ip, str } from '../../values.ts';
import { isAzureFlowRecord } from './flows.ts';
import { at, defineCloudFormat, type Json, outcomeOf, recordLabels } from './record.ts';

/**
 * Microsoft Azure and Entra ID logs in the three shapes they leave Azure in:
 * - diagnostic settings (Event Hub, storage account, often in a `{"records":[…]}` envelope): `time`, `category`
 *   (`SignInLogs`, `AuditLogs`, `Administrative`…), `operationName`, `resultType`, `callerIpAddress`, and the
 *   log's own fields under `properties`;
 * - the activity log as the REST API and the portal export it: `eventTimestamp`, localisable `{value,
 *   localizedValue}` names, `caller`, `httpRequest.clientIpAddress`;
 * - Log Analytics / Sentinel table rows: `TimeGenerated`, `Type` (`SigninLogs`, `AuditLogs`, `AzureActivity`…)
 *   and the table's columns;
 * - Microsoft Graph's sign-ins and directory audits (the API's `value` items, the Entra portal's JSON downloads):
 *   `createdDateTime`, `userPrincipalName`, `status.errorCode` / `activityDateTime`, `activityDisplayName`.
 * Each record's log (sign-in, audit, activity, risk detection) is its dataset. Every leaf is a label.
 */

type Log = 'signinlogs' | 'auditlogs' | 'activitylogs' | 'riskdetection';

const SIGN_IN = /^(?:SignInLogs|NonInteractiveUserSignInLogs|ServicePrincipalSignInLogs|ManagedIdentitySignInLogs|ADFSSignInLogs|SigninLogs|AADNonInteractiveUserSignInLogs|AADServicePrincipalSignInLogs|AADManagedIdentitySignInLogs)$/i;
const AUDIT = /^AuditLogs$/i;
const ACTIVITY = /^(?:Administrative|Security|Policy|ServiceHealth|Alert|Recommendation|Autoscale|ResourceHealth|AzureActivity)$/i;
const RISK = /^(?:UserRiskEvents|RiskyUsers|ServicePrincipalRiskEvents|RiskyServicePrincipals|AADUserRiskEvents|AADRiskyUsers|AADServicePrincipalRiskEvents|AADRiskyServicePrincipals)$/i;
const IAM_AUDIT = /^(?:UserManagement|GroupManagement|RoleManagement|ApplicationManagement|DirectoryManagement|Authentication|Device|DeviceManagement|EntitlementManagement|PolicyManagement)$/i;
const SKIP_LABELS = new Set(['time', 'TimeGenerated', 'eventTimestamp']);

/** A localisable name (`{"value":…,"localizedValue":…}`) or a plain text. */
function name(record: Json, path: string): string | undefined {
  const found = at(record, path);
  return isObject(found) ? str(found.value) : str(found);
}

/** Which Azure log a record is from, or undefined when it is not an Azure log record. */
function azureLog(record: Json): Log | 'other' | undefined {
  const table = str(record.Type);
  if (record.TimeGenerated !== undefined && table !== undefined) {
    if (SIGN_IN.test(table)) return 'signinlogs';
    if (AUDIT.test(table)) return 'auditlogs';
    if (ACTIVITY.test(table)) return 'activitylogs';
    if (RISK.test(table)) return 'riskdetection';
    return undefined;
  }
  // Microsoft Graph's objects (the API, and the Entra portal's JSON downloads): sign-ins and directory audits.
  if (record.createdDateTime !== undefined && (record.userPrincipalName !== undefined || record.servicePrincipalId !== undefined) && (isObject(record.status) || record.appDisplayName !== undefined)) return 'signinlogs';
  if (record.activityDateTime !== undefined && record.activityDisplayName !== undefined && record.initiatedBy !== undefined) return 'auditlogs';
  const category = name(record, 'category');
  const timed = record.time !== undefined || record.eventTimestamp !== undefined;
  const anchored = record.resourceId !== undefined || record.tenantId !== undefined || record.subscriptionId !== undefined || record.correlationId !== undefined;
  // Defender XDR's streaming API (defender-xdr.ts) and Network Watcher's flow logs (flows.ts) use this shape too.
  if (category === undefined || !timed || !anchored || record.operationName === undefined || category.startsWith('AdvancedHunting-') || isAzureFlowRecord(record)) return undefined;
  if (SIGN_IN.test(category)) return 'signinlogs';
  if (AUDIT.test(category)) return 'auditlogs';
  if (ACTIVITY.test(category)) return 'activitylogs';
  if (RISK.test(category)) return 'riskdetection';
  return 'other';
}

/** A field of the log, wherever the shape keeps it: at the top (any case) or under `properties`. */
function field(record: Json, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const found = name(record, path) ?? name(record, `properties.${path}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Sign-in error codes Entra ID reports as "interrupted", not failed: the user is asked for more (MFA, consent, a
 * password change, "stay signed in?") and usually completes the sign-in next. They are neither success nor failure.
 */
const INTERRUPTS = new Set(['50055', '50072', '50074', '50076', '50079', '50097', '50125', '50129', '50140', '50158', '81010', '81012', '16000', '16001', '16003', '65001']);

function signInOutcome(record: Json): EventFields['event'] {
  const code = field(record, 'resultType', 'ResultType', 'status.errorCode', 'Status.errorCode');
  const outcome = code === undefined ? undefined : code === '0' ? 'success' : INTERRUPTS.has(code) ? 'unknown' : 'failure';
  return {
    category: ['authentication'],
    type: ['start'],
    outcome,
    reason: outcome === 'failure' || outcome === 'unknown' ? field(record, 'resultDescription', 'ResultDescription', 'status.failureReason', 'Status.failureReason') : undefined,
  };
}

function auditOutcome(record: Json): EventFields['event'] {
  const result = field(record, 'result', 'Result');
  // A Graph directory audit's `category` is the audit's; a diagnostic-settings record's names the log.
  const category = field(record, 'properties.category') ?? field(record, 'Category') ?? (record.activityDateTime === undefined ? undefined : field(record, 'category'));
  return {
    category: category !== undefined && IAM_AUDIT.test(category) ? ['iam'] : ['configuration'],
    outcome: outcomeOf(result),
    reason: field(record, 'resultReason', 'ResultReason'),
  };
}

function activityOutcome(record: Json): EventFields['event'] {
  const status = field(record, 'status', 'resultType', 'ActivityStatusValue', 'ActivityStatus');
  const outcome = status === undefined ? undefined : /^(?:Success|Succeeded)$/i.test(status) ? 'success' : /^(?:Failure|Failed)$/i.test(status) ? 'failure' : undefined;
  return { category: ['configuration'], outcome, reason: outcome === 'failure' ? field(record, 'resultDescription', 'subStatus') : undefined };
}

function eventOf(record: Json, log: Log | 'other'): EventFields['event'] {
  // Graph's sign-ins name no operation: the one diagnostic settings give theirs.
  const action = field(record, 'operationName', 'OperationName', 'OperationNameValue', 'activityDisplayName') ?? (log === 'signinlogs' ? 'Sign-in activity' : undefined);
  // Activity records name their resource provider (or their operation starts with it); Entra ID's logs are its own.
  const provider = log === 'activitylogs' || log === 'other'
    ? (field(record, 'resourceProviderName', 'ResourceProviderValue', 'ResourceProvider')
      ?? (action?.includes('/') === true ? action.slice(0, action.indexOf('/')) : undefined)
      ?? /\/providers\/([^/]+)/i.exec(field(record, 'resourceId', 'ResourceId') ?? '')?.[1])
    : 'entra-id';
  const common = { provider, action };
  if (log === 'signinlogs') return { ...common, ...signInOutcome(record) };
  if (log === 'auditlogs') return { ...common, ...auditOutcome(record) };
  if (log === 'activitylogs') return { ...common, ...activityOutcome(record) };
  if (log === 'riskdetection') return { ...common, action: field(record, 'riskEventType') ?? action, category: ['intrusion_detection'], type: ['indicator'] };
  return common;
}

function userOf(record: Json, log: Log | 'other'): EventFields['user'] {
  if (log === 'auditlogs') {
    return {
      name: field(record, 'initiatedBy.user.userPrincipalName', 'InitiatedBy.user.userPrincipalName', 'initiatedBy.app.displayName', 'InitiatedBy.app.displayName'),
      target: { name: targetOf(record) },
    };
  }
  if (log === 'activitylogs') {
    return { name: field(record, 'caller', 'Caller') ?? upnClaim(record) };
  }
  return { name: field(record, 'userPrincipalName', 'UserPrincipalName', 'identity', 'Identity', 'servicePrincipalName', 'ServicePrincipalName'), id: field(record, 'userId', 'UserId') };
}

/** The user principal name among an activity record's identity claims (the claim's key holds dots). */
function upnClaim(record: Json): string | undefined {
  const claims = at(record, 'identity.claims');
  if (!isObject(claims)) return undefined;
  for (const key of Object.keys(claims)) if (key.endsWith('/upn') || key === 'upn') return str(claims[key]);
  return undefined;
}

/** The user principal name of the first target resource that has one (a role's member comes after the role). */
function targetOf(record: Json): string | undefined {
  for (const path of ['properties.targetResources', 'TargetResources', 'targetResources']) {
    const list = at(record, path);
    if (!Array.isArray(list)) continue;
    for (const target of list as unknown[]) {
      const upn = isObject(target) ? str(target.userPrincipalName) : undefined;
      if (upn !== undefined) return upn;
    }
  }
  return undefined;
}

/** An Azure record with its log, or undefined. */
function azureSelect(value: Json): { value: Json; log: Log | 'other' } | undefined {
  const log = azureLog(value);
  return log === undefined ? undefined : { value, log };
}

function read({ value, log }: { value: Json; log: Log | 'other' }): Draft {
  const subscription = field(value, 'subscriptionId', 'SubscriptionId') ?? /\/subscriptions\/([^/]+)/i.exec(field(value, 'resourceId', 'ResourceId') ?? '')?.[1];
  const fields: EventFields = {
    event: eventOf(value, log),
    source: { ip: ip(field(value, 'callerIpAddress', 'ipAddress', 'IPAddress', 'CallerIpAddress', 'httpRequest.clientIpAddress', 'initiatedBy.user.ipAddress', 'InitiatedBy.user.ipAddress')) },
    user: userOf(value, log),
    user_agent: { original: field(value, 'userAgent', 'UserAgent') },
    cloud: { provider: 'azure', account: { id: subscription ?? field(value, 'tenantId', 'TenantId', 'AADTenantId') } },
    labels: recordLabels(value, SKIP_LABELS),
  };
  const category = name(value, 'category') ?? str(value.Type) ?? 'other';
  const dataset = log === 'other' ? `azure.${category.toLowerCase()}` : `azure.${log}`;
  const time = field(value, 'time', 'eventTimestamp', 'TimeGenerated', 'createdDateTime', 'activityDateTime');
  return { time, dataset, fields: compact(fields) };
}

export const azureFormat = defineCloudFormat({
  id: 'azure',
  title: 'Azure and Entra ID logs',
  description: 'Azure activity log, Entra ID sign-in, audit and risk logs (JSON): diagnostic settings exports, the activity log API, Log Analytics rows',
  select: azureSelect,
  read,
  logsources: ['signinlogs', 'auditlogs', 'activitylogs', 'riskdetection'].map((service) => ({ product: 'azure', service })),
});
