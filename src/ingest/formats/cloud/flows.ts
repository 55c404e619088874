import type { EventFields } from '../../../schema/event.ts';
import { defineFormat, events, isObject, reject, sniffByShare, type Draft, type FormatParser, type RawRecord } from '../../format.ts';
import { ianaTransport, transportName } from '../../iana-transport.ts';
import { compact, int, ip, port, setOwn, str } from '../../values.ts';
import { firewallEvent } from '../firewall-verdict.ts';
import { at, defineCloudFormat, recordLabels, text, type Json } from './record.ts';

/**
 * Cloud networks' flow and firewall logs, the cloud's equivalent of a firewall's log:
 * - Google Cloud's VPC Flow Logs and Firewall Rules Logging, as Cloud Logging exports their entries (`jsonPayload`
 *   with a `connection` 5-tuple; the firewall's `disposition` and `rule_details`);
 * - Azure's NSG flow logs and VNet flow logs (`{"records":[…]}` blobs whose records hold comma-separated flow tuples:
 *   `1487282421,42.119.146.95,10.1.0.4,51529,5358,T,I,D,B,,,,`), one event per tuple.
 * A denied flow is the firewall's denial (the firewall category and the scan rules count it), an allowed one a
 * firewall's allowance for firewall logs and a flow record for flow logs (`service: netflow`), as VPC Flow Logs' are.
 */

/** Google's `connection.protocol` is the IANA number. */
function transportOf(protocol: unknown): string | undefined {
  const number = str(protocol);
  return number === undefined ? undefined : (ianaTransport(number) ?? number);
}

type GcpLog = 'vpcflow' | 'firewall';

function gcpLog(record: Json): GcpLog | undefined {
  const payload = record.jsonPayload;
  if (!isObject(payload) || !isObject(payload.connection)) return undefined;
  const logName = typeof record.logName === 'string' ? record.logName : '';
  if (logName.includes('firewall') || payload.disposition !== undefined) return 'firewall';
  if (logName.includes('vpc_flows') || payload.reporter !== undefined) return 'vpcflow';
  return undefined;
}

function readGcp(record: Json): Draft {
  const log = gcpLog(record) ?? 'vpcflow';
  const connection = at(record, 'jsonPayload.connection');
  const disposition = text(record, 'jsonPayload.disposition')?.toUpperCase();
  const event = log === 'firewall'
    ? firewallEvent(disposition === 'DENIED' ? 'denied' : disposition === 'ALLOWED' ? 'allowed' : undefined)
    : { category: ['network'], type: ['connection'], action: 'vpc-flow' };
  const direction = text(record, 'jsonPayload.rule_details.direction')?.toLowerCase();
  const fields: EventFields = {
    event,
    source: { ip: ip(at(connection, 'src_ip')), port: port(at(connection, 'src_port')) },
    destination: { ip: ip(at(connection, 'dest_ip')), port: port(at(connection, 'dest_port')) },
    network: {
      transport: transportOf(at(connection, 'protocol')),
      bytes: int(at(record, 'jsonPayload.bytes_sent')),
      packets: int(at(record, 'jsonPayload.packets_sent')),
      direction: direction === 'ingress' || direction === 'egress' ? direction : undefined,
    },
    // The instance that logged it: the firewall's, or the flow's reporting end.
    host: { name: text(record, 'jsonPayload.instance.vm_name') ?? text(record, text(record, 'jsonPayload.reporter') === 'DEST' ? 'jsonPayload.dest_instance.vm_name' : 'jsonPayload.src_instance.vm_name') },
    rule: log === 'firewall' ? { name: text(record, 'jsonPayload.rule_details.reference') } : undefined,
    cloud: { provider: 'gcp', account: { id: text(record, 'resource.labels.project_id') }, region: text(record, 'resource.labels.location') ?? text(record, 'jsonPayload.src_vpc.subnetwork_region') },
    labels: recordLabels(record, (path) => path === 'timestamp' || path.startsWith('jsonPayload.connection.')),
  };
  return { time: text(record, 'jsonPayload.start_time') ?? text(record, 'timestamp'), dataset: `gcp.${log}`, fields: compact(fields) };
}

export const gcpNetworkFormat = defineCloudFormat({
  id: 'gcp-network',
  title: 'Google Cloud VPC Flow Logs and Firewall Rules Logging',
  description: "Cloud Logging's JSON entries of VPC flows and firewall rule hits: the connection, the disposition and the rule",
  select: (record) => (gcpLog(record) === undefined ? undefined : record),
  read: readGcp,
  logsources: [{ category: 'firewall' }],
});

/** Azure's flow log categories: NSG flow logs (v1, v2) and VNet flow logs. */
const NSG = 'NetworkSecurityGroupFlowEvent';
const VNET = 'FlowLogFlowEvent';

export function isAzureFlowRecord(record: Json): boolean {
  return record.category === NSG || record.category === VNET;
}

interface Tuple {
  text: string;
  rule?: string;
  mac?: string;
}

