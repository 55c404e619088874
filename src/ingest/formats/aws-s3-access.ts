import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ip, setOwn, str } from '../values.ts';
import { labelsOf, parseRequestLine, requestFields, statusOutcome } from './web/http.ts';

/**
 * Amazon S3 server access logs: one line per request to a bucket, space-separated, the time in brackets and the
 * request, referrer and user agent quoted: `<owner> <bucket> [06/Feb/2019:00:00:38 +0000] 192.0.2.3 <requester>
 * <request id> REST.GET.OBJECT <key> "GET /bucket/key HTTP/1.1" 200 - 113 113 7 - "-" "aws-cli/2.15" …`. Requests
 * are web access records (who read or wrote which object, from where, with what status); the operation is the action,
 * the requester (an IAM ARN or a canonical id, `-` for anonymous) the user. Fields without a schema place are labels.
 */

const TOKEN = /\[([^\]]*)\]|"((?:[^"\\]|\\.)*)"|(\S+)/g;
const NAMES = [
  'bucket_owner', 'bucket', 'time', 'remote_ip', 'requester', 'request_id', 'operation', 'key', 'request_uri', 'http_status',
  'error_code', 'bytes_sent', 'object_size', 'total_time', 'turn_around_time', 'referer', 'user_agent', 'version_id', 'host_id',
  'signature_version', 'cipher_suite', 'authentication_type', 'host_header', 'tls_version', 'access_point_arn', 'acl_required',
] as const;
/** Fields the schema holds; the others are labels under AWS's names. */
const MAPPED = new Set(['time', 'remote_ip', 'requester', 'request_uri', 'http_status', 'bytes_sent', 'referer', 'user_agent', 'operation', 'host_header', 'tls_version', 'error_code']);
/** Identifiers that look like hashes to the indicator scan (canonical user ids are 64 hex digits). */
const NOT_INDICATORS = new Set(['bucket_owner', 'request_id', 'host_id']);
const ACCESS_TIME = /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}$/;
const OPERATION = /^(?:REST|WEBSITE|BATCH|S3|SOAP)\.[A-Z_]+(?:\.[A-Z_]+)*$/;

function tokens(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(TOKEN)) out.push(m[1] ?? (m[2] === undefined ? m[3]! : m[2].replace(/\\(.)/g, '$1')));
  return out;
}

function fieldsOf(line: string): Map<string, string> | string {
  const parts = tokens(line);
  if (parts.length < 18) return `expected 18 or more fields, found ${parts.length}`;
  if (!ACCESS_TIME.test(parts[2] ?? '')) return 'no [dd/Mon/yyyy:HH:MM:SS +zzzz] time as the third field';
  if (!OPERATION.test(parts[6] ?? '')) return `"${parts[6] ?? ''}" is not an S3 operation (REST.GET.OBJECT …)`;
  const row = new Map<string, string>();
  NAMES.forEach((name, i) => {
    const value = parts[i];
    if (value !== undefined) row.set(name, value);
  });
  return row;
}

/** The requester: an IAM ARN's last name (`…:user/alice` → alice, an assumed role's session), or as written. */
function requesterName(requester: string | undefined): string | undefined {
  if (requester === undefined || !requester.startsWith('arn:')) return requester;
  const slash = requester.lastIndexOf('/');
  return slash >= 0 ? requester.slice(slash + 1) : requester;
}

function parseLine(line: string): ParseOutcome {
  const row = fieldsOf(line);
  if (typeof row === 'string') return reject(row);
  const get = (name: string): string | undefined => str(row.get(name));
  const status = int(get('http_status'));
  const request = parseRequestLine(row.get('request_uri') ?? '');
  const { url, http } = requestFields(request);
  const labels: Record<string, string | undefined> = {};
  for (const [name, value] of row) if (!MAPPED.has(name)) setOwn(labels, name, str(value));
  const requester = get('requester');
  const errorCode = get('error_code');
  const fields: EventFields = {
    event: { category: ['web'], type: ['access'], action: get('operation'), outcome: statusOutcome(status), reason: errorCode, provider: 's3' },
    source: { ip: ip(get('remote_ip')) },
    user: requester === undefined ? undefined : { name: requesterName(requester), id: requester },
    url: url === undefined ? undefined : { ...url, domain: url.domain ?? get('host_header') },
    http: { ...http, request: { ...http?.request, referrer: get('referer') }, response: { status_code: status, bytes: int(get('bytes_sent')) } },
    user_agent: { original: get('user_agent') },
    tls: { version: get('tls_version') },
    cloud: { provider: 'aws', service: { name: 's3' } },
    labels: labelsOf(labels),
  };
  const indicatorText = NAMES.filter((name) => !NOT_INDICATORS.has(name) && !(name === 'requester' && requester !== undefined && /^[0-9a-f]{64}$/.test(requester)))
    .map((name) => row.get(name) ?? '')
    .join(' ');
  return events({ time: get('time'), dataset: 'aws.s3access', fields: compact(fields), indicatorText });
}

export const awsS3AccessFormat = defineFormat({
  id: 'aws-s3-access',
  title: 'Amazon S3 server access log',
  description: 'S3 server access logs: requester, client address, operation, bucket and key, request, status, bytes, TLS',
  framing: 'lines',
  sniff: sniffLines((line) => typeof fieldsOf(line) !== 'string'),
  createParser: stateless((record) => parseLine(record.text)),
  logsources: [{ category: 'webserver' }],
});
