import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ipPort, setOwn, str } from '../values.ts';
import { hostOf, labelsOf, parseRequestLine, requestFields, statusOutcome } from './web/http.ts';

/**
 * AWS Elastic Load Balancing access logs. Application Load Balancer lines start with the request type
 * (`http`, `https`, `h2`, `grpcs`, `ws`, `wss`) and have 25 or more fields, the request, user agent and a few others
 * quoted: `https 2023-04-26T12:23:00.186641Z app/my-alb/50dc6c495c0c9188 192.168.1.11:44740 10.0.0.1:80 0.086
 * 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/robots.txt HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256
 * TLSv1.2 arn:… "Root=1-…" "www.example.com" …`. Classic Load Balancer lines start with the time and have 15.
 * The client is the source, the target the destination; times are UTC. Fields without a schema place are labels.
 */

const TOKEN = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
const ALB_TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);
const SECONDS = /^-?\d+(?:\.\d+)?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const ALB_LABELS = [
  'type', 'time', 'elb', 'client', 'target', 'request_processing_time', 'target_processing_time', 'response_processing_time',
  'elb_status_code', 'target_status_code', 'received_bytes', 'sent_bytes', 'request', 'user_agent', 'ssl_cipher', 'ssl_protocol',
  'target_group_arn', 'trace_id', 'domain_name', 'chosen_cert_arn', 'matched_rule_priority', 'request_creation_time',
  'actions_executed', 'redirect_url', 'error_reason', 'target_port_list', 'target_status_code_list', 'classification',
  'classification_reason', 'conn_trace_id',
] as const;
const CLASSIC_LABELS = [
  'time', 'elb', 'client', 'target', 'request_processing_time', 'target_processing_time', 'response_processing_time',
  'elb_status_code', 'target_status_code', 'received_bytes', 'sent_bytes', 'request', 'user_agent', 'ssl_cipher', 'ssl_protocol',
] as const;
/** Fields the schema holds; the others are labels under AWS's names. */
const MAPPED = new Set(['time', 'client', 'target', 'elb_status_code', 'received_bytes', 'sent_bytes', 'request', 'user_agent', 'ssl_protocol']);

function tokens(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(TOKEN)) out.push(m[1] === undefined ? m[2]! : m[1].replace(/\\(.)/g, '$1'));
  return out;
}

/** `ip:port`, `[v6]:port` or `v6:port` (what ELB writes), or `-`. */
function endpoint(text: string | undefined): { ip?: string; port?: number } {
  return text === '-' ? {} : ipPort(text, true);
}

/** The fields of one line by name, or why it is not an ELB access line. */
function fieldsOf(line: string): Map<string, string> | string {
  const parts = tokens(line);
  const alb = ALB_TYPES.has(parts[0] ?? '') && ISO_TIME.test(parts[1] ?? '');
  const classic = !alb && ISO_TIME.test(parts[0] ?? '');
  if (!alb && !classic) return 'not an ELB access line (request type and ISO time, or ISO time)';
  const names: readonly string[] = alb ? ALB_LABELS : CLASSIC_LABELS;
  if (parts.length < (alb ? 25 : 15)) return `expected ${alb ? '25 or more' : '15'} fields, found ${parts.length}`;
  // The client and the three processing times are where any ELB line has them: another log that starts with an ISO
  // time and has as many words (a container runtime's line) is not one.
  const first = alb ? 3 : 2;
  if (endpoint(parts[first]).ip === undefined) return `the client "${parts[first] ?? ''}" is not an address and port`;
  if (!parts.slice(first + 2, first + 5).every((t) => SECONDS.test(t))) return 'the processing times are not numbers';
  const row = new Map<string, string>();
  names.forEach((name, i) => {
    const value = parts[i];
    if (value !== undefined) row.set(name, value);
  });
  return row;
}

function parseLine(line: string): ParseOutcome {
  const row = fieldsOf(line);
  if (typeof row === 'string') return reject(row);
  const get = (name: string): string | undefined => str(row.get(name));
  const status = int(get('elb_status_code'));
  const request = parseRequestLine(row.get('request') ?? '');
  const { url, http } = requestFields(request);
  const labels: Record<string, string | undefined> = {};
  for (const [name, value] of row) if (!MAPPED.has(name)) setOwn(labels, name, str(value));
  if (request.problem === 'malformed') labels.request = get('request');
  const sni = hostOf(get('domain_name'));
  const fields: EventFields = {
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) },
    source: endpoint(get('client')),
    destination: endpoint(get('target')),
    url: url === undefined ? undefined : { ...url, domain: url.domain ?? sni },
    http: { ...http, request: { ...http?.request, bytes: int(get('received_bytes')) }, response: { status_code: status, bytes: int(get('sent_bytes')) } },
    user_agent: { original: get('user_agent') },
    tls: { version: get('ssl_protocol') },
    labels: labelsOf(labels),
  };
  return events({ time: get('time'), timeIsUtc: true, dataset: 'aws.elb', fields: compact(fields) });
}

export const awsElbFormat = defineFormat({
  id: 'aws-elb',
  title: 'AWS load balancer access log',
  description: 'AWS Application and Classic Load Balancer access logs: client, target, request, status, bytes, TLS, trace and rule fields',
  framing: 'lines',
  sniff: sniffLines((line) => typeof fieldsOf(line) !== 'string'),
  createParser: stateless((record) => parseLine(record.text)),
  logsources: [{ category: 'webserver' }],
});
