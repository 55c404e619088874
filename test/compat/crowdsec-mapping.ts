import { isIP } from 'node:net';
import type { VigilEvent } from '../../src/schema/event.ts';
import { dotted } from './shared-data.ts';

/**
 * How a CrowdSec s01-parse field (`Parsed.x`, `Meta.x`, `Unmarshaled.<ns>.x`) maps onto our event. Data, not
 * code: each rule names the CrowdSec keys, the event paths tried in order (first defined wins) and how the two
 * values are compared. Keys that appear in no rule have no place in our schema and are listed, not compared.
 */

export type LogType = 'sshd' | 'nginx' | 'apache2' | 'iptables' | 'auditd' | 'proxmox';
export const LOG_TYPES: readonly LogType[] = ['sshd', 'nginx', 'apache2', 'iptables', 'auditd', 'proxmox'];

/** The hub parser whose results each log type is compared with. */
export function parserOf(type: LogType): string {
  return type === 'proxmox' ? 'aderumier/proxmox-iptables-logs' : `crowdsecurity/${type}-logs`;
}

/**
 * - text: same string, edges trimmed ('-' and '' mean "absent", as our `str()` treats placeholders);
 * - address: an IP compares with the `*.ip` path, anything else with `*.domain`;
 * - lower: case-insensitive (PROTO=TCP vs network.transport 'tcp');
 * - yesno: auditd success=yes/no vs event.outcome success/failure;
 * - message: trimmed; a leading kernel uptime `[ 123.456] ` is not part of our message (kept as a label);
 *   formats without a message part (raw web/audit lines) compare with event.original;
 * - url: as text, but an absolute-form target (`POST https://example.com/`) that CrowdSec's pattern reduces to
 *   `//example.com/` agrees with our whole target.
 */
export type Compare = 'text' | 'address' | 'lower' | 'yesno' | 'message' | 'url';

export interface Rule {
  keys: readonly string[];
  paths: readonly string[];
  compare?: Compare;
  /** Only for these log types (a key that means something else elsewhere, e.g. Parsed.program). */
  types?: readonly LogType[];
}

