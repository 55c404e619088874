import type { EventFields } from '../../schema/event.ts';
import type { Draft } from '../format.ts';
import { buildFields } from './aliases/build.ts';
import type { Kind } from './aliases/convert.ts';
import { compileAliases, compileKeys, resolveRecord } from './aliases/resolve.ts';
import { withLoginClaim } from './login-text.ts';
import { withWafAlert } from './web/modsecurity.ts';

/**
 * Field aliases for generic records (JSON objects, CSV rows): for each schema field, the keys tools use for
 * it, best first. Keys match ignoring case and `.`/`_`/`-`/space (`src_ip` = `SrcIP` = `src-ip`), as a
 * flat key or a nested path (`source.ip` matches `{"source":{"ip":…}}`), also under wrapper objects such as
 * `data` or `_source`. A value that does not fit the field's kind (`status: "info"` for an HTTP status) is
 * skipped and the next candidate tried.
 */
export interface FieldAlias {
  target: string;
  kind: Kind;
  keys: readonly string[];
}

export const FIELD_ALIASES = [
  { target: '@timestamp', kind: 'time', keys: ['@timestamp', 'timestamp', 'time', 'ts', 'datetime', 'date', 'eventtime', 'event_time', 'event.created', 'created_at', 'logtime', '_time', 'EventTime', 'TimeCreated', 'TimeCreated.SystemTime', 'TimeGenerated', 'UtcTime', 'generated_at', 'received_at', 'start_time', 'published', 'time_local', 'time_iso8601', '@t', 'asctime', 't'] },
  { target: 'event.dataset', kind: 'word', keys: ['event.dataset', 'dataset', 'log_type', 'source', 'sourcetype', 'source_type', 'log_source'] },
  { target: 'source.ip', kind: 'ip', keys: ['source.ip', 'src_ip', 'source_ip', 'client.ip', 'client_ip', 'src_addr', 'source_address', 'sourceIPAddress', 'client.ipAddress', 'src', 'remote_addr', 'remote_ip', 'c-ip', 'ipaddress', 'ip', 'client', 'remote_host', 'source', 'request.client_ip', 'request.remote_ip', 'ClientHost', 'src_host', 'downstream_remote_address', 'peer_ip', 'rhost', 'remote', 'request_ip', 'visitor_ip', 'addr.remote', 'req.remoteAddress', 'remoteAddress'] },
  { target: 'source.port', kind: 'port', keys: ['source.port', 'src_port', 'source_port', 'client.port', 'client_port', 'sport', 'spt', 'remote_port', 'c-port', 'request.remote_port', 'ClientPort', 'downstream_remote_address', 'req.remotePort'] },
  { target: 'source.domain', kind: 'domain', keys: ['source.domain', 'src_host', 'source_host', 'src_hostname', 'shost', 'client_host', 'remote_host', 'workstation_name'] },
  { target: 'source.mac', kind: 'text', keys: ['source.mac', 'src_mac', 'smac'] },
  { target: 'destination.ip', kind: 'ip', keys: ['destination.ip', 'dst_ip', 'dest_ip', 'destination_ip', 'server.ip', 'server_ip', 'dst_addr', 'dest_addr', 'destination_address', 'dest_address', 's-ip', 'target_ip', 'dst', 'dest', 'destination', 'dst_host'] },
  { target: 'destination.port', kind: 'port', keys: ['destination.port', 'dst_port', 'dest_port', 'destination_port', 'server.port', 'server_port', 'dport', 'dpt', 's-port', 'target_port', 'port'] },
  { target: 'destination.domain', kind: 'domain', keys: ['destination.domain', 'dst_host', 'dest_host', 'destination_host', 'dst_hostname', 'dhost', 'target_host'] },
  { target: 'destination.mac', kind: 'text', keys: ['destination.mac', 'dst_mac', 'dmac'] },
  { target: 'user.name', kind: 'text', keys: ['user.name', 'user', 'username', 'user_name', 'usr', 'account', 'account_name', 'login', 'login_name', 'suser', 'TargetUserName', 'src_user', 'userPrincipalName', 'userIdentity.userName', 'actor', 'principal', 'logdata.USERNAME', 'uname', 'principalName'] },
  { target: 'user.domain', kind: 'text', keys: ['user.domain', 'user_domain', 'account_domain', 'TargetDomainName'] },
  { target: 'user.id', kind: 'text', keys: ['user.id', 'user_id', 'uid', 'TargetUserSid', 'user_sid'] },
  { target: 'user.target.name', kind: 'text', keys: ['user.target.name', 'target_user', 'dst_user', 'duser', 'target_account'] },
  { target: 'user.effective.name', kind: 'text', keys: ['user.effective.name', 'sudo_user', 'run_as', 'effective_user', 'euser'] },
  { target: 'host.name', kind: 'text', keys: ['host.name', 'host', 'hostname', 'host_name', 'computer', 'computer_name', 'device', 'device_name', 'dvchost', 'server', 'machine', 'machine_name', 'node', 'host.hostname', 'observer.hostname', 'agent.hostname', 'agent.name'] },
  { target: 'host.ip', kind: 'ip', keys: ['host.ip', 'host_ip', 'device_ip', 'dvc', 'observer.ip', 'agent.ip'] },
  { target: 'event.action', kind: 'text', keys: ['event.action', 'action', 'event_action', 'activity', 'operation', 'event_name', 'act'] },
  { target: 'event.outcome', kind: 'outcome', keys: ['event.outcome', 'outcome', 'event_outcome', 'result', 'status', 'success', 'succeeded', 'auth_result', 'login_result', 'disposition'] },
  { target: 'event.code', kind: 'code', keys: ['event.code', 'event_id', 'event_code', 'id'] },
  { target: 'event.provider', kind: 'text', keys: ['event.provider', 'provider', 'eventSource', 'provider_name', 'source_name', 'program', 'programname', 'syslog_program', 'ident', 'logger', 'logger_name'] },
  { target: 'event.module', kind: 'word', keys: ['event.module', 'module'] },
  { target: 'event.severity', kind: 'num', keys: ['event.severity', 'severity', 'sev', 'severity_level', 'level', 'priority', 'alert.severity'] },
  { target: 'event.category', kind: 'category', keys: ['event.category', 'category', 'event_category'] },
  { target: 'event.type', kind: 'type', keys: ['event.type'] },
  { target: 'event.reason', kind: 'text', keys: ['event.reason', 'reason', 'failure_reason', 'status_reason'] },
  { target: 'process.name', kind: 'text', keys: ['process.name', 'process_name', 'proc_name', 'process', 'proc', 'image_name', 'comm'] },
  { target: 'process.pid', kind: 'int', keys: ['process.pid', 'pid', 'process_id', 'proc_id'] },
  { target: 'process.executable', kind: 'text', keys: ['process.executable', 'executable', 'exe', 'image', 'process_path', 'NewProcessName'] },
  { target: 'process.command_line', kind: 'text', keys: ['process.command_line', 'command_line', 'cmdline', 'cmd', 'command', 'process_command_line'] },
  { target: 'process.working_directory', kind: 'text', keys: ['process.working_directory', 'working_directory', 'cwd', 'current_directory'] },
  { target: 'process.parent.name', kind: 'text', keys: ['process.parent.name', 'parent_process', 'parent_name', 'parent_process_name', 'ParentImage', 'parent_image'] },
  { target: 'process.parent.pid', kind: 'int', keys: ['process.parent.pid', 'ppid', 'parent_pid', 'parent_process_id'] },
  { target: 'process.parent.executable', kind: 'text', keys: ['process.parent.executable', 'parent_executable', 'parent_path'] },
  { target: 'process.parent.command_line', kind: 'text', keys: ['process.parent.command_line', 'parent_command_line', 'parent_cmdline'] },
  { target: 'file.path', kind: 'text', keys: ['file.path', 'file_path', 'TargetFilename', 'object_name', 'file'] },
  { target: 'file.name', kind: 'text', keys: ['file.name', 'file_name', 'filename'] },
  { target: 'http.request.method', kind: 'method', keys: ['http.request.method', 'method', 'http_method', 'request_method', 'cs-method', 'http.http_method', 'request.method', 'RequestMethod', 'req.method'] },
  { target: 'http.request.referrer', kind: 'text', keys: ['http.request.referrer', 'referrer', 'referer', 'http_referer', 'http_referrer', 'cs(Referer)', 'req.referer', 'req.headers.referer'] },
  { target: 'http.response.status_code', kind: 'status', keys: ['http.response.status_code', 'status_code', 'http_status', 'http_status_code', 'sc-status', 'response_code', 'response_status', 'status', 'DownstreamStatus', 'res.statusCode'] },
  { target: 'http.response.bytes', kind: 'num', keys: ['http.response.bytes', 'bytes_sent', 'body_bytes_sent', 'sc-bytes', 'response_bytes', 'response_size', 'DownstreamContentSize', 'res.contentLength'] },
  { target: 'http.version', kind: 'text', keys: ['http.version', 'http_version'] },
  { target: 'url.original', kind: 'text', keys: ['url.original', 'url', 'uri', 'request_uri', 'request_url', 'full_url', 'cs-uri', 'http.url', 'request.uri', 'RequestPath', 'x-envoy-origin-path', 'x-envoy-original-path', 'req.url'] },
  { target: 'url.path', kind: 'text', keys: ['url.path', 'uri_path', 'request_path', 'cs-uri-stem', 'uri_stem'] },
  { target: 'url.query', kind: 'text', keys: ['url.query', 'query_string', 'cs-uri-query', 'uri_query', 'url_query'] },
  { target: 'url.domain', kind: 'domain', keys: ['url.domain', 'http_host', 'cs-host', 'vhost', 'virtual_host', 'http.hostname', 'request.host', 'RequestHost', ':authority', 'authority'] },
  { target: 'user_agent.original', kind: 'text', keys: ['user_agent.original', 'user_agent', 'http_user_agent', 'cs(User-Agent)', 'ua', 'http.http_user_agent', 'request.headers.User-Agent', 'request_User-Agent', 'req.userAgent', 'req.headers.user-agent'] },
  { target: 'network.transport', kind: 'lower', keys: ['network.transport', 'transport', 'protocol', 'proto', 'ip_protocol'] },
  { target: 'network.protocol', kind: 'lower', keys: ['network.protocol', 'app_protocol', 'application_protocol', 'app_proto'] },
  { target: 'network.direction', kind: 'lower', keys: ['network.direction', 'direction'] },
  { target: 'network.bytes', kind: 'num', keys: ['network.bytes', 'total_bytes', 'bytes_total'] },
  { target: 'network.packets', kind: 'num', keys: ['network.packets', 'packets', 'total_packets'] },
  { target: 'service.name', kind: 'text', keys: ['service.name', 'service', 'service_name', 'app', 'app_name', 'application'] },
  { target: 'rule.name', kind: 'text', keys: ['rule.name', 'rule', 'rule_name', 'signature', 'alert.signature', 'alert_name', 'rule.description'] },
  { target: 'rule.id', kind: 'text', keys: ['rule.id', 'rule_id', 'signature_id', 'alert.signature_id'] },
  { target: 'rule.category', kind: 'text', keys: ['rule.category', 'alert.category', 'classtype'] },
  { target: 'dns.question.name', kind: 'domain', keys: ['dns.question.name', 'qname', 'query_name', 'dns_query'] },
  { target: 'message', kind: 'message', keys: ['message', 'msg', 'description', 'log', 'text', 'event_message', 'summary', 'short_message', 'full_message', '@m', 'full_log', 'content'] },
  // Keys whose schema slot depends on the record: `path` is a URL path in web records, else a file path;
  // `bytes` is the response size in web records, else the connection's bytes.
  { target: 'path', kind: 'text', keys: ['path'] },
  { target: 'bytes', kind: 'num', keys: ['bytes'] },
] as const satisfies readonly FieldAlias[];

