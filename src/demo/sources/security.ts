import { NETBIOS, type WinHost } from '../world.ts';
import type { Proc } from './processes.ts';
import type { WinEvent, WinUser } from './winlog.ts';

/** Security, System and PowerShell channel events with Windows' own event_data field names. */

export interface Subject {
  sid: string;
  name: string;
  domain: string;
  logonId: string;
}

export function machineSubject(host: WinHost): Subject {
  return { sid: 'S-1-5-18', name: `${host.name}$`, domain: NETBIOS, logonId: '0x3e7' };
}

function subjectFields(s: Subject): Record<string, string> {
  return { SubjectUserSid: s.sid, SubjectUserName: s.name, SubjectDomainName: s.domain, SubjectLogonId: s.logonId };
}

function security(host: WinHost, eventId: number, task: string, message: string, data: Record<string, string>,
  failure = false): WinEvent {
  return {
    host, channel: 'Security', provider: 'security', eventId, task, message, pid: host.lsassPid,
    tid: host.lsassPid + 68, keywords: [failure ? 'Audit Failure' : 'Audit Success'],
    outcome: failure ? 'failure' : 'success', data,
  };
}

export interface LogonInfo {
  target: Subject;
  logonType: number;
  ip: string;
  port: number;
  workstation: string;
  /** 'NTLM' | 'Kerberos' | 'Negotiate' */
  package: string;
  logonGuid?: string;
  elevated?: boolean;
  subject?: Subject;
  process?: readonly [string, string];
}

const LOGON_PROCESS: Record<string, string> = { NTLM: 'NtLmSsp ', Kerberos: 'Kerberos', Negotiate: 'User32 ' };

export function logon4624(host: WinHost, info: LogonInfo): WinEvent {
  const subject = info.subject ?? { sid: 'S-1-0-0', name: '-', domain: '-', logonId: '0x0' };
  const [processId, processName] = info.process ?? ['0x0', '-'];
  const ntlm = info.package === 'NTLM';
  return security(host, 4624, 'Logon', 'An account was successfully logged on.', {
    ...subjectFields(subject), TargetUserSid: info.target.sid, TargetUserName: info.target.name,
    TargetDomainName: info.target.domain, TargetLogonId: info.target.logonId, LogonType: String(info.logonType),
    LogonProcessName: info.logonType === 5 ? 'Advapi  ' : LOGON_PROCESS[info.package] ?? 'User32 ',
    AuthenticationPackageName: info.package, WorkstationName: info.workstation,
    LogonGuid: info.logonGuid ?? '{00000000-0000-0000-0000-000000000000}', TransmittedServices: '-',
    LmPackageName: ntlm ? 'NTLM V2' : '-', KeyLength: ntlm ? '128' : '0', ProcessId: processId, ProcessName: processName,
    IpAddress: info.ip, IpPort: String(info.port), ImpersonationLevel: '%%1833', RestrictedAdminMode: '-',
    RemoteCredentialGuard: '-', TargetOutboundUserName: '-', TargetOutboundDomainName: '-', VirtualAccount: '%%1843',
    TargetLinkedLogonId: '0x0', ElevatedToken: info.elevated === true ? '%%1842' : '%%1843',
  });
}

export function logoff4634(host: WinHost, target: Subject, logonType: number): WinEvent {
  return security(host, 4634, 'Logoff', 'An account was logged off.', {
    TargetUserSid: target.sid, TargetUserName: target.name, TargetDomainName: target.domain,
    TargetLogonId: target.logonId, LogonType: String(logonType),
  });
}

