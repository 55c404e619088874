import type { VigilEvent } from '../../schema/event.ts';

/**
 * What kind of record an event came from, as far as Sigma cares. Windows event records keep their raw
 * EventData (read by its own names); auditd events are re-read from their original record text; every
 * other format is read through our schema fields.
 */
export type SourceKind = 'windows' | 'auditd' | 'other';

/** Formats of Windows event records (JSON, EVTX read as JSON, XML, Event Viewer's CSV): read by their EventData names. */
export const WINDOWS_EVENT_FORMATS: ReadonlySet<string> = new Set(['windows-json', 'windows-xml', 'windows-csv', 'windows-text', 'wevtutil-text', 'powershell-winevent', 'powershell-winevent-csv', 'evtxecmd', 'evtxecmd-json']);

/** auditd events: its own log, and the audit records the systemd journal carries (read by the auditd reader). */
export function isAuditdEvent(event: VigilEvent): boolean {
  const format = event.vigil.format;
  return format === 'auditd' || (format === 'journald' && event.event.dataset === 'auditd');
}

export function sourceKind(event: VigilEvent): SourceKind {
  if (WINDOWS_EVENT_FORMATS.has(event.vigil.format)) return 'windows';
  if (isAuditdEvent(event)) return 'auditd';
  return 'other';
}

/** Formats whose records can come from any system (the operating system is guessed from the content: an EDR's too). */
const GENERIC_FORMATS: ReadonlySet<string> = new Set(['generic-json', 'shipped-json', 'shipped-csv', 'sentinel-csv', 'wazuh', 'fluentd-file', 'defender-xdr', 'defender-xdr-csv', 'crowdstrike-fdr', 'crowdstrike-fdr-csv', 'osquery', 'csv', 'cef', 'sentinel-cef', 'leef']);

export function isGeneric(event: VigilEvent): boolean {
  return GENERIC_FORMATS.has(event.vigil.format);
}

function windowsPath(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value.includes('\\')) return true;
  const lower = value.length > 4 ? value.slice(-4).toLowerCase() : '';
  return lower === '.exe' || lower === '.dll' || lower === '.ps1' || lower === '.bat';
}

function unixPath(value: string | undefined): boolean {
  return value !== undefined && value.startsWith('/');
}

/** A generic record about a Windows machine: Windows paths in its process or file fields. */
export function looksWindows(event: VigilEvent): boolean {
  const process = event.process;
  return (
    windowsPath(process?.executable) ||
    windowsPath(process?.name) ||
    windowsPath(process?.parent?.executable) ||
    windowsPath(process?.parent?.name) ||
    windowsPath(event.file?.path) ||
    event.winlog !== undefined
  );
}

/** A generic record about a Unix machine: absolute Unix paths in its process or file fields. */
export function looksUnix(event: VigilEvent): boolean {
  const process = event.process;
  return unixPath(process?.executable) || unixPath(process?.command_line) || unixPath(process?.parent?.executable) || unixPath(event.file?.path);
}

/** Windows event records, IIS logs, PowerShell transcripts and PSReadLine histories, plus generic records that look like they come from Windows. */
export function isWindowsEvent(event: VigilEvent): boolean {
  const format = event.vigil.format;
  return (
    WINDOWS_EVENT_FORMATS.has(format) ||
    format === 'iis-w3c' ||
    format === 'powershell-transcript' ||
    (format === 'shell-history' && event.event.dataset === 'powershell.history') ||
    (isGeneric(event) && looksWindows(event))
  );
}

/** Syslog and auditd events, plus generic records that look Unix and not Windows. */
/** The own log files of Unix network services (ingest's `service-logs/`): their lines are what syslog would carry. */
const UNIX_SERVICE_FORMATS: ReadonlySet<string> = new Set(['vsftpd', 'proftpd', 'exim', 'mysql', 'postgresql', 'openvpn', 'samba']);

/**
 * Syslog lines, and what stands for them with more fields: the systemd journal's entries, Sentinel's Syslog table rows and macOS's unified log
 * (its sshd, sudo and su write the same messages).
 */
export function isSyslogFormat(format: string): boolean {
  return format === 'syslog' || format === 'journald' || format === 'sentinel-syslog' || format === 'macos-log' || format === 'macos-log-json';
}

export function isLinuxEvent(event: VigilEvent): boolean {
  const format = event.vigil.format;
  if (isSyslogFormat(format) || isAuditdEvent(event) || UNIX_SERVICE_FORMATS.has(format)) return true;
  // The commands of Unix shells' histories: what SigmaHQ's Linux keyword rules (reverse shells, history tampering) read.
  if (format === 'shell-history') return event.event.dataset !== 'powershell.history';
  return isGeneric(event) && looksUnix(event) && !looksWindows(event);
}