/** Every flow tuple of a record, with the rule (NSG) or the ACL (VNet) and the interface it was logged under. */
function tuplesOf(record: Json): Tuple[] {
  const out: Tuple[] = [];
  const add = (list: unknown, rule: string | undefined, mac: string | undefined) => {
    if (!Array.isArray(list)) return;
    for (const item of list) if (typeof item === 'string' && out.length < MAX_TUPLES) out.push({ text: item, rule, mac });
  };
  const nsg = at(record, 'properties.flows');
  if (Array.isArray(nsg)) {
    for (const group of nsg) {
      if (!isObject(group) || !Array.isArray(group.flows)) continue;
      for (const flow of group.flows) if (isObject(flow)) add(flow.flowTuples, str(group.rule), str(flow.mac));
    }
  }
  const vnet = at(record, 'flowRecords.flows');
  if (Array.isArray(vnet)) {
    for (const flow of vnet) {
      if (!isObject(flow) || !Array.isArray(flow.flowGroups)) continue;
      for (const group of flow.flowGroups) if (isObject(group)) add(group.flowTuples, str(group.rule), str(flow.aclID));
    }
  }
  return out;
}

/** Tuples read of one record at most (a record holds a minute of one NSG's flows). */
const MAX_TUPLES = 100_000;

const TRANSPORTS: ReadonlyMap<string, string> = new Map([['T', 'tcp'], ['U', 'udp']]);

/**
 * One tuple: `time,src,dst,sport,dport,proto,direction,verdict,…,packets→,bytes→,packets←,bytes←`. NSG logs write the
 * decision (`A`, `D`) then the state (v2: `B`, `C`, `E`); VNet logs the state (`B`, `C`, `E`, or `D` for denied) then
 * the encryption. NSG times are seconds, VNet's milliseconds: epochs the time resolver tells apart by their size.
 */
function tupleDraft(tuple: Tuple, record: Json, vnet: boolean): Draft | undefined {
  const parts = tuple.text.split(',');
  if (parts.length < 8) return undefined;
  const [time, src, dst, sport, dport, proto, direction, verdict, after] = parts;
  const denied = verdict === 'D';
  const allowed = !denied && (vnet ? verdict !== undefined && verdict !== '' : verdict === 'A');
  const event = denied ? firewallEvent('denied') : allowed ? firewallEvent('allowed') : { category: ['network'], type: ['connection'], action: 'flow' };
  const sum = (a: number, b: number) => (int(parts[a]) ?? 0) + (int(parts[b]) ?? 0);
  const packets = sum(9, 11);
  const bytes = sum(10, 12);
  const labels: Record<string, string> = {};
  if (tuple.rule !== undefined) setOwn(labels, 'azure.flow.rule', tuple.rule);
  if (tuple.mac !== undefined) setOwn(labels, vnet ? 'azure.flow.acl_id' : 'azure.flow.mac', tuple.mac);
  const state = vnet ? verdict : after;
  if (state !== undefined && state !== '') setOwn(labels, 'azure.flow.state', state);
  if (vnet && after !== undefined && after !== '') setOwn(labels, 'azure.flow.encryption', after);
  const resource = text(record, 'resourceId') ?? text(record, 'targetResourceID');
  if (resource !== undefined) setOwn(labels, 'azure.flow.resource', resource);
  const fields: EventFields = {
    event,
    source: { ip: ip(src), port: port(sport) },
    destination: { ip: ip(dst), port: port(dport) },
    network: {
      transport: TRANSPORTS.get(proto ?? '') ?? (proto === '' ? undefined : transportName(proto)),
      direction: direction === 'I' ? 'inbound' : direction === 'O' ? 'outbound' : undefined,
      packets: packets === 0 ? undefined : packets,
      bytes: bytes === 0 ? undefined : bytes,
    },
    cloud: { provider: 'azure' },
    labels,
  };
  const epoch = Number(time);
  return { time: Number.isFinite(epoch) && epoch > 0 ? epoch : text(record, 'time'), dataset: 'azure.flow', fields: compact(fields), original: tuple.text };
}

function createAzureParser(): FormatParser {
  return {
    parse(record: RawRecord) {
      const value = record.value;
      if (!isObject(value) || !isAzureFlowRecord(value)) return reject('not an Azure NSG or VNet flow log record');
      const vnet = value.category === VNET;
      const drafts = tuplesOf(value).flatMap((tuple) => tupleDraft(tuple, value, vnet) ?? []);
      return drafts.length === 0 ? reject('an Azure flow log record without flow tuples') : events(...drafts);
    },
  };
}

export const azureFlowFormat = defineFormat({
  id: 'azure-flow',
  title: 'Azure NSG and VNet flow logs',
  description: "Azure Network Watcher's NSG flow logs (v1, v2) and VNet flow logs: one event per flow tuple, denied flows as the firewall's denials",
  framing: 'json',
  sniff: sniffByShare(isAzureFlowRecord, 0, 0.92),
  createParser: createAzureParser,
  logsources: [{ category: 'firewall' }],
});
