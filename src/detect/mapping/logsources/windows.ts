import type { VigilEvent } from '../../../schema/event.ts';
import { hasCategory, hasType } from '../read.ts';
import { isGeneric, looksWindows } from '../event-kind.ts';

/** Selects events of one logsource. */
export type Selector = (event: VigilEvent) => boolean;

/**
 * Windows logsources. A `service` is an event log channel (the table pySigma and SigmaHQ use); a
 * `category` is a Sysmon event id set, with the Security or PowerShell equivalents where they exist.
 * Our Windows reader names the dataset after the channel (`windows.security`, `windows.sysmon`,
 * `windows.<channel in lower case, spaces as ->`), so a service is one string comparison per event.
 */
export const WINDOWS_CHANNELS: Readonly<Record<string, readonly string[]>> = {
  security: ['Security'],
  application: ['Application'],
  system: ['System'],
  sysmon: ['Microsoft-Windows-Sysmon/Operational'],
  powershell: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  'dns-server': ['DNS Server'],
  'dns-server-audit': ['Microsoft-Windows-DNS-Server/Audit'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'dns-client': ['Microsoft-Windows-DNS-Client/Operational'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'msexchange-management': ['MSExchange Management'],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  // Not SigmaHQ's (its rules name only the session manager's log); Vigil's pack reads Remote Desktop's own logs by these.
  'terminalservices-remoteconnectionmanager': ['Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational'],
  rdpcorets: ['Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational'],
  'terminalservices-rdpclient': ['Microsoft-Windows-TerminalServices-RDPClient/Operational'],
  winrm: ['Microsoft-Windows-WinRM/Operational'],
  'microsoft-servicebus-client': ['Microsoft-ServiceBus-Client'],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  ldap_debug: ['Microsoft-Windows-LDAP-Client/Debug'],
  'security-mitigations': ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'Microsoft-Windows-Security-Mitigations/User Mode'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  openssh: ['OpenSSH/Operational'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': ['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  vhdmp: ['Microsoft-Windows-VHDMP-Operational'],
};

/** The dataset our Windows reader gives a channel (see `datasetOf` in the windows-json format). */
const FAMILY_DATASETS: Readonly<Record<string, string>> = {
  security: 'windows.security',
  'microsoft-windows-sysmon/operational': 'windows.sysmon',
  system: 'windows.system',
  'microsoft-windows-powershell/operational': 'windows.powershell',
  'powershellcore/operational': 'windows.powershell',
  'windows powershell': 'windows.powershell',
};

export function channelDataset(channel: string): string {
  const lower = channel.toLowerCase();
  return FAMILY_DATASETS[lower] ?? `windows.${lower.replace(/\s+/g, '-')}`;
}

const CLASSIC_POWERSHELL = 'windows powershell';

/** PowerShell's two logs share a dataset; the classic one is told apart by its channel. */
function isClassicPowerShell(event: VigilEvent): boolean {
  const channel = event.winlog?.channel;
  return channel !== undefined && channel.length === CLASSIC_POWERSHELL.length && channel.toLowerCase() === CLASSIC_POWERSHELL;
}

function serviceSelector(service: string, channels: readonly string[]): Selector {
  if (service === 'powershell') return (e) => e.event.dataset === 'windows.powershell' && !isClassicPowerShell(e);
  if (service === 'powershell-classic') return (e) => e.event.dataset === 'windows.powershell' && isClassicPowerShell(e);
  const datasets = new Set(channels.map(channelDataset));
  const [only] = datasets;
  if (datasets.size === 1 && only !== undefined) return (e) => e.event.dataset === only;
  return (e) => datasets.has(e.event.dataset);
}

export const WINDOWS_SERVICES: ReadonlyMap<string, Selector> = new Map(
  Object.entries(WINDOWS_CHANNELS).map(([service, channels]) => [service, serviceSelector(service, channels)]),
);

function sysmon(...ids: number[]): Selector {
  const set = new Set(ids);
  return (e) => e.event.dataset === 'windows.sysmon' && set.has(e.winlog?.event_id ?? -1);
}

function idIn(dataset: string, ...ids: number[]): Selector {
  const set = new Set(ids);
  return (e) => e.event.dataset === dataset && set.has(e.winlog?.event_id ?? -1);
}

/** A command typed in a PowerShell transcript or kept by PSReadLine: its text is read as a script block (`ScriptBlockText` is its message). */
function transcriptCommand(e: VigilEvent): boolean {
  return (e.event.dataset === 'powershell.transcript' || e.event.dataset === 'powershell.history') && e.event.action === 'powershell-command';
}

function powershell(id: number, classic: boolean): Selector {
  return (e) => e.event.dataset === 'windows.powershell' && e.winlog?.event_id === id && isClassicPowerShell(e) === classic;
}

const scriptBlock = powershell(4104, false);
const scriptBlockOrTranscript: Selector = (e) => scriptBlock(e) || transcriptCommand(e);

function registryOperation(prefix: string): Selector {
  return (e) => {
    if (e.event.dataset !== 'windows.sysmon' || e.winlog?.event_id !== 12) return false;
    const type = e.winlog.event_data?.['EventType'];
    if (type !== undefined) return type.startsWith(prefix);
    const action = e.event.action ?? '';
    return prefix === 'Create' ? action.startsWith('registry-create') : action.startsWith('registry-delete');
  };
}

/** Generic (JSON, CSV, CEF, LEEF) records of a Windows-looking process start or end. */
function genericProcess(type: string): Selector {
  return (e) => isGeneric(e) && hasCategory(e, 'process') && hasType(e, type) && looksWindows(e);
}

/**
 * Generic records (an EDR's: Defender XDR's advanced hunting rows, JSON or CSV) of a category and type a Windows
 * process acted in (Sysmon's connections, file creations, image loads, DNS queries). The registry is Windows'
 * alone: a registry record needs no Windows-looking process.
 */
function genericActivity(category: string, type: string): Selector {
  return (e) => isGeneric(e) && hasCategory(e, category) && hasType(e, type) && (category === 'registry' || looksWindows(e));
}

function genericRegistry(action: string): Selector {
  return (e) => isGeneric(e) && hasCategory(e, 'registry') && e.event.action === action;
}

const genericConnection = genericActivity('network', 'connection');
const genericFileCreation = genericActivity('file', 'creation');
const genericImageLoad = genericActivity('library', 'start');
const genericRegistryEvent = genericActivity('registry', 'change');
const genericRegistryAdd = genericRegistry('registry-create-key');
const genericKeyDelete = genericRegistry('registry-delete-key');
const genericValueDelete = genericRegistry('registry-delete-value');
const genericRegistryDelete: Selector = (e) => genericKeyDelete(e) || genericValueDelete(e);
const genericRegistrySet = genericRegistry('registry-set-value');
const genericRegistryRename = genericRegistry('registry-rename-key');
const genericDnsQuery: Selector = (e) => isGeneric(e) && e.dns?.question?.name !== undefined && e.event.action === 'dns-query' && looksWindows(e);

/** Defender's detection events (malware found, action taken or failed), as the antivirus category. */
const defenderDetection = idIn(channelDataset('Microsoft-Windows-Windows Defender/Operational'), 1006, 1015, 1116, 1117, 1118, 1119);

const sysmonProcessCreation = sysmon(1);
const securityProcessCreation = idIn('windows.security', 4688);
const genericWindowsStart = genericProcess('start');
const sysmonTermination = sysmon(5);
const genericWindowsEnd = genericProcess('end');
const sysmonDelete = sysmon(23, 26);
const sysmonConnection = sysmon(3);
const sysmonImageLoad = sysmon(7);
const sysmonFileCreate = sysmon(11);
const sysmonRegistryAdd = registryOperation('Create');
const sysmonRegistryDelete = registryOperation('Delete');
const sysmonRegistrySet = sysmon(13);
const sysmonRegistryRename = sysmon(14);
const sysmonRegistryEvent = sysmon(12, 13, 14);
const sysmonDnsQuery = sysmon(22);

/** Windows-only categories (Sysmon, PowerShell). `process_creation` etc. are completed by other OSes. */
export const WINDOWS_CATEGORIES: ReadonlyMap<string, Selector> = new Map<string, Selector>([
  ['process_creation', (e) => sysmonProcessCreation(e) || securityProcessCreation(e) || genericWindowsStart(e)],
  ['process_termination', (e) => sysmonTermination(e) || genericWindowsEnd(e)],
  ['network_connection', (e) => sysmonConnection(e) || genericConnection(e)],
  ['file_change', sysmon(2)],
  ['sysmon_status', sysmon(4, 16)],
  ['driver_load', sysmon(6)],
  ['image_load', (e) => sysmonImageLoad(e) || genericImageLoad(e)],
  ['create_remote_thread', sysmon(8)],
  ['raw_access_thread', sysmon(9)],
  ['raw_access_read', sysmon(9)],
  ['process_access', sysmon(10)],
  ['file_event', (e) => sysmonFileCreate(e) || genericFileCreation(e)],
  ['registry_add', (e) => sysmonRegistryAdd(e) || genericRegistryAdd(e)],
  ['registry_delete', (e) => sysmonRegistryDelete(e) || genericRegistryDelete(e)],
  ['registry_set', (e) => sysmonRegistrySet(e) || genericRegistrySet(e)],
  ['registry_rename', (e) => sysmonRegistryRename(e) || genericRegistryRename(e)],
  ['registry_event', (e) => sysmonRegistryEvent(e) || genericRegistryEvent(e) || genericRegistryAdd(e) || genericRegistryDelete(e)],
  ['create_stream_hash', sysmon(15)],
  ['pipe_created', sysmon(17, 18)],
  ['wmi_event', sysmon(19, 20, 21)],
  ['dns_query', (e) => sysmonDnsQuery(e) || genericDnsQuery(e)],
  ['file_delete', (e) => sysmonDelete(e) || (isGeneric(e) && hasCategory(e, 'file') && hasType(e, 'deletion') && looksWindows(e))],
  ['file_delete_detected', sysmon(26)],
  ['clipboard_capture', sysmon(24)],
  ['process_tampering', sysmon(25)],
  ['file_block_executable', sysmon(27)],
  ['file_block_shredding', sysmon(28)],
  ['file_executable_detected', sysmon(29)],
  ['sysmon_error', sysmon(255)],
  ['antivirus', defenderDetection],
  ['ps_module', powershell(4103, false)],
  ['ps_script', scriptBlockOrTranscript],
  ['ps_classic_start', powershell(400, true)],
  ['ps_classic_provider_start', powershell(600, true)],
  ['ps_classic_script', powershell(800, true)],
]);
