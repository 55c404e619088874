import type { WinRecord } from '../record.ts';
import { DEFENDER_MAPPERS } from './defender.ts';
import { field, securityProcess, subjectUser } from './helpers.ts';
import { IIS_MAPPERS } from './iis.ts';
import { MSSQL_MAPPERS } from './mssql.ts';
import { openSshPayload } from './openssh.ts';
import { BITS_MAPPERS, FIREWALL_MAPPERS, TASK_SCHEDULER_MAPPERS, WMI_MAPPERS } from './operational.ts';
import { POWERSHELL_MAPPERS } from './powershell.ts';
import { CLASSIC_POWERSHELL_MAPPERS } from './powershell-classic.ts';
import { APPLICATION_ERROR_MAPPERS, MSI_MAPPERS } from './application.ts';
import { RDP_CLIENT_MAPPERS, WINRM_MAPPERS } from './remote-client.ts';
import { RDP_CONNECTION_MAPPERS, RDP_CORE_MAPPERS, RDP_SESSION_MAPPERS, WINDOW_STATION_MAPPERS } from './remote-desktop.ts';
import { ACCOUNT_MAPPERS } from './security-account.ts';
import { SECURITY_CONFIG_MAPPERS } from './security-config.ts';
import { DIRECTORY_MAPPERS } from './security-directory.ts';
import { KERBEROS_MAPPERS } from './security-kerberos.ts';
import { NPS_MAPPERS } from './security-nps.ts';
import { LOGON_MAPPERS } from './security-logon.ts';
import { OBJECT_MAPPERS } from './security-object.ts';
import { SECURITY_PROCESS_MAPPERS } from './security-process.ts';
import { WFP_MAPPERS } from './security-wfp.ts';
import { sysmonProcess, sysmonRule, sysmonUser } from './sysmon-common.ts';
import { SYSMON_FILE_MAPPERS } from './sysmon-file.ts';
import { SYSMON_NETWORK_MAPPERS } from './sysmon-network.ts';
import { SYSMON_OTHER_MAPPERS } from './sysmon-other.ts';
import { SYSMON_PROCESS_MAPPERS } from './sysmon-process.ts';
import { SYSMON_REGISTRY_MAPPERS } from './sysmon-registry.ts';
import { SYSTEM_MAPPERS } from './system.ts';
import type { Mapper, MapperTable } from './types.ts';

/** The event log an event id belongs to: the same number means different things in different logs. */
export type Family = 'security' | 'sysmon' | 'system' | 'powershell' | 'iis' | 'rdp-connection' | 'rdp-session' | 'rdp-core' | 'defender' | 'task-scheduler' | 'wmi' | 'bits' | 'firewall' | 'mssql' | 'openssh' | 'msi' | 'application-error' | 'rdp-client' | 'winrm' | 'other';

/** Operational logs with mappers of their own (Remote Desktop's, Defender's, …), by provider or channel: their event ids overlap. */
const CHANNEL_FAMILIES: ReadonlyMap<string, Family> = new Map([
  ['microsoft-windows-terminalservices-remoteconnectionmanager', 'rdp-connection'],
  ['microsoft-windows-terminalservices-localsessionmanager', 'rdp-session'],
  ['microsoft-windows-remotedesktopservices-rdpcorets', 'rdp-core'],
  ['microsoft-windows-terminalservices-clientactivexcore', 'rdp-client'],
  ['microsoft-windows-terminalservices-rdpclient', 'rdp-client'],
  ['microsoft-windows-winrm', 'winrm'],
  ['microsoft-windows-windows defender', 'defender'],
  ['microsoft-windows-taskscheduler', 'task-scheduler'],
  ['microsoft-windows-wmi-activity', 'wmi'],
  ['microsoft-windows-bits-client', 'bits'],
  ['microsoft-windows-windows firewall with advanced security', 'firewall'],
  ['openssh', 'openssh'],
  ['msiinstaller', 'msi'],
  ['application error', 'application-error'],
]);

