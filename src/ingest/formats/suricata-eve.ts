import type { EventFields } from '../../schema/event.ts';
import { isObject, type Draft } from '../format.ts';
import { baseName, compact, int, ip, num, port, setOwn, str, sumOfKnown } from '../values.ts';
import { defineCloudFormat, recordLabels, text, type Json } from './cloud/record.ts';
import { statusOutcome, urlFields } from './web/http.ts';

/**
 * Suricata's EVE JSON (`eve.json`: Suricata itself, Security Onion, SELKS, pfSense and OPNsense): one record per
 * line with an `event_type`. Alerts carry the signature (as the fast.log alert does) and the app-layer record of
 * their transaction; http, dns (versions 1 to 3), tls, flow and netflow, fileinfo, ssh, smtp, anomaly and drop
 * records fill their schema fields; every other protocol's record keeps the endpoints and its leaves as labels.
 */

/**
 * Leaves left out of the labels: those the schema holds (endpoints, time, the signature), packet and payload bytes
 * in base64, and the counters of whole engines (`stats`). They all stay in the original record.
 */
const SKIPPED = /^(?:timestamp|event_type|src_ip|src_port|dest_ip|dest_port|proto|app_proto|in_iface|host|alert\.(?:signature|signature_id|category|severity)|payload|payload_printable|packet|packet_info\..*|stream|http\.http_(?:request|response)_body|stats\..*)$/;
const VERSION = /^HTTP\/(\d(?:\.\d)?)$/i;

/** Event types whose record may lack the object named after them (a flow-less drop has `drop`; these have none at all). */
const BARE_TYPES: ReadonlySet<string> = new Set(['alert', 'drop', 'pkthdr']);

/**
 * An EVE record: its `event_type` names the object that holds the protocol's fields (`"event_type":"dns","dns":{…}`)
 * and it has EVE's time and endpoint keys (other tools' flat records with an `event_type`, such as a SOC export's
 * `fw_allow`, are not).
 */
function isEve(record: Json): boolean {
  const type = record.event_type;
  if (typeof type !== 'string' || typeof record.timestamp !== 'string') return false;
  if (!isObject(record[type]) && !(BARE_TYPES.has(type) && record.flow_id !== undefined)) return false;
  return type === 'stats' || record.src_ip !== undefined || record.flow_id !== undefined;
}

function endpoints(record: Json): Pick<EventFields, 'source' | 'destination' | 'network' | 'host'> {
  const transport = text(record, 'proto')?.toLowerCase();
  const app = text(record, 'app_proto');
  return {
    source: { ip: ip(record.src_ip), port: port(record.src_port) },
    destination: { ip: ip(record.dest_ip), port: port(record.dest_port) },
    network: { transport, protocol: app === undefined || app === 'failed' ? undefined : app.toLowerCase(), interface: { in: text(record, 'in_iface') } },
    host: { name: typeof record.host === 'string' ? record.host : undefined },
  };
}

function httpFields(http: unknown): Pick<EventFields, 'url' | 'http' | 'user_agent'> {
  if (!isObject(http)) return {};
  const target = text(http, 'url');
  const url = urlFields(target);
  const version = VERSION.exec(text(http, 'protocol') ?? '')?.[1];
  return {
    url: url === undefined ? undefined : { ...url, domain: url.domain ?? text(http, 'hostname')?.toLowerCase() },
    http: {
      version,
      request: { method: text(http, 'http_method'), referrer: text(http, 'http_refer') },
      response: { status_code: int(http.status), bytes: num(http.length) },
    },
    user_agent: { original: text(http, 'http_user_agent') },
  };
}

function rrnames(list: unknown, key: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const value = isObject(item) ? str(item[key]) : undefined;
    return value === undefined ? [] : [value];
  });
}

/** DNS of any EVE version: v1/v2 (one query or answer per record), v3 (`queries` and `answers` lists), and an alert's `query` list. */
function dnsFields(dns: unknown): Pick<EventFields, 'dns'> & { action?: string } {
  if (!isObject(dns)) return {};
  const queries = Array.isArray(dns.queries) ? dns.queries : Array.isArray(dns.query) ? dns.query : undefined;
  const first = queries?.find(isObject);
  const name = text(dns, 'rrname') ?? (first === undefined ? undefined : text(first, 'rrname'));
  const type = text(dns, 'rrtype') ?? (first === undefined ? undefined : text(first, 'rrtype'));
  const answers = rrnames(dns.answers, 'rdata');
  const single = text(dns, 'rdata');
  if (single !== undefined && answers.length === 0) answers.push(single);
  if (answers.length === 0 && isObject(dns.grouped)) {
    for (const values of Object.values(dns.grouped)) if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') answers.push(v);
  }
  const kind = text(dns, 'type');
  const answer = kind === 'answer' || kind === 'response' || dns.rcode !== undefined;
  return {
    dns: { question: { name: name?.toLowerCase(), type }, answers: answers.length > 0 ? answers : undefined, response_code: text(dns, 'rcode') },
    action: answer ? 'dns-answer' : 'dns-query',
  };
}

function flowFields(flow: unknown): Pick<EventFields, 'network'> & { toServer?: number; toClient?: number } {
  if (!isObject(flow)) return {};
  const toServer = num(flow.bytes_toserver);
  const toClient = num(flow.bytes_toclient);
  const packets = (num(flow.pkts_toserver) ?? 0) + (num(flow.pkts_toclient) ?? 0);
  return {
    network: { bytes: sumOfKnown(toServer, toClient), packets: packets > 0 ? packets : undefined },
    toServer,
    toClient,
  };
}

