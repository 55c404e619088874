import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { tempDirs } from '../helpers/temp.ts';
import { percent, sharedPath } from './shared-data.ts';
import { setPath, synthesize, type Place } from './sigma-synth.ts';

/**
 * SigmaHQ's rules for cloud audit products, on records in each provider's own shape: every rule loads, each
 * fires on a record built from its own detection (sigma-synth.ts) and read by our format for that provider, and
 * none fires on a routine record of the same log.
 */

const temp = tempDirs('sigmahq-cloud');

interface Product {
  name: string;
  /** Rule folders under the SigmaHQ checkout. */
  dirs: string[][];
  format: string;
  base: () => Record<string, unknown>;
  /** Where the provider's records hold the fields some rules name otherwise. */
  place?: Place;
  /** Rules that cannot fire on a record built this way, and why. */
  exceptions?: Readonly<Record<string, string>>;
}

const PRODUCTS: Product[] = [
  {
    name: 'aws',
    dirs: [['rules', 'cloud', 'aws']],
    format: 'aws-cloudtrail',
    base: () => ({
      eventVersion: '1.09', eventTime: '2026-11-23T09:00:00Z', awsRegion: 'eu-west-1', sourceIPAddress: '203.0.113.9', userAgent: 'aws-cli/2.15.0',
      userIdentity: { type: 'IAMUser', principalId: 'AIDA1', arn: 'arn:aws:iam::111122223333:user/carol', accountId: '111122223333', userName: 'carol' },
      eventSource: 'ec2.amazonaws.com', eventName: 'DescribeRegions', requestParameters: { regionSet: {} }, responseElements: null,
      eventID: 'e-1', readOnly: true, eventType: 'AwsApiCall', recipientAccountId: '111122223333',
    }),
  },
  {
    name: 'kubernetes',
    dirs: [['rules', 'application', 'kubernetes']],
    format: 'kubernetes-audit',
    base: () => ({
      kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'a-1', stage: 'ResponseComplete', requestURI: '/api/v1/namespaces/prod/configmaps/app',
      verb: 'get', user: { username: 'dev@example.com', groups: ['system:authenticated'] }, sourceIPs: ['198.51.100.23'], userAgent: 'kubectl/v1.29.0',
      objectRef: { resource: 'configmaps', namespace: 'prod', name: 'app', apiVersion: 'v1' }, responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: '2026-11-23T09:00:00.000000Z', stageTimestamp: '2026-11-23T09:00:00.002000Z',
    }),
  },
  {
    name: 'okta',
    dirs: [['rules', 'identity', 'okta']],
    format: 'okta',
    base: () => ({
      uuid: 'u-1', published: '2026-11-23T09:00:00.000Z', eventType: 'user.session.start', version: '0', severity: 'INFO', displayMessage: 'User login to Okta',
      actor: { id: '00u1', type: 'User', alternateId: 'alice@example.com', displayName: 'Alice' },
      client: { userAgent: { rawUserAgent: 'Mozilla/5.0' }, ipAddress: '203.0.113.77' }, outcome: { result: 'SUCCESS' }, target: [],
      debugContext: { debugData: { requestUri: '/api/v1/authn' } }, securityContext: { isProxy: false },
    }),
    exceptions: { 'Potential Okta Password in AlternateID Field': 'it fires on an alternateId that is not an e-mail address; the base actor has one' },
  },
  {
    name: 'gcp',
    dirs: [['rules', 'cloud', 'gcp']],
    format: 'gcp-audit',
    base: () => ({
      insertId: 'i-1', logName: 'projects/acme/logs/cloudaudit.googleapis.com%2Factivity', timestamp: '2026-11-23T09:00:00Z', severity: 'NOTICE',
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', status: {}, authenticationInfo: { principalEmail: 'ops@acme.example' },
        requestMetadata: { callerIp: '203.0.113.40', callerSuppliedUserAgent: 'gcloud' }, serviceName: 'storage.googleapis.com', methodName: 'storage.objects.get',
        resourceName: 'projects/_/buckets/b/objects/o',
      },
      resource: { type: 'gcs_bucket', labels: { project_id: 'acme' } },
    }),
    place: placeGcp,
  },
  {
    name: 'github',
    dirs: [['rules', 'application', 'github']],
    format: 'github-audit',
    base: () => ({ '@timestamp': 1795424400000, _document_id: 'd-1', action: 'repo.access', actor: 'octocat', actor_ip: '203.0.113.5', created_at: 1795424400000, org: 'acme', repo: 'acme/app' }),
  },
  {
    name: 'azure sign-in',
    dirs: [['rules', 'cloud', 'azure', 'signin_logs']],
    format: 'azure',
    base: () => azureRecord('SignInLogs', 'Sign-in activity', {
      userPrincipalName: 'alice@contoso.com', appDisplayName: 'Office 365', ipAddress: '203.0.113.5', status: { errorCode: 0 }, clientAppUsed: 'Browser', userAgent: 'Mozilla/5.0',
      deviceDetail: { deviceId: 'd-1', operatingSystem: 'Windows10', isCompliant: true, isManaged: true, trustType: 'Azure AD joined' }, conditionalAccessStatus: 'success',
      authenticationRequirement: 'multiFactorAuthentication', riskState: 'none', resourceDisplayName: 'Office 365 Exchange Online',
      networkLocationDetails: [{ networkType: 'trustedNamedLocation', networkNames: ['HQ'] }],
    }, { resultType: '0', identity: 'Alice' }),
    place: placeAzure,
    exceptions: { 'Device Registration or Join Without MFA': 'it fires on a sign-in without MFA; the routine sign-in has MFA' },
  },
  {
    name: 'azure audit',
    dirs: [['rules', 'cloud', 'azure', 'audit_logs']],
    format: 'azure',
    base: () => azureRecord('AuditLogs', 'Update user', {
      category: 'UserManagement', result: 'success', activityDisplayName: 'Update user', loggedByService: 'Core Directory', operationType: 'Update',
      initiatedBy: { user: { userPrincipalName: 'admin@contoso.com', ipAddress: '198.51.100.4' } },
      targetResources: [{ type: 'User', userPrincipalName: 'bob@contoso.com', modifiedProperties: [{ displayName: 'Department', oldValue: '["A"]', newValue: '["B"]' }] }],
    }),
    place: placeAzure,
    exceptions: { 'User State Changed From Guest To Member': 'its properties.message is both the operation and the changed properties; no record is both' },
  },
  {
    name: 'azure activity',
    dirs: [['rules', 'cloud', 'azure', 'activity_logs']],
    format: 'azure',
    base: () => azureRecord('Administrative', 'MICROSOFT.RESOURCES/SUBSCRIPTIONS/RESOURCEGROUPS/READ', { statusCode: 'OK' }, {
      resourceId: '/SUBSCRIPTIONS/0000-1111/RESOURCEGROUPS/RG-WEB', resultType: 'Success', resultSignature: 'Succeeded.OK', callerIpAddress: '198.51.100.4',
      identity: { claims: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': 'ops@contoso.com' } },
    }),
    place: placeAzure,
  },
  {
    name: 'azure identity protection',
    dirs: [['rules', 'cloud', 'azure', 'identity_protection']],
    format: 'azure',
    base: () => azureRecord('UserRiskEvents', 'User Risk Detection', { riskEventType: 'generic', riskLevel: 'low', riskState: 'atRisk', userPrincipalName: 'alice@contoso.com', ipAddress: '203.0.113.5', source: 'IdentityProtection' }),
    place: placeAzure,
  },
  {
    name: 'bitbucket',
    dirs: [['rules', 'application', 'bitbucket']],
    format: 'bitbucket-audit',
    base: () => ({
      affectedObjects: [{ id: '1', name: 'PROJ/app', type: 'REPOSITORY' }], author: { avatarUri: '', id: '2', name: 'dev', type: 'NORMAL' },
      auditType: { action: 'Repository viewed', actionI18nKey: 'x', area: 'LOCAL_CONFIG_AND_ADMINISTRATION', category: 'Repositories', categoryI18nKey: 'y', level: 'BASE' },
      changedValues: [], extraAttributes: [], method: 'Browser', node: 'bb-1', source: '203.0.113.12', system: 'https://bitbucket.example.com',
      timestamp: { epochSecond: 1795424400, nano: 0 }, version: '1.0',
    }),
  },
  {
    name: 'm365',
    dirs: [['rules', 'cloud', 'm365']],
    format: 'm365-audit',
    base: () => ({
      CreationTime: '2026-11-23T09:00:00', Id: 'm-1', Operation: 'MailboxLogin', OrganizationId: 'org-1', RecordType: 2, ResultStatus: 'Succeeded', UserKey: 'k-1',
      UserType: 0, Version: 1, Workload: 'Exchange', ClientIP: '203.0.113.90', UserId: 'alice@contoso.com',
    }),
    place: placeM365,
  },
];

