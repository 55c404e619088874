import { sysmonStamp } from '../clock.ts';
import { fqdn, type WinHost } from '../world.ts';
import { hashesOf, type Proc } from './processes.ts';
import { SYSTEM_USER, type WinEvent } from './winlog.ts';

/** Sysmon 15 events (Microsoft-Windows-Sysmon/Operational) with their rendered `message`. */

const TASKS: Record<number, readonly [string, string]> = {
  1: ['Process Create (rule: ProcessCreate)', 'Process Create'],
  3: ['Network connection detected (rule: NetworkConnect)', 'Network connection detected'],
  10: ['Process accessed (rule: ProcessAccess)', 'Process accessed'],
  11: ['File created (rule: FileCreate)', 'File created'],
  22: ['Dns query (rule: DnsQuery)', 'Dns query'],
};

function sysmon(t: number, host: WinHost, id: number, fields: readonly (readonly [string, string])[]): WinEvent {
  const [task, title] = TASKS[id] ?? ['', ''];
  const data: Record<string, string> = { RuleName: '-', UtcTime: sysmonStamp(t) };
  for (const [k, v] of fields) data[k] = v;
  const message = `${title}:\n${Object.entries(data).map(([k, v]) => `${k}: ${v}`).join('\n')}`;
  return {
    host, channel: 'Microsoft-Windows-Sysmon/Operational', provider: 'sysmon', eventId: id, task, message,
    pid: host.sysmonPid, tid: host.sysmonPid + 132, user: SYSTEM_USER, data,
  };
}

export function processCreate(t: number, proc: Proc, parent: Proc): WinEvent {
  const img = proc.image;
  return sysmon(t, proc.host, 1, [
    ['ProcessGuid', proc.guid], ['ProcessId', String(proc.pid)], ['Image', img.path], ['FileVersion', img.version],
    ['Description', img.description], ['Product', img.product], ['Company', img.company],
    ['OriginalFileName', img.original], ['CommandLine', proc.cmd], ['CurrentDirectory', proc.cwd],
    ['User', proc.account.name], ['LogonGuid', proc.account.logonGuid], ['LogonId', proc.account.logonId],
    ['TerminalSessionId', proc.account.session], ['IntegrityLevel', proc.account.integrity], ['Hashes', hashesOf(img)],
    ['ParentProcessGuid', parent.guid], ['ParentProcessId', String(parent.pid)], ['ParentImage', parent.image.path],
    ['ParentCommandLine', parent.cmd], ['ParentUser', parent.account.name],
  ]);
}

export function networkConnect(t: number, proc: Proc, srcPort: number, dstIp: string, dstPort: number, dstHost = '-'): WinEvent {
  const portName = dstPort === 443 ? 'https' : dstPort === 80 ? 'http' : dstPort === 445 ? 'microsoft-ds' : '-';
  return sysmon(t, proc.host, 3, [
    ['ProcessGuid', proc.guid], ['ProcessId', String(proc.pid)], ['Image', proc.image.path], ['User', proc.account.name],
    ['Protocol', 'tcp'], ['Initiated', 'true'], ['SourceIsIpv6', 'false'], ['SourceIp', proc.host.ip],
    ['SourceHostname', fqdn(proc.host)], ['SourcePort', String(srcPort)], ['SourcePortName', '-'],
    ['DestinationIsIpv6', 'false'], ['DestinationIp', dstIp], ['DestinationHostname', dstHost],
    ['DestinationPort', String(dstPort)], ['DestinationPortName', portName],
  ]);
}

export function processAccess(t: number, source: Proc, target: Proc, access: string, callTrace: string, threadId: number): WinEvent {
  return sysmon(t, source.host, 10, [
    ['SourceProcessGUID', source.guid], ['SourceProcessId', String(source.pid)], ['SourceThreadId', String(threadId)],
    ['SourceImage', source.image.path], ['TargetProcessGUID', target.guid], ['TargetProcessId', String(target.pid)],
    ['TargetImage', target.image.path], ['GrantedAccess', access], ['CallTrace', callTrace],
    ['SourceUser', source.account.name], ['TargetUser', target.account.name],
  ]);
}

export function fileCreate(t: number, proc: Proc, path: string): WinEvent {
  return sysmon(t, proc.host, 11, [
    ['ProcessGuid', proc.guid], ['ProcessId', String(proc.pid)], ['Image', proc.image.path],
    ['TargetFilename', path], ['CreationUtcTime', sysmonStamp(t)], ['User', proc.account.name],
  ]);
}

export function dnsQuery(t: number, proc: Proc, query: string, results: string): WinEvent {
  return sysmon(t, proc.host, 22, [
    ['ProcessGuid', proc.guid], ['ProcessId', String(proc.pid)], ['QueryName', query], ['QueryStatus', '0'],
    ['QueryResults', results], ['Image', proc.image.path], ['User', proc.account.name],
  ]);
}
