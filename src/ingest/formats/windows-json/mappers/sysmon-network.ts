import type { EventFields } from '../../../../schema/event.ts';
import { transportName } from '../../../iana-transport.ts';
import { ip, port, str } from '../../../values.ts';
import { field } from './helpers.ts';
import { sysmonProcess, sysmonRule, sysmonUser } from './sysmon-common.ts';
import type { Data, Mapper } from './types.ts';

type Endpoint = NonNullable<EventFields['source']>;

function endpoint(data: Data, side: 'Source' | 'Destination'): Endpoint {
  return {
    ip: ip(data[`${side}Ip`]),
    port: port(data[`${side}Port`]),
    domain: field(data, `${side}Hostname`),
  };
}

function portLabels(data: Data): Record<string, string> | undefined {
  const source = field(data, 'SourcePortName');
  const destination = field(data, 'DestinationPortName');
  if (source === undefined && destination === undefined) return undefined;
  const labels: Record<string, string> = {};
  if (source !== undefined) labels['source_port_name'] = source;
  if (destination !== undefined) labels['destination_port_name'] = destination;
  return labels;
}

/** 3: a TCP/UDP connection; `Initiated` true means the logging host's process opened it. */
const networkConnect: Mapper = (data) => {
  const initiated = field(data, 'Initiated')?.toLowerCase();
  return {
    event: { category: ['network'], type: ['connection', 'start'], action: 'network-connection' },
    user: sysmonUser(data),
    process: sysmonProcess(data),
    source: endpoint(data, 'Source'),
    destination: endpoint(data, 'Destination'),
    network: {
      transport: transportName(field(data, 'Protocol')),
      direction: initiated === 'true' ? 'outbound' : initiated === 'false' ? 'inbound' : undefined,
    },
    rule: sysmonRule(data),
    labels: portLabels(data),
  };
};

const QUERY_STATUS: ReadonlyMap<string, string> = new Map([
  ['0', 'NOERROR'],
  ['9002', 'SERVFAIL'],
  ['9003', 'NXDOMAIN'],
  ['9004', 'NOTIMP'],
  ['9005', 'REFUSED'],
  ['9501', 'NODATA'],
  ['1460', 'TIMEOUT'],
]);

/** `QueryResults`: `type:  5 cname.example;::ffff:1.2.3.4;` → names and addresses. */
function dnsAnswers(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const answers: string[] = [];
  for (const part of value.split(';')) {
    const entry = part.trim();
    if (entry === '') continue;
    const last = entry.startsWith('type:') ? str(entry.slice(entry.lastIndexOf(' ') + 1)) : entry;
    if (last === undefined) continue;
    answers.push(ip(last) ?? last);
  }
  return answers.length > 0 ? answers : undefined;
}

/** 22: a DNS lookup made by a process (answered from cache or the network). */
const dnsQuery: Mapper = (data) => {
  const status = field(data, 'QueryStatus');
  return {
    event: {
      category: ['network'],
      type: ['protocol', 'info'],
      action: 'dns-query',
      outcome: status === undefined ? undefined : status === '0' ? 'success' : 'failure',
    },
    user: sysmonUser(data),
    process: sysmonProcess(data),
    dns: {
      question: { name: field(data, 'QueryName') },
      answers: dnsAnswers(field(data, 'QueryResults')),
      response_code: status === undefined ? undefined : (QUERY_STATUS.get(status) ?? status),
    },
    network: { protocol: 'dns' },
    rule: sysmonRule(data),
  };
};

export const SYSMON_NETWORK_MAPPERS: ReadonlyArray<[number, Mapper]> = [
  [3, networkConnect],
  [22, dnsQuery],
];