/**
 * Where Microsoft 365 records hold what SigmaHQ's rules name after the Splunk add-on: `eventSource` is the
 * workload, `eventName` a compliance alert's name or else the operation (an alert's operation is AlertTriggered),
 * `status: success` a succeeded result.
 */
function placeM365(record: Record<string, unknown>, field: string, value: unknown): boolean {
  const lower = field.toLowerCase();
  if (lower === 'eventsource') record.Workload = value;
  else if (lower === 'eventname' && record.Workload === 'SecurityComplianceCenter') {
    record.Operation = 'AlertTriggered';
    record.Name = value;
  } else if (lower === 'eventname') record.Operation = value;
  else if (lower === 'status') record.ResultStatus = value === 'success' ? 'Succeeded' : value;
  else return false;
  return true;
}

/** An Azure record as diagnostic settings export it: the log's own fields under `properties`. */
function azureRecord(category: string, operation: string, properties: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    time: '2026-11-23T09:00:00.0000000Z', resourceId: '/tenants/t-1/providers/Microsoft.aadiam', operationName: operation, operationVersion: '1.0', category,
    tenantId: 't-1', resultSignature: 'None', durationMs: 0, callerIpAddress: '203.0.113.5', correlationId: 'c-1', Level: 4, ...top, properties,
  };
}