export function failed4625(host: WinHost, user: string, logonType: number, workstation: string, ip: string): WinEvent {
  return security(host, 4625, 'Logon', 'An account failed to log on.', {
    ...subjectFields(machineSubject(host)), TargetUserSid: 'S-1-0-0', TargetUserName: user, TargetDomainName: NETBIOS,
    Status: '0xc000006d', FailureReason: '%%2313', SubStatus: '0xc000006a', LogonType: String(logonType),
    LogonProcessName: 'User32 ', AuthenticationPackageName: 'Negotiate', WorkstationName: workstation,
    TransmittedServices: '-', LmPackageName: '-', KeyLength: '0', ProcessId: '0x3c8',
    ProcessName: 'C:\\Windows\\System32\\svchost.exe', IpAddress: ip, IpPort: '0',
  }, true);
}

const ADMIN_PRIVILEGES = ['SeSecurityPrivilege', 'SeBackupPrivilege', 'SeRestorePrivilege', 'SeTakeOwnershipPrivilege',
  'SeDebugPrivilege', 'SeSystemEnvironmentPrivilege', 'SeLoadDriverPrivilege', 'SeImpersonatePrivilege',
  'SeDelegateSessionUserImpersonatePrivilege'].join('\n\t\t\t');

export function special4672(host: WinHost, subject: Subject): WinEvent {
  return security(host, 4672, 'Special Logon', 'Special privileges assigned to new logon.', {
    ...subjectFields(subject), PrivilegeList: ADMIN_PRIVILEGES,
  });
}

export function process4688(subject: Subject, proc: Proc, parent: Proc): WinEvent {
  return security(proc.host, 4688, 'Process Creation', 'A new process has been created.', {
    ...subjectFields(subject), NewProcessId: `0x${proc.pid.toString(16)}`, NewProcessName: proc.image.path,
    TokenElevationType: proc.account.integrity === 'High' ? '%%1937' : '%%1936', ProcessId: `0x${parent.pid.toString(16)}`,
    CommandLine: proc.cmd, TargetUserSid: 'S-1-0-0', TargetUserName: '-', TargetDomainName: '-', TargetLogonId: '0x0',
    ParentProcessName: parent.image.path,
    MandatoryLabel: proc.account.integrity === 'System' ? 'S-1-16-16384' : proc.account.integrity === 'High' ? 'S-1-16-12288' : 'S-1-16-8192',
  });
}

export function ticket4769(dc: WinHost, user: string, realm: string, service: string, serviceSid: string, ip: string, port: number): WinEvent {
  return security(dc, 4769, 'Kerberos Service Ticket Operations', 'A Kerberos service ticket was requested.', {
    TargetUserName: `${user}@${realm}`, TargetDomainName: realm, ServiceName: service, ServiceSid: serviceSid,
    TicketOptions: '0x40810000', TicketEncryptionType: '0x12', IpAddress: `::ffff:${ip}`, IpPort: String(port),
    Status: '0x0', LogonGuid: '{00000000-0000-0000-0000-000000000000}', TransmittedServices: '-',
  });
}

export function share5140(host: WinHost, subject: Subject, ip: string, port: number, share: string, local: string): WinEvent {
  return security(host, 5140, 'File Share', 'A network share object was accessed.', {
    ...subjectFields(subject), ObjectType: 'File', IpAddress: ip, IpPort: String(port), ShareName: `\\\\*\\${share}`,
    ShareLocalPath: local, AccessMask: '0x1', AccessList: '%%4416\n\t\t\t\t',
  });
}

export function service4697(host: WinHost, subject: Subject, name: string, file: string): WinEvent {
  return security(host, 4697, 'Security System Extension', 'A service was installed in the system.', {
    ...subjectFields(subject), ServiceName: name, ServiceFileName: file, ServiceType: '0x10', ServiceStartType: '3',
    ServiceAccount: 'LocalSystem',
  });
}

const NOT_SET = '%%1793';