/** What each event type adds to the endpoints: its category and action, and its protocol's fields. */
function typeFields(type: string, record: Json): EventFields {
  switch (type) {
    case 'alert': {
      const alert = isObject(record.alert) ? record.alert : {};
      const blocked = text(alert, 'action') === 'blocked';
      const signature = text(alert, 'signature');
      return {
        message: signature,
        event: { category: ['intrusion_detection'], type: [blocked ? 'denied' : 'info'], action: 'ids-alert', severity: num(alert.severity) },
        rule: { name: signature, id: text(alert, 'signature_id'), category: text(alert, 'category') },
        ...httpFields(record.http),
        dns: dnsFields(record.dns).dns,
        tls: { server_name: text(record, 'tls.sni'), version: text(record, 'tls.version') },
      };
    }
    case 'http': {
      const fields = httpFields(record.http);
      return { event: { category: ['network', 'web'], type: ['protocol', 'access'], action: 'http-request', outcome: statusOutcome(fields.http?.response?.status_code) }, ...fields };
    }
    case 'dns': {
      const { dns, action } = dnsFields(record.dns);
      return { event: { category: ['network'], type: ['protocol'], action }, dns };
    }
    case 'tls':
      return { event: { category: ['network'], type: ['protocol'], action: 'tls-handshake' }, tls: { server_name: text(record, 'tls.sni'), version: text(record, 'tls.version') } };
    case 'flow':
    case 'netflow': {
      const { network, toServer, toClient } = type === 'flow' ? flowFields(record.flow) : netflowFields(record.netflow);
      return { event: { category: ['network'], type: ['connection', 'end'], action: type }, network, source: { bytes: toServer }, destination: { bytes: toClient } };
    }
    case 'fileinfo': {
      const name = text(record, 'fileinfo.filename');
      return { event: { category: ['network', 'file'], type: ['info'], action: 'file-transfer' }, file: { path: name, name: name === undefined ? undefined : baseName(name) }, ...httpFields(record.http) };
    }
    case 'anomaly':
      return { message: text(record, 'anomaly.event') ?? text(record, 'anomaly.type'), event: { category: ['network'], type: ['info'], action: 'anomaly' } };
    case 'drop':
      return { event: { category: ['network'], type: ['denied'], action: 'packet-drop' } };
    case 'stats':
      return { event: { action: 'stats' } };
    default:
      return { event: { category: ['network'], type: ['protocol'], action: type } };
  }
}

function netflowFields(netflow: unknown): Pick<EventFields, 'network'> & { toServer?: number; toClient?: number } {
  if (!isObject(netflow)) return {};
  // A netflow record is one direction of the flow, from its source to its destination.
  return { network: { bytes: num(netflow.bytes), packets: num(netflow.pkts) }, toServer: num(netflow.bytes) };
}

/** The two objects' fields merged: `extra` fills what `base` leaves empty, one level down. */
function merge(base: EventFields, extra: EventFields): EventFields {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? { ...current, ...value } : value ?? current;
  }
  return out;
}

/** An EVE record, and the AWS Network Firewall log that wraps it (`{"firewall_name":…,"event":{…EVE…}}`), if any. */
interface Selected {
  eve: Json;
  firewall?: Json;
}

function eveOf(record: Json): Selected | undefined {
  if (isEve(record)) return { eve: record };
  const inner = record.event;
  return typeof record.firewall_name === 'string' && isObject(inner) && isEve(inner) ? { eve: inner, firewall: record } : undefined;
}

function read({ eve, firewall }: Selected): Draft {
  const type = text(eve, 'event_type')!;
  const fields = merge(endpoints(eve), typeFields(type, eve));
  const labels = recordLabels(eve, (path) => SKIPPED.test(path)) ?? {};
  if (firewall !== undefined) {
    // The firewall's name and zone; its `event_timestamp` (epoch seconds) repeats the record's own time.
    for (const key of ['firewall_name', 'availability_zone']) {
      const value = text(firewall, key);
      if (value !== undefined) setOwn(labels, `aws.network_firewall.${key}`, value);
    }
  }
  fields.labels = labels;
  return { time: text(eve, 'timestamp'), dataset: `suricata.${type}`, fields: compact(fields) };
}

// A provider's JSON records, as the cloud formats are: claimed when most sampled records are EVE, others read as generic JSON.
export const suricataEveFormat = defineCloudFormat({
  id: 'suricata-eve',
  title: 'Suricata EVE JSON',
  description:
    'Suricata eve.json records (also inside AWS Network Firewall\'s alert and flow logs): alerts (signature, sid, classification, severity, action) with their http, dns or tls ' +
    'transaction; http, dns, tls, flow, netflow, fileinfo, anomaly and drop records into the schema; other protocols ' +
    'with their endpoints and labels',
  select: eveOf,
  read,
  logsources: [{ category: 'ids' }, { category: 'dns' }, { category: 'proxy' }, { service: 'netflow' }, ...['alert', 'http', 'dns', 'tls', 'flow', 'netflow', 'fileinfo', 'anomaly', 'drop', 'ssh', 'smtp'].map((service) => ({ product: 'suricata', service }))],
});
