import type { LogSource } from '../../types.ts';
import { isLinuxEvent, isWindowsEvent } from '../event-kind.ts';
import { CLOUD_PRODUCTS, cloudService } from './cloud.ts';
import { FLOW_SERVICES, LINUX_CATEGORIES, LINUX_SERVICES, NETWORK_CATEGORIES, WEB_SERVERS, isSuricata, isZeek, suricataService, syslogProgram, zeekService } from './other.ts';
import { WINDOWS_CATEGORIES, WINDOWS_SERVICES, type Selector } from './windows.ts';

/**
 * Which events a Sigma logsource selects. Each given part (product, category, service) is a selector and
 * the logsource is their conjunction, so `category: process_creation` alone takes every operating system's
 * process starts and `product: windows` narrows it. A part we have no data for makes the whole logsource
 * unsupported (undefined), never an empty selection.
 */

const PRODUCTS: ReadonlyMap<string, Selector> = new Map<string, Selector>([
  ['windows', isWindowsEvent],
  ['linux', isLinuxEvent],
  ['zeek', isZeek],
  ['suricata', isSuricata],
  ['apache', WEB_SERVERS.get('apache') ?? (() => false)],
  ['nginx', WEB_SERVERS.get('nginx') ?? (() => false)],
  ['fortigate', (e) => e.vigil.format === 'fortigate'],
  // Cisco IOS / IOS XE messages (their `%FACILITY-SEVERITY-MNEMONIC`), read from syslog, and Cisco Duo's authentication log.
  ['cisco', (e) => e.event.dataset === 'cisco.ios' || e.event.dataset === 'duo.authentication'],
  // Zero Networks' RPC Firewall: Windows events of its own log, RPCFW.
  ['rpc_firewall', (e) => isWindowsEvent(e) && (e.winlog?.channel?.toUpperCase() === 'RPCFW' || e.event.provider?.toUpperCase() === 'RPCFW')],
  // OpenCanary honeypot records (JSON): a numeric `logtype` and the canary's `node_id`, kept as labels.
  ['opencanary', (e) => e.vigil.format === 'generic-json' && e.labels?.logtype !== undefined && e.labels.node_id !== undefined],
  // Applications Vigil reads into datasets of their own, from their own logs or from syslog.
  ['cowrie', (e) => e.event.dataset === 'cowrie'],
  ['sshesame', (e) => e.event.dataset === 'sshesame'],
  ['fail2ban', (e) => e.event.dataset === 'fail2ban'],
  ['lfd', (e) => e.event.dataset === 'lfd'],
  ['asterisk', (e) => e.event.dataset === 'asterisk'],
  ['freeswitch', (e) => e.event.dataset === 'freeswitch'],
  ['webmin', (e) => e.event.dataset === 'webmin'],
  ['exchange', (e) => e.event.dataset.startsWith('exchange.')],
  ['gitlab', (e) => e.event.dataset.startsWith('gitlab.')],
  ['proxifier', (e) => e.event.dataset === 'proxifier'],
  ['squid', (e) => e.event.dataset === 'squid.access'],
  ['nginx_proxy_manager', (e) => e.event.dataset === 'nginx_proxy_manager.access'],
  ...CLOUD_PRODUCTS,
]);

/**
 * Sigma's `category: application` (an application's own log) always comes with a product that names the
 * application (`opencanary`, `django`…); the product selects, and the category adds nothing to it.
 */
const APPLICATION: Selector = () => true;

function anyOf(selectors: Selector[]): Selector | undefined {
  const [a, b, c] = selectors;
  if (a === undefined) return undefined;
  if (b === undefined) return a;
  if (c === undefined) return (e) => a(e) || b(e);
  return (e) => selectors.some((s) => s(e));
}

function allOf(selectors: Selector[]): Selector {
  const [a, b, c] = selectors;
  if (a === undefined) return () => true;
  if (b === undefined) return a;
  if (c === undefined) return (e) => a(e) && b(e);
  return (e) => a(e) && b(e) && c(e);
}

/**
 * Cisco services as SigmaHQ's Cisco rules name them: `aaa` the CLI commands the device logs (command accounting
 * as `PARSER-5-CFGLOG_LOGGEDCMD`), `syslog`, `bgp` and `ldp` its messages (those rules' keywords name the
 * mnemonics), `duo` Duo's authentication log (format `duo`).
 */
function ciscoService(service: string): Selector | undefined {
  if (service === 'aaa') return (e) => e.event.dataset === 'cisco.ios' && e.event.action === 'cli-command';
  if (service === 'syslog' || service === 'bgp' || service === 'ldp') return (e) => e.event.dataset === 'cisco.ios';
  if (service === 'duo') return (e) => e.event.dataset === 'duo.authentication';
  return undefined;
}

export function categorySelector(category: string): Selector | undefined {
  const found = [WINDOWS_CATEGORIES.get(category), LINUX_CATEGORIES.get(category), NETWORK_CATEGORIES.get(category), category === 'application' ? APPLICATION : undefined];
  return anyOf(found.filter((s): s is Selector => s !== undefined));
}

export function serviceSelector(product: string | undefined, service: string): Selector | undefined {
  if (product === 'windows') return WINDOWS_SERVICES.get(service) ?? (service === 'iis' ? WEB_SERVERS.get('iis') : undefined);
  if (product === 'linux') return LINUX_SERVICES.get(service) ?? syslogProgram(service);
  if (product === 'zeek') return zeekService(service);
  if (product === 'suricata') return suricataService(service);
  if (product === 'cisco') return ciscoService(service);
  // FortiGate's log types (`event`, `traffic`, `utm`) are its services, as in SigmaHQ's FortiGate rules.
  if (product === 'fortigate') return (e) => e.event.dataset === `fortigate.${service}`;
  if (product !== undefined) return CLOUD_PRODUCTS.has(product) ? cloudService(product, service) : undefined;
  return WEB_SERVERS.get(service) ?? FLOW_SERVICES.get(service) ?? WINDOWS_SERVICES.get(service) ?? LINUX_SERVICES.get(service);
}

/** The selector of a logsource, or undefined when one of its parts names data we never have. */
export function logsourceSelector(logsource: LogSource): Selector | undefined {
  const parts: Selector[] = [];
  const { product, category, service } = logsource;
  if (product !== undefined) {
    const selector = PRODUCTS.get(product);
    if (selector === undefined) return undefined;
    parts.push(selector);
  }
  if (category !== undefined) {
    const selector = categorySelector(category);
    if (selector === undefined) return undefined;
    parts.push(selector);
  }
  if (service !== undefined) {
    const selector = serviceSelector(product, service);
    if (selector === undefined) return undefined;
    parts.push(selector);
  }
  return allOf(parts);
}
