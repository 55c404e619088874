import type { VigilEvent } from '../../../schema/event.ts';
import { isAuditConnect } from '../fields/auditd.ts';
import { hasCategory, hasType } from '../read.ts';
import { isAuditdEvent, isGeneric, isSyslogFormat, looksUnix, looksWindows } from '../event-kind.ts';
import type { Selector } from './windows.ts';

/**
 * Linux, web, network and Zeek logsources. Syslog programs are told apart by the dataset our syslog
 * reader gives them (`sshd`, `sudo`, `su`, `cron`, `useradd`…, `iptables`/`ufw`/`firewalld` for netfilter).
 */

const isAuditd = isAuditdEvent;
/** Syslog lines and the journal's entries, but not the audit records the journal carries (those are auditd's). */
const isSyslog = (e: VigilEvent): boolean => isSyslogFormat(e.vigil.format) && !isAuditd(e);

/** Datasets of programs that write to auth.log (authpriv), besides any authentication/session record. */
const AUTH_DATASETS: ReadonlySet<string> = new Set([
  'sshd', 'sudo', 'su', 'useradd', 'userdel', 'usermod', 'groupadd', 'groupdel', 'groupmod', 'passwd', 'gpasswd', 'chpasswd',
]);

function authLog(e: VigilEvent): boolean {
  if (!isSyslog(e)) return false;
  return AUTH_DATASETS.has(e.event.dataset) || hasCategory(e, 'authentication') || hasCategory(e, 'session') || hasCategory(e, 'iam');
}

function dataset(name: string): Selector {
  return (e) => isSyslog(e) && e.event.dataset === name;
}

export const LINUX_SERVICES: ReadonlyMap<string, Selector> = new Map<string, Selector>([
  ['auth', authLog],
  ['sshd', dataset('sshd')],
  ['sudo', dataset('sudo')],
  ['su', dataset('su')],
  ['cron', dataset('cron')],
  ['syslog', isSyslog],
  ['auditd', isAuditd],
]);

/** Any other Linux service is the syslog program of that name (`vsftpd`, `clamav`, `guacamole`…), or its own log format (vsftpd.log). */
export function syslogProgram(service: string): Selector {
  return (e) => {
    if (e.vigil.format === service) return true;
    if (!isSyslog(e)) return false;
    const program = e.event.provider;
    return program !== undefined && (program === service || program.toLowerCase() === service);
  };
}

function genericUnix(e: VigilEvent): boolean {
  return isGeneric(e) && looksUnix(e) && !looksWindows(e);
}

/** Sysmon for Linux's events of one of its event ids (they come through syslog or the journal). */
function linuxSysmon(...codes: string[]): Selector {
  return (e) => e.event.dataset === 'linux.sysmon' && e.event.code !== undefined && codes.includes(e.event.code);
}

const sysmonProcessStart = linuxSysmon('1');

/** Sysmon for Linux's process creations; commands started for someone else, logged by sudo (allowed ones) and cron; auditd's execve and USER_CMD. */
function linuxProcessStart(e: VigilEvent): boolean {
  if (isAuditd(e)) return e.event.action === 'execve' || e.event.action === 'user-cmd';
  if (isSyslog(e)) {
    if (sysmonProcessStart(e)) return true;
    return (e.event.action === 'sudo-command' && !hasType(e, 'denied')) || e.event.action === 'cron-command';
  }
  return genericUnix(e) && hasCategory(e, 'process') && hasType(e, 'start');
}

function auditPath(nametype: string): Selector {
  const marker = `nametype=${nametype}`;
  return (e) => isAuditd(e) && e.event.original.includes(marker);
}

const auditCreate = auditPath('CREATE');
const auditDelete = auditPath('DELETE');

function genericFile(type: string): Selector {
  return (e) => genericUnix(e) && hasCategory(e, 'file') && hasType(e, type);
}

const genericFileCreation = genericFile('creation');
const genericFileDeletion = genericFile('deletion');

const sysmonProcessEnd = linuxSysmon('5');
const sysmonConnection = linuxSysmon('3');
const sysmonFileCreate = linuxSysmon('11');
const sysmonFileDelete = linuxSysmon('23', '26');

export const LINUX_CATEGORIES: ReadonlyMap<string, Selector> = new Map<string, Selector>([
  ['process_creation', linuxProcessStart],
  ['process_termination', (e) => sysmonProcessEnd(e) || (genericUnix(e) && hasCategory(e, 'process') && hasType(e, 'end'))],
  ['network_connection', (e) => sysmonConnection(e) || isAuditConnect(e) || (genericUnix(e) && hasCategory(e, 'network') && hasType(e, 'connection'))],
  ['file_event', (e) => sysmonFileCreate(e) || auditCreate(e) || genericFileCreation(e)],
  ['file_delete', (e) => sysmonFileDelete(e) || auditDelete(e) || genericFileDeletion(e)],
]);

/**
 * HTTP on its way to any server, as network sensors see it on the wire (Zeek, Suricata) and forward proxies log it
 * (Squid): Sigma's proxy category, not a web server's own requests.
 */
const SENSOR_HTTP_DATASETS: ReadonlySet<string> = new Set(['zeek.http', 'suricata.http', 'squid.access']);

/**
 * A request a web server or application answered, whichever reader read it: web servers' and load balancers' access
 * logs, applications' request logs (Gin, GitLab, CouchDB, requests told in plain text), JSON and key=value records,
 * JSON messages in syslog. Not a sensor's view of traffic.
 */
