import { ianaTransport } from '../iana-transport.ts';
import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, META, parsedLineShare, reject, spacedRow, type FormatParser, type ParseOutcome, type Sample } from '../format.ts';
import { compact, ip, port as validPort, setOwn } from '../values.ts';
import { firewallEvent } from './firewall-verdict.ts';

/**
 * Amazon VPC Flow Logs in their text form: space-separated fields, `-` for none. Files delivered to S3 start with
 * a header naming the fields (`version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes
 * start end action log-status` by default; a custom format names others, in its own order: `vpc-id`, `tcp-flags`,
 * `pkt-srcaddr`, `flow-direction` …); lines exported from CloudWatch Logs have none and are read in the default
 * order. A `REJECT` is the security groups' or network ACLs' denial (the shared firewall verdict); an `ACCEPT` is a
 * flow record (see flowEvent). The time is the window's `start` (seconds since the epoch); `NODATA` and `SKIPDATA`
 * rows carry no flow.
 */

const DEFAULT_FIELDS: readonly string[] = ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status'];
/** Field names of every version (2 to 5); a header is a line of them that names the addresses. */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  ...DEFAULT_FIELDS, 'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr', 'pkt-dstaddr', 'region', 'az-id',
  'sublocation-type', 'sublocation-id', 'pkt-src-aws-service', 'pkt-dst-aws-service', 'flow-direction', 'traffic-path',
  'ecs-cluster-arn', 'ecs-cluster-name', 'ecs-container-instance-arn', 'ecs-container-instance-id', 'ecs-container-id',
  'ecs-second-container-id', 'ecs-service-name', 'ecs-task-definition-arn', 'ecs-task-arn', 'ecs-task-id', 'reject-reason',
  'resource-id', 'encryption-status',
]);
const MAPPED: ReadonlySet<string> = new Set(['srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'action', 'account-id', 'region', 'flow-direction']);
const DEFAULT_ROW = /^\d \S+ eni-[0-9a-f]+ /;

interface State {
  fields: readonly string[];
}

/** A header line: known field names only, the two addresses among them. */
function headerFields(line: string): string[] | undefined {
  const names = line.trim().split(/ +/);
  if (!names.includes('srcaddr') || !names.includes('dstaddr')) return undefined;
  return names.every((name) => KNOWN_FIELDS.has(name)) ? names : undefined;
}

const value = (row: ReadonlyMap<string, string>, name: string): string | undefined => {
  const text = row.get(name);
  return text === undefined || text === '-' || text === '' ? undefined : text;
};

const count = (text: string | undefined): number | undefined => (text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined);
/** A port; AWS writes 0 where the protocol has none (ICMP). */
const port = (text: string | undefined): number | undefined => validPort(count(text)) || undefined;

/**
 * A rejected flow is the firewall's denial (the firewall category and the scan rules count it). An accepted one is
 * a flow record, as Zeek's conn log is: each direction of every connection is a flow of its own (a server's
 * replies to its clients, a load balancer's health checks), so counting them as connection attempts would make
 * every busy server a port scanner.
 */
function flowEvent(action: string | undefined): EventFields['event'] {
  if (action === 'REJECT') return firewallEvent('denied');
  return { category: ['network'], type: ['connection'], action: action === 'ACCEPT' ? 'vpc-flow-accept' : 'vpc-flow', outcome: action === 'ACCEPT' ? 'success' : undefined };
}

function fieldsOf(row: ReadonlyMap<string, string>): EventFields {
  const action = value(row, 'action')?.toUpperCase();
  const status = value(row, 'log-status');
  const flow = status === undefined || status === 'OK';
  const protocol = value(row, 'protocol');
  const direction = value(row, 'flow-direction');
  const labels: Record<string, string> = {};
  for (const [name, text] of row) if (!MAPPED.has(name) && text !== '-' && text !== '') setOwn(labels, `aws.vpcflow.${name}`, text);
  return {
    event: flow ? flowEvent(action) : { category: ['network'], type: ['info'], action: `vpc-flow-${status.toLowerCase()}` },
    source: { ip: ip(value(row, 'srcaddr')), port: port(value(row, 'srcport')) },
    destination: { ip: ip(value(row, 'dstaddr')), port: port(value(row, 'dstport')) },
    network: {
      transport: protocol === undefined ? undefined : ianaTransport(protocol),
      packets: count(value(row, 'packets')),
      bytes: count(value(row, 'bytes')),
      direction: direction === 'ingress' || direction === 'egress' ? direction : undefined,
    },
    cloud: { provider: 'aws', account: { id: value(row, 'account-id') }, region: value(row, 'region'), service: { name: 'vpc-flow-logs' } },
    labels: protocol !== undefined && ianaTransport(protocol) === undefined ? { ...labels, 'aws.vpcflow.protocol': protocol } : labels,
  };
}

function parseLine(text: string, state: State): ParseOutcome {
  const header = headerFields(text);
  if (header !== undefined) {
    state.fields = header;
    return META;
  }
  const row = spacedRow(text, state.fields);
  if (typeof row === 'string') return reject(row);
  const start = value(row, 'start');
  if (start !== undefined && !/^\d{9,11}$/.test(start)) return reject('start is not seconds since the epoch');
  return events({ time: start === undefined ? undefined : Number(start), timeIsUtc: true, dataset: 'aws.vpcflow', fields: compact(fieldsOf(row)) });
}

function createParser(): FormatParser {
  const state: State = { fields: DEFAULT_FIELDS };
  return { parse: (record) => parseLine(record.text, state) };
}

function sniff(sample: Sample): number {
  const header = sample.lines.some((line) => headerFields(line) !== undefined);
  if (!header && !sample.lines.some((line) => DEFAULT_ROW.test(line))) return 0;
  const share = parsedLineShare(sample, createParser());
  return share < 0.5 ? 0 : (header ? 0.5 : 0.4) + 0.5 * share;
}

export const awsVpcFlowFormat = defineFormat({
  id: 'aws-vpc-flow',
  title: 'Amazon VPC Flow Logs',
  description:
    'VPC Flow Logs as text (S3 delivery with its header line, default or custom fields; CloudWatch exports in the default order): ' +
    'addresses, ports, protocol, packets and bytes of each flow window, ACCEPT/REJECT as firewall verdicts, the window start as the time',
  framing: 'lines',
  sniff,
  createParser,
  logsources: [{ category: 'firewall' }, { service: 'netflow' }],
});