const AZURE_TOP = new Set(['time', 'resourceid', 'operationname', 'operationversion', 'category', 'tenantid', 'resulttype', 'resultsignature', 'resultdescription', 'durationms', 'calleripaddress', 'correlationid', 'identity', 'level', 'location']);

/**
 * Where diagnostic-settings records hold what SigmaHQ's Azure rules name after table columns: a sign-in's `Status`
 * is its error code (with the reason and details), an audit record's is its result and its `Category` the one under
 * `properties`; `properties.message` and `OperationNameValue` are the operation; `ResourceProviderValue` the
 * provider; the log's other fields are under `properties`.
 */
function placeAzure(record: Record<string, unknown>, field: string, value: unknown): boolean {
  const properties = record.properties as Record<string, unknown>;
  const lower = field.toLowerCase();
  const audit = record.category === 'AuditLogs';
  if (lower === 'status' && audit) properties.result = value;
  else if (lower === 'status') {
    const success = typeof value === 'string' && /^success$/i.test(value);
    properties.status = success ? { errorCode: 0 } : { errorCode: 500121, failureReason: 'Authentication failed', additionalDetails: value };
    record.resultType = success ? '0' : '500121';
  } else if (lower === 'category' && audit) properties.category = value;
  else if (lower === 'categoryvalue') record.category = value;
  else if (lower === 'properties.message') {
    record.operationName = value;
    properties.activityDisplayName = value;
  } else if (lower === 'operationnamevalue') record.operationName = value;
  else if (lower === 'resourceprovidervalue') record.resourceProviderName = { value, localizedValue: value };
  else if (AZURE_TOP.has(lower.split('.')[0]!) || lower.startsWith('properties.')) return false;
  else setPath(properties, field, value);
  return true;
}