const POWERSHELL_CHANNELS = new Set(['windows powershell', 'microsoft-windows-powershell/operational', 'powershellcore/operational']);
const POWERSHELL_PROVIDERS = new Set(['microsoft-windows-powershell', 'powershell', 'powershellcore']);

export function familyOf(record: WinRecord): Family {
  const channel = record.channel?.toLowerCase() ?? '';
  const provider = record.provider?.toLowerCase() ?? '';
  // Sysmon for Linux's events have Windows Sysmon's ids and fields.
  if (provider === 'microsoft-windows-sysmon' || channel === 'microsoft-windows-sysmon/operational' || provider === 'linux-sysmon' || channel === 'linux-sysmon/operational') return 'sysmon';
  if (channel === 'security' || provider === 'microsoft-windows-security-auditing') return 'security';
  if (channel === 'system') return 'system';
  if (POWERSHELL_CHANNELS.has(channel) || POWERSHELL_PROVIDERS.has(provider)) return 'powershell';
  if (provider === 'microsoft-windows-iis-logging' || channel === 'microsoft-iis-logging/logs') return 'iis';
  // SQL Server writes to the Application log as MSSQLSERVER or MSSQL$<instance>.
  if (provider.startsWith('mssql')) return 'mssql';
  const slash = channel.indexOf('/');
  return CHANNEL_FAMILIES.get(provider) ?? CHANNEL_FAMILIES.get(slash < 0 ? channel : channel.slice(0, slash)) ?? 'other';
}

const table = (...groups: ReadonlyArray<ReadonlyArray<[number, Mapper]>>): MapperTable => new Map(groups.flat());

const TABLES: Readonly<Record<Family, MapperTable>> = {
  security: table(
    LOGON_MAPPERS,
    KERBEROS_MAPPERS,
    NPS_MAPPERS,
    SECURITY_PROCESS_MAPPERS,
    ACCOUNT_MAPPERS,
    OBJECT_MAPPERS,
    WFP_MAPPERS,
    SECURITY_CONFIG_MAPPERS,
    WINDOW_STATION_MAPPERS,
    DIRECTORY_MAPPERS,
  ),
  sysmon: table(SYSMON_PROCESS_MAPPERS, SYSMON_FILE_MAPPERS, SYSMON_REGISTRY_MAPPERS, SYSMON_NETWORK_MAPPERS, SYSMON_OTHER_MAPPERS),
  system: table(SYSTEM_MAPPERS),
  powershell: table(POWERSHELL_MAPPERS, CLASSIC_POWERSHELL_MAPPERS),
  iis: table(IIS_MAPPERS),
  'rdp-connection': table(RDP_CONNECTION_MAPPERS),
  'rdp-session': table(RDP_SESSION_MAPPERS),
  'rdp-core': table(RDP_CORE_MAPPERS),
  defender: table(DEFENDER_MAPPERS),
  'task-scheduler': table(TASK_SCHEDULER_MAPPERS),
  wmi: table(WMI_MAPPERS),
  bits: table(BITS_MAPPERS),
  firewall: table(FIREWALL_MAPPERS),
  mssql: table(MSSQL_MAPPERS),
  openssh: new Map(),
  msi: table(MSI_MAPPERS),
  'application-error': table(APPLICATION_ERROR_MAPPERS),
  'rdp-client': table(RDP_CLIENT_MAPPERS),
  winrm: table(WINRM_MAPPERS),
  other: new Map(),
};

/** Security events we do not map one by one still name their actor and, often, the process. */
const genericSecurity: Mapper = (data) => ({
  user: subjectUser(data),
  process: securityProcess(data),
  winlog: { logon: { id: field(data, 'SubjectLogonId') } },
});

const genericSysmon: Mapper = (data) => ({
  user: sysmonUser(data),
  process: sysmonProcess(data),
  rule: sysmonRule(data),
});

const FALLBACKS: Readonly<Partial<Record<Family, Mapper>>> = { security: genericSecurity, sysmon: genericSysmon, openssh: openSshPayload };

export function mapperFor(family: Family, eventId: number): Mapper | undefined {
  return TABLES[family].get(eventId) ?? FALLBACKS[family];
}