export const MAPPING: readonly Rule[] = [
  {
    keys: ['Meta.source_ip', 'Parsed.sshd_client_ip', 'Parsed.remote_addr', 'Parsed.clientip', 'Parsed.client', 'Parsed.src_ip', 'Unmarshaled.iptables.SRC'],
    paths: ['source.ip', 'source.domain'],
    compare: 'address',
  },
  { keys: ['Unmarshaled.iptables.DST', 'Parsed.dst_ip'], paths: ['destination.ip'] },
  { keys: ['Unmarshaled.iptables.SPT', 'Parsed.src_port', 'Parsed.clientport'], paths: ['source.port'] },
  { keys: ['Unmarshaled.iptables.DPT', 'Parsed.dst_port', 'Parsed.port'], paths: ['destination.port'] },
  { keys: ['Unmarshaled.iptables.PROTO', 'Parsed.proto'], paths: ['network.transport'], compare: 'lower' },
  { keys: ['Unmarshaled.iptables.IN', 'Parsed.int_eth'], paths: ['network.interface.in'], types: ['sshd', 'nginx', 'apache2', 'iptables', 'auditd'] },
  // Proxmox's parser: `iface`/`oface` are netfilter's IN/OUT (its `int_eth` is the chain's interface).
  { keys: ['Parsed.iface'], paths: ['network.interface.in'], types: ['proxmox'] },
  { keys: ['Parsed.oface'], paths: ['network.interface.out'], types: ['proxmox'] },
  { keys: ['Unmarshaled.iptables.OUT'], paths: ['network.interface.out'] },
  {
    keys: ['Meta.target_user', 'Parsed.sshd_invalid_user', 'Parsed.remote_user', 'Parsed.auth', 'Parsed.username', 'Meta.username'],
    paths: ['user.name'],
  },
  { keys: ['Parsed.pid', 'Unmarshaled.auditd.pid'], paths: ['process.pid'] },
  { keys: ['Unmarshaled.auditd.ppid', 'Meta.ppid'], paths: ['process.parent.pid'] },
  { keys: ['Parsed.program'], paths: ['process.name'], types: ['sshd', 'iptables'] },
  { keys: ['Unmarshaled.auditd.comm'], paths: ['process.name'] },
  { keys: ['Unmarshaled.auditd.exe', 'Meta.exe'], paths: ['process.executable'] },
  { keys: ['Unmarshaled.auditd.uid', 'Meta.uid'], paths: ['user.id'] },
  { keys: ['Unmarshaled.auditd.success'], paths: ['event.outcome'], compare: 'yesno' },
  { keys: ['Unmarshaled.auditd.auid', 'Meta.auid'], paths: ['labels.auid'] },
  { keys: ['Unmarshaled.auditd.euid'], paths: ['labels.euid'] },
  { keys: ['Unmarshaled.auditd.gid'], paths: ['labels.gid'] },
  { keys: ['Unmarshaled.auditd.ses'], paths: ['labels.ses'] },
  { keys: ['Unmarshaled.auditd.tty', 'Meta.tty'], paths: ['labels.tty'] },
  { keys: ['Unmarshaled.auditd.arch'], paths: ['labels.arch'] },
  { keys: ['Unmarshaled.auditd.syscall'], paths: ['labels.syscall'] },
  { keys: ['Unmarshaled.auditd.exit'], paths: ['labels.exit'] },
  { keys: ['Unmarshaled.auditd.key'], paths: ['labels.key'] },
  { keys: ['Meta.auditd_eventid', 'Parsed.event_inc_id'], paths: ['labels.serial'] },
  { keys: ['Meta.machine', 'Parsed.hostname'], paths: ['host.name'] },
  { keys: ['Parsed.verb', 'Meta.http_verb'], paths: ['http.request.method'] },
  // A request line that is not `VERB target HTTP/x` (binary probes, TLS on port 80) is kept in labels.request.
  { keys: ['Parsed.request', 'Meta.http_path', 'Parsed.target_uri'], paths: ['url.original', 'labels.request'], compare: 'url' },
  { keys: ['Parsed.status', 'Meta.http_status', 'Parsed.response'], paths: ['http.response.status_code'] },
  { keys: ['Parsed.http_version', 'Parsed.httpversion'], paths: ['http.version'] },
  { keys: ['Parsed.http_user_agent', 'Meta.http_user_agent'], paths: ['user_agent.original'] },
  { keys: ['Parsed.http_referer', 'Parsed.referrer'], paths: ['http.request.referrer'] },
  { keys: ['Parsed.body_bytes_sent', 'Parsed.bytes'], paths: ['http.response.bytes'] },
  { keys: ['Parsed.target_fqdn', 'Meta.target_fqdn'], paths: ['destination.domain', 'url.domain'] },
  { keys: ['Parsed.scheme'], paths: ['url.scheme'] },
  { keys: ['Parsed.errorcode'], paths: ['event.code'] },
  { keys: ['Parsed.message'], paths: ['message', 'event.original'], compare: 'message' },
];

const KERNEL_UPTIME = /^\[\s*\d+\.\d+\]\s*/;

export function ruleFor(key: string, type: LogType): Rule | undefined {
  return MAPPING.find((r) => r.keys.includes(key) && (r.types === undefined || r.types.includes(type)));
}

function firstDefined(event: VigilEvent, paths: readonly string[]): unknown {
  for (const path of paths) {
    const value = dotted(event, path);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The expected and actual values in comparable form (undefined = absent). */
export function comparable(rule: Rule, expected: string, event: VigilEvent | undefined): { want: string | undefined; got: string | undefined } {
  const text = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const placeholder = (v: string): string | undefined => (v === '' || v === '-' ? undefined : v);
  if (event === undefined) return { want: placeholder(expected), got: undefined };
  switch (rule.compare) {
    case 'address': {
      const paths = rule.paths.filter((p) => (isIP(expected) !== 0 ? p.endsWith('.ip') : p.endsWith('.domain')));
      return { want: placeholder(expected), got: text(firstDefined(event, paths)) };
    }
    case 'lower':
      return { want: placeholder(expected)?.toLowerCase(), got: text(firstDefined(event, rule.paths))?.toLowerCase() };
    case 'yesno': {
      const outcomes: Record<string, string> = { yes: 'success', no: 'failure' };
      return { want: outcomes[expected] ?? expected, got: text(firstDefined(event, rule.paths)) };
    }
    case 'url': {
      const want = placeholder(expected.trim());
      const got = text(firstDefined(event, rule.paths))?.trim();
      const schemeDropped = want?.startsWith('//') === true && got !== undefined && /^https?:$/.test(got.slice(0, got.length - want.length)) && got.endsWith(want);
      return { want: schemeDropped ? got : want, got };
    }
    case 'message':
      return { want: expected.trim().replace(KERNEL_UPTIME, ''), got: text(firstDefined(event, rule.paths))?.trim() };
    default:
      return { want: placeholder(expected === '(null)' ? '' : expected.trim()), got: text(firstDefined(event, rule.paths))?.trim() };
  }
}
