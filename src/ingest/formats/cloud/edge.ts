import type { EventFields } from '../../../schema/event.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, int, ip, num, port, setOwn, str } from '../../values.ts';
import { httpVersion, statusOutcome, urlFields } from '../web/http.ts';
import { at, defineCloudFormat, matching, recordLabels, text, type Json } from './record.ts';

/**
 * The requests that reach a site through its edge: Cloudflare's Logpush datasets (`http_requests`: every request
 * the edge answered; `firewall_events`: what its WAF and security rules decided) and AWS WAF's logs (every request a
 * web ACL inspected, in front of CloudFront, a load balancer or API Gateway). Requests are web access records
 * (`category: web`, the `webserver` logsource): the web attack rules read their URLs, agents and clients as they read
 * an access log's. Every field is also a label under its own name.
 */

/** Security decisions that stop or challenge a request. */
const STOPPED = /^(?:block|drop|challenge|jschallenge|managed_challenge|challenge_failed|jschallenge_failed|captcha)$/i;

/** Cloudflare's timestamps: RFC 3339 text, or Unix seconds or nanoseconds (the Logpush job's `timestamp_format`). */
function cloudflareTime(value: unknown): string | number | undefined {
  if (typeof value === 'string') return str(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  // Nanoseconds (unixnano, the default of older jobs) to milliseconds; seconds as they are.
  return value > 1e15 ? Math.floor(value / 1e6) : value;
}

/** The request's target: Cloudflare's `ClientRequestURI` (path and query), else its path and query fields. */
function cloudflareTarget(record: Json): string | undefined {
  const uri = text(record, 'ClientRequestURI');
  if (uri !== undefined) return uri;
  const path = text(record, 'ClientRequestPath');
  const query = text(record, 'ClientRequestQuery');
  if (path === undefined) return undefined;
  return query === undefined ? path : `${path}${query.startsWith('?') ? '' : '?'}${query}`;
}

function cloudflareRequest(record: Json): EventFields {
  const url = urlFields(cloudflareTarget(record)) ?? {};
  url.domain ??= text(record, 'ClientRequestHost');
  url.scheme ??= text(record, 'ClientRequestScheme');
  return {
    source: { ip: ip(record.ClientIP), port: port(record.ClientSrcPort) },
    url,
    http: {
      version: httpVersion(text(record, 'ClientRequestProtocol')),
      request: { method: text(record, 'ClientRequestMethod'), referrer: text(record, 'ClientRequestReferer') },
      response: { status_code: int(record.EdgeResponseStatus), bytes: num(record.EdgeResponseBytes) },
    },
    user_agent: { original: text(record, 'ClientRequestUserAgent') },
  };
}

type CloudflareDataset = 'http_requests' | 'firewall_events';

function cloudflareDataset(record: Json): CloudflareDataset | undefined {
  if (ip(record.ClientIP) === undefined) return undefined;
  const requested = record.ClientRequestHost !== undefined || record.ClientRequestURI !== undefined || record.ClientRequestPath !== undefined;
  if (!requested) return undefined;
  // firewall_events name the response status too, but carry `Datetime` and the decision instead of the edge's times.
  if (record.Datetime !== undefined && (record.Action !== undefined || record.RuleID !== undefined)) return 'firewall_events';
  if (record.EdgeStartTimestamp !== undefined || record.EdgeResponseStatus !== undefined) return 'http_requests';
  return undefined;
}

function readCloudflare(record: Json): Draft {
  const dataset = cloudflareDataset(record) ?? 'http_requests';
  const fields = cloudflareRequest(record);
  if (dataset === 'http_requests') {
    const decision = text(record, 'SecurityAction') ?? text(record, 'WAFAction');
    const stopped = decision !== undefined && STOPPED.test(decision);
    fields.event = { category: ['web'], type: stopped ? ['access', 'denied'] : ['access'], action: 'http-request', outcome: statusOutcome(fields.http?.response?.status_code), provider: 'cloudflare' };
    const ruleId = text(record, 'SecurityRuleID') ?? text(record, 'WAFRuleID');
    if (ruleId !== undefined) fields.rule = { id: ruleId, name: text(record, 'SecurityRuleDescription') ?? text(record, 'WAFRuleMessage') };
  } else {
    const action = text(record, 'Action') ?? 'unknown';
    fields.event = { category: ['intrusion_detection'], type: [STOPPED.test(action) ? 'denied' : action === 'allow' ? 'allowed' : 'info'], action: `waf-${action.toLowerCase()}`, provider: 'cloudflare' };
    fields.rule = { id: text(record, 'RuleID'), name: text(record, 'Description'), category: text(record, 'Source') };
  }
  fields.labels = recordLabels(record, () => false);
  return { time: cloudflareTime(dataset === 'http_requests' ? record.EdgeStartTimestamp : record.Datetime), dataset: `cloudflare.${dataset}`, fields: compact(fields) };
}

export const cloudflareFormat = defineCloudFormat({
  id: 'cloudflare',
  title: 'Cloudflare Logpush (HTTP requests, firewall events)',
  description: "Cloudflare's Logpush JSON: http_requests as web access records, firewall_events as WAF and security decisions",
  select: (record) => (cloudflareDataset(record) === undefined ? undefined : record),
  read: readCloudflare,
  logsources: [{ category: 'webserver' }],
});

/** AWS WAF's header list (`[{"name":"User-Agent","value":…}]`): a header's first value, by name in any case. */
function header(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined;
  for (const entry of headers) {
    if (isObject(entry) && typeof entry.name === 'string' && entry.name.toLowerCase() === name) return text(entry, 'value');
  }
  return undefined;
}

function isAwsWaf(record: Json): boolean {
  return typeof record.webaclId === 'string' && isObject(record.httpRequest) && typeof record.action === 'string';
}

function readAwsWaf(record: Json): Draft {
  const request = at(record, 'httpRequest');
  const headers = at(request, 'headers');
  const uri = text(request, 'uri');
  const args = text(request, 'args');
  const url = urlFields(uri === undefined ? undefined : args === undefined ? uri : `${uri}?${args}`) ?? {};
  url.domain ??= header(headers, 'host');
  const action = text(record, 'action') ?? '';
  const blocked = /^(?:BLOCK|CAPTCHA|CHALLENGE)$/i.test(action);
  const status = int(record.responseCodeSent);
  const fields: EventFields = {
    event: {
      category: ['web'],
      type: ['access', blocked ? 'denied' : 'allowed'],
      action: 'http-request',
      outcome: status !== undefined ? statusOutcome(status) : blocked ? 'failure' : undefined,
      provider: 'aws-waf',
    },
    source: { ip: ip(at(request, 'clientIp')) },
    url,
    http: {
      version: httpVersion(text(request, 'httpVersion')),
      request: { method: text(request, 'httpMethod'), referrer: header(headers, 'referer') },
      response: { status_code: status },
    },
    user_agent: { original: header(headers, 'user-agent') },
    rule: { id: text(record, 'terminatingRuleId'), name: text(record, 'terminatingRuleId'), category: text(record, 'terminatingRuleType') },
    labels: recordLabels(record, (path) => path === 'httpRequest.headers'),
  };
  const list = Array.isArray(headers) ? headers : [];
  const headerLabels: Record<string, string> = {};
  for (const entry of list.slice(0, 100)) {
    if (isObject(entry) && typeof entry.name === 'string' && typeof entry.value === 'string') setOwn(headerLabels, `httpRequest.headers.${entry.name.toLowerCase()}`, entry.value);
  }
  const labels = (fields.labels ??= {});
  for (const [key, value] of Object.entries(headerLabels)) setOwn(labels, key, value);
  const time = record.timestamp;
  return { time: typeof time === 'number' ? time : text(record, 'timestamp'), dataset: 'aws.waf', fields: compact(fields) };
}

export const awsWafFormat = defineCloudFormat({
  id: 'aws-waf',
  title: 'AWS WAF logs',
  description: "AWS WAF's JSON logs: each request a web ACL inspected, as a web access record with the rule that decided",
  select: matching(isAwsWaf),
  read: readAwsWaf,
  logsources: [{ category: 'webserver' }],
});