function webAccess(e: VigilEvent): boolean {
  return hasCategory(e, 'web') && hasType(e, 'access') && !SENSOR_HTTP_DATASETS.has(e.event.dataset);
}

/** Records of the server that answered (its Host header is its own name, not a destination). */
const SERVER_SIDE_FORMATS: ReadonlySet<string> = new Set(['iis-w3c', 'apache-error', 'modsecurity-audit', 'modsecurity-audit-json']);

/** Proxy-like requests: Zeek's and Suricata's http, Squid's log, and any request naming the host it went to (absolute URLs, CEF/LEEF). */
function proxy(e: VigilEvent): boolean {
  if (SENSOR_HTTP_DATASETS.has(e.event.dataset)) return true;
  return e.url?.domain !== undefined && e.url.original !== undefined && !SERVER_SIDE_FORMATS.has(e.vigil.format);
}

/** Syslog datasets of firewall verdicts: netfilter (iptables, UFW, firewalld), pf (pfSense, OPNsense filterlog), Cisco ASA, MikroTik RouterOS, Check Point, Juniper SRX sessions. */
const NETFILTER_DATASETS: ReadonlySet<string> = new Set(['iptables', 'ufw', 'firewalld', 'filterlog', 'cisco.asa', 'routeros.firewall', 'checkpoint.firewall', 'juniper.flow']);

/** Netfilter lines, and any record of traffic allowed or denied between addresses (CEF/LEEF, JSON, CSV, WFP). */
function firewall(e: VigilEvent): boolean {
  if (isSyslog(e)) return NETFILTER_DATASETS.has(e.event.dataset);
  if (!hasType(e, 'allowed') && !hasType(e, 'denied')) return false;
  return e.source?.ip !== undefined || e.destination?.ip !== undefined;
}

/** DNS records of sensors (Zeek, Suricata) and resolvers (BIND's queries and refusals, the Windows DNS Server's debug log, Route 53 Resolver's query log). */
const DNS_DATASETS: ReadonlySet<string> = new Set(['zeek.dns', 'suricata.dns', 'bind9.query', 'aws.route53_resolver']);

function dns(e: VigilEvent): boolean {
  if (DNS_DATASETS.has(e.event.dataset)) return true;
  // The Windows DNS Server's questions from its clients; its answers and forwarded queries would count each name again.
  if (e.event.dataset === 'windows.dns_server') return e.event.action === 'dns-query';
  if (e.event.dataset === 'bind9') return e.dns?.question?.name !== undefined;
  // dnsmasq's (and Pi-hole's) clients' questions; its forwards and answers are lines of their own about the same query.
  if (e.event.dataset === 'dnsmasq') return e.event.action === 'dns-query';
  return isGeneric(e) && e.dns?.question?.name !== undefined;
}

export const NETWORK_CATEGORIES: ReadonlyMap<string, Selector> = new Map<string, Selector>([
  ['webserver', webAccess],
  ['proxy', proxy],
  ['firewall', firewall],
  ['dns', dns],
  /** Vigil's own: every authentication record, whatever its source (brute force across logs). */
  ['authentication', (e) => hasCategory(e, 'authentication')],
  /** Vigil's own: configuration changed (services and tasks installed, audit policy, logs cleared, appliances' commands). */
  ['configuration', (e) => hasCategory(e, 'configuration')],
  /** Vigil's own: software installed, upgraded or removed, whatever the packager (Windows Installer, dpkg, apt). */
  ['package', (e) => hasCategory(e, 'package')],
  /** Vigil's own: alerts of intrusion detection systems (Suricata, Snort) with the signature that raised them. */
  ['ids', (e) => hasCategory(e, 'intrusion_detection') && e.rule?.name !== undefined],
]);

const apacheError = (e: VigilEvent): boolean => e.event.dataset === 'apache.error';
const nginxError = (e: VigilEvent): boolean => e.event.dataset === 'nginx.error';
const accessLog = (e: VigilEvent): boolean => e.event.dataset === 'web.access';

/** Web servers named as product or service: their error log and the (shared) access log format. */
export const WEB_SERVERS: ReadonlyMap<string, Selector> = new Map<string, Selector>([
  ['apache', (e) => apacheError(e) || accessLog(e)],
  ['nginx', (e) => nginxError(e) || accessLog(e)],
  ['tomcat', accessLog],
  ['iis', (e) => e.event.dataset === 'iis.access'],
]);

export function isZeek(e: VigilEvent): boolean {
  return e.vigil.format === 'zeek-json' || e.vigil.format === 'zeek-tsv';
}

const FLOW_DATASETS: ReadonlySet<string> = new Set(['zeek.conn', 'suricata.flow', 'suricata.netflow', 'aws.vpcflow', 'gcp.vpcflow', 'azure.flow']);

/** Flow records without a product: Zeek's conn log, Suricata's flow and netflow records, AWS's and Google's VPC Flow Logs, Azure's flow logs. */
export const FLOW_SERVICES: ReadonlyMap<string, Selector> = new Map<string, Selector>([['netflow', (e) => FLOW_DATASETS.has(e.event.dataset)]]);

/** Suricata's EVE records; its services are their event types (`alert`, `dns`, `http`, `tls`, `flow`…). */
export const isSuricata = (e: VigilEvent): boolean => e.vigil.format === 'suricata-eve';

export function suricataService(service: string): Selector {
  const name = `suricata.${service}`;
  return (e) => isSuricata(e) && e.event.dataset === name;
}

export function zeekService(service: string): Selector {
  const name = `zeek.${service}`;
  return (e) => e.event.dataset === name;
}