export function userCreated4720(host: WinHost, subject: Subject, name: string, sid: string): WinEvent {
  return security(host, 4720, 'User Account Management', 'A user account was created.', {
    TargetUserName: name, TargetDomainName: host.name, TargetSid: sid, ...subjectFields(subject), PrivilegeList: '-',
    SamAccountName: name, DisplayName: NOT_SET, UserPrincipalName: '-', HomeDirectory: NOT_SET, HomePath: NOT_SET,
    ScriptPath: NOT_SET, ProfilePath: NOT_SET, UserWorkstations: NOT_SET, PasswordLastSet: '%%1794',
    AccountExpires: '%%1794', PrimaryGroupId: '513', AllowedToDelegateTo: '-', OldUacValue: '0x0', NewUacValue: '0x15',
    UserAccountControl: '\n\t\t%%2080\n\t\t%%2082\n\t\t%%2084', UserParameters: NOT_SET, SidHistory: '-', LogonHours: '%%1797',
  });
}

export function accountChange(host: WinHost, eventId: 4722 | 4724, subject: Subject, name: string, sid: string): WinEvent {
  const message = eventId === 4722 ? 'A user account was enabled.' : "An attempt was made to reset an account's password.";
  return security(host, eventId, 'User Account Management', message, {
    TargetUserName: name, TargetDomainName: host.name, TargetSid: sid, ...subjectFields(subject),
  });
}

export function groupAdd4732(host: WinHost, subject: Subject, memberSid: string): WinEvent {
  return security(host, 4732, 'Security Group Management', 'A member was added to a security-enabled local group.', {
    MemberName: '-', MemberSid: memberSid, TargetUserName: 'Administrators', TargetDomainName: 'Builtin',
    TargetSid: 'S-1-5-32-544', ...subjectFields(subject), PrivilegeList: '-',
  });
}

function winUser(s: Subject): WinUser {
  return { identifier: s.sid, name: s.name, domain: s.domain, type: 'User' };
}

export function securityCleared1102(host: WinHost, subject: Subject): WinEvent {
  return {
    host, channel: 'Security', provider: 'eventlog', eventId: 1102, task: 'Log clear', message: 'The audit log was cleared.',
    pid: 1_336, tid: 8_012, keywords: ['Audit Success'], outcome: 'success',
    userData: { xml_name: 'LogFileCleared', ...subjectFields(subject) },
  };
}

export function logCleared104(host: WinHost, subject: Subject, channel: string): WinEvent {
  return {
    host, channel: 'System', provider: 'eventlog', eventId: 104, task: 'Log clear', message: `The ${channel} log file was cleared.`,
    pid: 1_336, tid: 8_012, user: winUser(subject),
    userData: { xml_name: 'ClearEventLog', SubjectUserName: subject.name, SubjectDomainName: subject.domain, Channel: channel, BackupPath: '' },
  };
}

export function service7045(host: WinHost, installer: Subject, name: string, imagePath: string): WinEvent {
  return {
    host, channel: 'System', provider: 'scm', eventId: 7045, task: 'None', pid: host.servicesPid, tid: host.servicesPid + 40,
    message: `A service was installed in the system.\n\nService Name:  ${name}\nService File Name:  ${imagePath}\nService Type:  user mode service\nService Start Type:  demand start\nService Account:  LocalSystem`,
    keywords: ['Classic'], user: winUser(installer),
    data: { ServiceName: name, ImagePath: imagePath, ServiceType: 'user mode service', StartType: 'demand start', AccountName: 'LocalSystem' },
  };
}

export function scriptBlock4104(host: WinHost, user: Subject, text: string, blockId: string, pid: number): WinEvent {
  return {
    host, channel: 'Microsoft-Windows-PowerShell/Operational', provider: 'powershell', eventId: 4104,
    task: 'Execute a Remote Command', opcode: 'On create calls', level: 'warning', pid, tid: pid + 12, user: winUser(user),
    message: `Creating Scriptblock text (1 of 1):\n${text}\n\nScriptBlock ID: ${blockId}\nPath: `,
    data: { MessageNumber: '1', MessageTotal: '1', ScriptBlockText: text, ScriptBlockId: blockId, Path: '' },
  };
}
