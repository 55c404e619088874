import type { Selector } from './windows.ts';

/**
 * Cloud and SaaS audit logs, each read by a format of its own, told apart by dataset. A product's services are
 * the logs it has (`product: aws, service: cloudtrail`). Rules for these products name the provider's own
 * record fields (fields/record.ts).
 */

const dataset = (name: string): Selector => (e) => e.event.dataset === name;

const SERVICES: ReadonlyMap<string, ReadonlyMap<string, Selector>> = new Map([
  ['aws', new Map([['cloudtrail', dataset('aws.cloudtrail')]])],
  ['kubernetes', new Map([['audit', dataset('kubernetes.audit')]])],
  ['okta', new Map([['okta', dataset('okta.system')]])],
  ['gcp', new Map<string, Selector>([
    ['gcp.audit', dataset('gcp.audit')],
    ['google_workspace.login', (e) => e.event.dataset === 'gcp.audit' && e.event.provider === 'login.googleapis.com'],
    ['google_workspace.admin', (e) => e.event.dataset === 'gcp.audit' && e.event.provider === 'admin.googleapis.com'],
  ])],
  ['github', new Map([['audit', dataset('github.audit')]])],
  ['azure', new Map(['signinlogs', 'auditlogs', 'activitylogs', 'riskdetection'].map((log) => [log, dataset(`azure.${log}`)]))],
  ['bitbucket', new Map([['audit', dataset('bitbucket.audit')]])],
  ['m365', new Map<string, Selector>([
    ['audit', (e) => e.vigil.format === 'm365-audit' && e.event.dataset.startsWith('m365.')],
    ['exchange', dataset('m365.exchange')],
    ['threat_management', dataset('m365.securitycompliancecenter')],
    ['threat_detection', dataset('m365.securitycompliancecenter')],
  ])],
]);

/**
 * Names SigmaHQ's rules for a product use that are not paths of its records, and the paths that hold them:
 * Kubernetes rules test a created pod's `hostPath` volumes and added `capabilities`, and say `apiGroup` for the
 * object's API group.
 */
export const RECORD_ALIASES: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>> = new Map([
  ['kubernetes', new Map([
    ['hostpath', ['requestObject.spec.volumes.hostPath.path']],
    ['capabilities', ['requestObject.spec.containers.securityContext.capabilities.add', 'requestObject.spec.initContainers.securityContext.capabilities.add']],
    ['apigroup', ['objectRef.apiGroup']],
  ])],
  // Filebeat's name for the audit method; Workspace events as Cloud Logging carries them.
  ['gcp', new Map([
    ['gcp.audit.method_name', ['protoPayload.methodName']],
    ['eventservice', ['protoPayload.serviceName']],
    ['eventname', ['protoPayload.metadata.event.eventName', 'protoPayload.methodName']],
  ])],
  // Microsoft 365 rules written for the Splunk add-on's names: the workload, the alert name or operation, the result.
  ['m365', new Map([
    ['eventsource', ['Workload']],
    ['eventname', ['Name', 'Operation']],
  ])],
  // Azure rules written for table columns: an audit record's activity, the activity log's operation.
  ['azure', new Map([
    ['properties.message', ['operationName', 'properties.activityDisplayName', 'OperationName', 'ActivityDisplayName']],
    ['operationnamevalue', ['operationName', 'OperationName']],
    // Graph's objects (the API, the Entra portal's downloads): a directory audit names its operation as its activity,
    // a sign-in keeps the table's ResultType and ResultDescription in `status`.
    ['operationname', ['activityDisplayName']],
    ['resulttype', ['status.errorCode', 'properties.status.errorCode']],
    ['resultdescription', ['status.failureReason', 'properties.status.failureReason']],
  ])],
]);

export const CLOUD_PRODUCTS: ReadonlyMap<string, Selector> = new Map(
  [...SERVICES].map(([product, services]) => {
    const selectors = [...services.values()];
    return [product, (e) => selectors.some((s) => s(e))] as const;
  }),
);

/** Lists of `{name, value}` entries whose names are fields too: a Google Workspace event's parameters (`NEW_VALUE`). */
export const RECORD_PARAMETERS: ReadonlyMap<string, readonly string[]> = new Map([['gcp', ['protoPayload.metadata.event.parameter']]]);

export function cloudService(product: string, service: string): Selector | undefined {
  return SERVICES.get(product)?.get(service);
}
