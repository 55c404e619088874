import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, ip, num, port, str } from '../../values.ts';
import { defineCloudFormat, recordLabels, type Json } from './record.ts';

/**
 * Amazon GuardDuty findings, as `aws guardduty get-findings` prints them (`{"Findings":[…]}`, PascalCase), as the
 * console exports them, and as EventBridge delivers them (`{"detail-type":"GuardDuty Finding","detail":{…}}`,
 * camelCase, what lands in S3 through Firehose). A finding is an IDS alert (`category: ids`): its type
 * (`UnauthorizedAccess:EC2/SSHBruteForce`) is the rule's id, its title the rule's name, and its threat as the
 * category the IDS rules name (`brute-force`, `scan`, `dos`, `backdoor` …); the remote address of the action
 * (a connection, a port probe, an API call) is the source, the instance the host.
 */

/** A key in PascalCase or camelCase (GuardDuty's API and its EventBridge events spell them differently). */
function field(record: unknown, path: string): unknown {
  let current = record;
  for (const key of path.split('.')) {
    if (!isObject(current)) return undefined;
    const camel = key[0]!.toLowerCase() + key.slice(1);
    current = Object.hasOwn(current, key) ? current[key] : Object.hasOwn(current, camel) ? current[camel] : undefined;
  }
  return current;
}

const text = (record: unknown, path: string): string | undefined => str(field(record, path));

/** The finding itself: the record, or an EventBridge event's detail. */
function findingOf(record: Json): Json | undefined {
  if (record['detail-type'] === 'GuardDuty Finding' && isObject(record.detail)) return record.detail;
  const type = text(record, 'Type');
  const service = text(record, 'Service.ServiceName');
  return type !== undefined && type.includes(':') && (service === 'guardduty' || (text(record, 'Arn') ?? '').startsWith('arn:aws:guardduty:')) ? record : undefined;
}

/** GuardDuty's threat purposes and families as the categories the IDS rules name. */
const CATEGORIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/BruteForce/i, 'brute-force'],
  [/DenialOfService/i, 'dos'],
  [/PortProbe|PortScan|PortSweep|^Recon:/i, 'scan'],
  [/C&CActivity|^Backdoor:/i, 'backdoor'],
  [/^Trojan:|^CryptoCurrency:|Malicious/i, 'botnet'],
];

function categoryOf(type: string): string {
  for (const [pattern, category] of CATEGORIES) if (pattern.test(type)) return category;
  const colon = type.indexOf(':');
  return (colon < 0 ? type : type.slice(0, colon)).toLowerCase();
}

/** The remote end of the finding's action, its local port and direction. */
function actionEndpoints(finding: Json): Pick<EventFields, 'source' | 'destination' | 'network'> {
  const action = field(finding, 'Service.Action');
  const connection = field(action, 'NetworkConnectionAction');
  if (isObject(connection)) {
    const remote = { ip: ip(text(connection, 'RemoteIpDetails.IpAddressV4') ?? text(connection, 'RemoteIpDetails.IpAddressV6')), port: port(field(connection, 'RemotePortDetails.Port')) };
    const local = { ip: ip(text(connection, 'LocalIpDetails.IpAddressV4')), port: port(field(connection, 'LocalPortDetails.Port')) };
    const outbound = text(connection, 'ConnectionDirection') === 'OUTBOUND';
    return { source: outbound ? local : remote, destination: outbound ? remote : local, network: { transport: text(connection, 'Protocol')?.toLowerCase(), direction: outbound ? 'outbound' : 'inbound' } };
  }
  const probes = field(action, 'PortProbeAction.PortProbeDetails');
  const probe = Array.isArray(probes) ? (probes[0] as unknown) : undefined;
  if (isObject(probe)) return { source: { ip: ip(text(probe, 'RemoteIpDetails.IpAddressV4')) }, destination: { port: port(field(probe, 'LocalPortDetails.Port')) } };
  for (const kind of ['AwsApiCallAction', 'KubernetesApiCallAction', 'RdsLoginAttemptAction']) {
    const remote = text(action, `${kind}.RemoteIpDetails.IpAddressV4`);
    if (remote !== undefined) return { source: { ip: ip(remote) } };
  }
  return {};
}

function readFinding(finding: Json): Draft {
  const type = text(finding, 'Type') ?? 'unknown:finding';
  const endpoints = actionEndpoints(finding);
  const dns = text(finding, 'Service.Action.DnsRequestAction.Domain');
  const fields: EventFields = {
    message: text(finding, 'Description'),
    event: { category: ['intrusion_detection'], type: ['indicator'], action: 'guardduty-finding', severity: num(field(finding, 'Severity')), provider: 'guardduty', count: positive(field(finding, 'Service.Count')) },
    rule: { id: type, name: text(finding, 'Title'), category: categoryOf(type) },
    ...endpoints,
    dns: dns === undefined ? undefined : { question: { name: dns } },
    host: { name: text(finding, 'Resource.InstanceDetails.InstanceId') },
    user: { name: text(finding, 'Resource.AccessKeyDetails.UserName') },
    cloud: { provider: 'aws', account: { id: text(finding, 'AccountId') }, region: text(finding, 'Region'), service: { name: 'guardduty' } },
    labels: recordLabels(finding, () => false),
  };
  return { time: text(finding, 'Service.EventLastSeen') ?? text(finding, 'UpdatedAt') ?? text(finding, 'CreatedAt'), dataset: 'aws.guardduty', fields: compact(fields) };
}

function positive(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

export const awsGuardDutyFormat = defineCloudFormat({
  id: 'aws-guardduty',
  title: 'Amazon GuardDuty findings',
  description: "GuardDuty findings (get-findings output, console exports, EventBridge events) as IDS alerts: type, title, severity, the action's remote address and the instance",
  select: findingOf,
  read: readFinding,
  logsources: [{ category: 'ids' }],
});