/**
 * Where Cloud Logging's records hold what SigmaHQ's GCP rules name otherwise: Filebeat's `gcp.audit.method_name`
 * is the method, Workspace's `eventService` the service, `eventName` the first event's name, and a Workspace
 * admin event's settings (`setting_name`, `new_value`) are its parameters, by upper-case name.
 */
function placeGcp(record: Record<string, unknown>, field: string, value: unknown): boolean {
  const event = (): Record<string, unknown> => {
    const payload = record.protoPayload as Record<string, unknown>;
    const metadata = (payload.metadata ??= { event: [{}] }) as { event: Record<string, unknown>[] };
    return metadata.event[0]!;
  };
  const lower = field.toLowerCase();
  if (lower === 'gcp.audit.method_name') setPath(record, 'protoPayload.methodName', value);
  else if (lower === 'eventservice') setPath(record, 'protoPayload.serviceName', value);
  else if (lower === 'eventname' || lower === 'protopayload.metadata.event.eventname') event().eventName = value;
  else if (/^[a-z_]+$/.test(field) && field.includes('_')) ((event().parameter ??= []) as unknown[]).push({ name: field.toUpperCase(), value });
  else return false;
  return true;
}

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yml')).map((f) => join(dir, f));
}

for (const product of PRODUCTS) {
  test(`SigmaHQ ${product.name} rules load, fire on their own records and not on a routine one`, async (t) => {
    const roots = product.dirs.map((d) => sharedPath(t, 'sigma', ...d));
    if (roots.some((r) => r === undefined)) return;
    const files = roots.flatMap((r) => ruleFiles(r!));
    const set = loadRuleSet(files.map((path) => ({ path, origin: 'extra' as const })), defaultResolver);
    assert.deepEqual(set.problems.map((p) => `${p.status} ${p.reason}`), [], 'every rule loads and is active');
    const made = files.map((file) => synthesize(readFileSync(file, 'utf8'), product.base, product.place));
    const records = made.flatMap((m) => ('record' in m ? [m] : []));
    const log = join(temp.fresh(), `${product.name}.jsonl`);
    writeFileSync(log, `${[product.base(), ...records.map((m) => m.record)].map((r) => JSON.stringify(r)).join('\n')}\n`);
    const { events, errors, formats } = await collectEvents([log], { tz: 'UTC' });
    assert.deepEqual([errors, formats], [[], [product.format]]);
    const detector = createDetector(set, defaultResolver);
    const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
    const firedOn = new Map<string, Set<number>>();
    for (const alert of alerts) {
      for (const id of alert.event_ids) {
        const line = events.find((e) => e.id === id)?.log.line ?? 0;
        firedOn.set(alert.rule.id, (firedOn.get(alert.rule.id) ?? new Set()).add(line));
      }
    }
    const misses = records.filter((m, i) => firedOn.get(m.id)?.has(i + 2) !== true).map((m) => m.title);
    assert.deepEqual(misses.filter((title) => product.exceptions?.[title] !== undefined), Object.keys(product.exceptions ?? {}), 'each exception still misses (else drop it)');
    const onRoutine = [...firedOn].filter(([, lines]) => lines.has(1)).map(([id]) => id);
    const fired = records.length - misses.length;
    t.diagnostic(`${String(files.length)} rules; ${String(records.length)} made a record (${made.filter((m) => 'skipped' in m).map((m) => ('skipped' in m ? `${m.title}: ${m.skipped}` : '')).join('; ') || 'none skipped'}); ${String(fired)} fire on their own (${percent(fired, records.length).toFixed(1)} %)`);
    for (const miss of misses) t.diagnostic(`  no alert: ${miss}`);
    assert.ok(records.length >= files.length * 0.8, `${String(records.length)} of ${String(files.length)} rules made a record`);
    assert.deepEqual(misses.filter((title) => product.exceptions?.[title] === undefined), [], 'rules that did not fire on their own record');
    assert.deepEqual(onRoutine, [], 'rules firing on the routine record');
  });
}