export type Target = (typeof FIELD_ALIASES)[number]['target'];

/** Fields whose values describe the event's type (`event_type: "login_failed"`). */
export const TYPE_HINT_KEYS: readonly string[] = ['event_type', 'event.type', 'type', 'subtype', 'event_subtype', 'event_name', 'event'];
/** Fields whose values describe the log (`source: "fw"`, `log_type: "auth"`). */
export const SOURCE_HINT_KEYS: readonly string[] = ['event.category', 'category', 'log_type', 'source', 'dataset', 'event.dataset', 'sourcetype', 'event.module', 'module', 'channel'];

const COMPILED = {
  ...compileAliases(FIELD_ALIASES),
  typeHints: compileKeys(TYPE_HINT_KEYS),
  sourceHints: compileKeys(SOURCE_HINT_KEYS),
};

export interface MapOptions {
  /** User mapping, source key → schema path (`src` → `source.ip`, `when` → `@timestamp`); wins over the aliases. */
  mapping?: Readonly<Record<string, string>>;
  /** `event.dataset` when the record names none (`json`, `csv`). */
  dataset: string;
}

/** Keys whose text says what went wrong, for records without a message (SFTPGo: `"error":"invalid credentials"`). */
const ERROR_KEYS = ['error', 'err', 'error_message'] as const;

/** The text a record tells its story in: its message, else its error or reason. */
function toldText(fields: EventFields): string | undefined {
  if (fields.message !== undefined) return fields.message;
  const labels = fields.labels;
  if (labels !== undefined) for (const key of ERROR_KEYS) if (Object.hasOwn(labels, key)) return labels[key];
  return fields.event?.reason;
}

/** Maps one flat or nested record to a draft: aliased fields, derived event block, the rest as labels. */
export function mapRecord(record: Record<string, unknown>, options: MapOptions): Draft {
  const resolved = resolveRecord(record, options.mapping, COMPILED);
  const dataset = resolved.values.get('event.dataset');
  const draft: Draft = {
    dataset: typeof dataset === 'string' ? dataset : options.dataset,
    fields: buildFields(resolved),
  };
  // A web application firewall's alert carried as a message (Caddy's Coraza, a shipped ModSecurity line).
  draft.fields = withLoginClaim(withWafAlert(draft.fields, draft.fields.message), toldText(draft.fields));
  const time = resolved.values.get('@timestamp');
  if (typeof time === 'string' || typeof time === 'number') draft.time = time;
  if (resolved.timeIsUtc) draft.timeIsUtc = true;
  return draft;
}
