import type { FieldGetter, LogSource } from '../../types.ts';
import { ecsField } from '../ecs-paths.ts';
import { LINUX_CATEGORIES, LINUX_SERVICES, WEB_SERVERS } from '../logsources/other.ts';
import { WINDOWS_CATEGORIES, WINDOWS_CHANNELS } from '../logsources/windows.ts';
import { WINDOWS_EVENT_FORMATS, isAuditdEvent } from '../event-kind.ts';
import { absent, eventData, labelAnyCase } from '../read.ts';
import { CLOUD_PRODUCTS, RECORD_ALIASES, RECORD_PARAMETERS } from '../logsources/cloud.ts';
import { auditField } from './auditd.ts';
import { RECORD_DERIVED } from './cloud-derived.ts';
import { AUDITD, LINUX_PROCESS, LINUX_SYSLOG } from './linux.ts';
import { DNS, FIREWALL, HTTP, ZEEK } from './network.ts';
import { recordField } from './record.ts';
import type { FieldDef, Taxonomy } from './taxonomy.ts';
import { WINDOWS, WINDOWS_PROCESS_CREATION } from './windows.ts';

/**
 * Name resolution for one logsource, in this order:
 *  1. the Sigma taxonomies that apply to the logsource (Windows, Linux, auditd, web, firewall, DNS, Zeek);
 *  2. our own schema names (`source.ip`, `user.name`…), under every logsource;
 *  3. the raw fields of sources whose field names are open-ended: Windows EventData (any Windows logsource;
 *     records of other formats selected there answer from their labels), auditd record keys
 *     (`service: auditd`), Zeek columns our reader kept in labels (`product: zeek`), FortiGate's key=value
 *     pairs, kept in labels (`product: fortigate`), OpenCanary's record keys (`product: opencanary`), Suricata's
 *     EVE keys and Duo's record keys, read from the original record (`product: suricata`; `cisco` with `service: duo`).
 * Cloud audit products (`aws`…) are the exception: their rules name the provider's record fields, so a name is
 * read from the original record (fields/record.ts) first; our schema names answer what the record lacks.
 * A name none of these knows is unknown: the engine reports the rule unsupported, naming the field.
 */

interface Plan {
  tables: Taxonomy[];
  windows: boolean;
  auditd: boolean;
  labels: boolean;
  /** Names read from the original JSON record by the source's own paths (Suricata's EVE: `alert.signature`, `dns.rrname`; Duo's `reason`). */
  record: boolean;
}

const HTTP_CATEGORIES: ReadonlySet<string> = new Set(['webserver', 'proxy']);

function isWindowsLogsource({ product, category, service }: LogSource): boolean {
  if (product === 'windows' || product === 'rpc_firewall') return true;
  if (product !== undefined) return false;
  return (category !== undefined && WINDOWS_CATEGORIES.has(category)) || (service !== undefined && Object.hasOwn(WINDOWS_CHANNELS, service));
}

function isLinuxLogsource({ product, category, service }: LogSource): boolean {
  if (product === 'linux') return true;
  if (product !== undefined) return false;
  return (category !== undefined && LINUX_CATEGORIES.has(category)) || (service !== undefined && LINUX_SERVICES.has(service));
}

function linuxTables({ category, service }: LogSource): Taxonomy[] {
  const tables: Taxonomy[] = [];
  if (service === 'auditd') tables.push(AUDITD);
  if (category !== undefined || service === undefined) tables.push(LINUX_PROCESS);
  if ((service !== undefined && service !== 'auditd') || category === undefined) tables.push(LINUX_SYSLOG);
  return tables;
}

function plan(logsource: LogSource): Plan {
  const { product, category, service } = logsource;
  const tables: Taxonomy[] = [];
  const windows = isWindowsLogsource(logsource);
  const linux = isLinuxLogsource(logsource);
  if (windows) tables.push(...(category === 'process_creation' ? [WINDOWS_PROCESS_CREATION, WINDOWS] : [WINDOWS]));
  if (linux) tables.push(...linuxTables(logsource));
  const web = (product !== undefined && WEB_SERVERS.has(product)) || (service !== undefined && WEB_SERVERS.has(service));
  if ((category !== undefined && HTTP_CATEGORIES.has(category)) || web || product === 'zeek' || (product === 'suricata' && service === 'http')) tables.push(HTTP);
  if (product === 'zeek') tables.push(ZEEK);
  if (category === 'firewall') tables.push(FIREWALL);
  if (category === 'dns' || (product === 'suricata' && service === 'dns')) tables.push(DNS);
  const auditd = linux && (service === 'auditd' || (service === undefined && category === undefined));
  const record = product === 'suricata' || (product === 'cisco' && service === 'duo');
  return { tables, windows, auditd, labels: windows || product === 'zeek' || product === 'fortigate' || product === 'opencanary', record };
}

function dispatch(win: FieldGetter, audit: FieldGetter, other: FieldGetter): FieldGetter {
  if (win === other && audit === other) return other;
  return (event) => {
    const format = event.vigil.format;
    if (WINDOWS_EVENT_FORMATS.has(format)) return win(event);
    return isAuditdEvent(event) ? audit(event) : other(event);
  };
}

function fromTables(tables: readonly Taxonomy[], name: string): FieldDef {
  const found: FieldDef = {};
  for (const table of tables) {
    const def = table.get(name);
    if (def === undefined) continue;
    found.win ??= def.win;
    found.audit ??= def.audit;
    found.other ??= def.other;
  }
  return found;
}

/** The getter for a Sigma field name under a logsource, or undefined when no source knows the name. */
export function resolveField(name: string, logsource: LogSource): FieldGetter | undefined {
  if (name === '') return undefined;
  if (logsource.product !== undefined && CLOUD_PRODUCTS.has(logsource.product)) {
    const product = logsource.product;
    const lower = name.toLowerCase();
    const derive = RECORD_DERIVED.get(product)?.get(lower);
    const record = recordField(name, RECORD_ALIASES.get(product)?.get(lower), RECORD_PARAMETERS.get(product), derive);
    const ours = ecsField(name);
    return ours === undefined ? record : (event) => record(event) ?? ours(event);
  }
  const { tables, windows, auditd, labels, record } = plan(logsource);
  const found = fromTables(tables, name);
  const ecs = ecsField(name);
  const raw: FieldDef = {
    win: windows ? eventData(name) : undefined,
    audit: auditd ? auditField(name) : undefined,
    other: labels ? labelAnyCase(name) : record ? recordField(name) : undefined,
  };
  const win = found.win ?? found.other ?? ecs ?? raw.win;
  const audit = found.audit ?? found.other ?? ecs ?? raw.audit;
  const other = found.other ?? ecs ?? raw.other;
  if (win === undefined && audit === undefined && other === undefined) return undefined;
  return dispatch(win ?? absent, audit ?? absent, other ?? absent);
}

/** The taxonomies a logsource uses (for documentation and the coverage report). */
export function taxonomiesOf(logsource: LogSource): string[] {
  return plan(logsource).tables.map((t) => t.id);
}
