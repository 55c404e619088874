import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Draft, ParseOutcome, Sample } from '../../src/ingest/format.ts';
import { windowsJsonFormat } from '../../src/ingest/formats/windows-json.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

const sentinelDirs = tempDirs('sentinel');

function parse(value: unknown): ParseOutcome {
  return windowsJsonFormat.createParser({ fileName: 'x' }).parse({ text: JSON.stringify(value) ?? '', line: 1, offset: 0, value });
}

function draft(value: unknown): Draft {
  const outcome = parse(value);
  assert.equal(outcome.kind, 'events', `expected events, got ${JSON.stringify(outcome)}`);
  assert.ok(outcome.kind === 'events');
  const [first] = outcome.drafts;
  assert.ok(first !== undefined);
  return first;
}

function sample(values: unknown[]): Sample {
  return { fileName: 'x', lines: values.map((v) => JSON.stringify(v) ?? ''), values };
}

const ECS_4624 = {
  '@timestamp': '2024-03-04T09:15:22.481Z',
  host: { name: 'dc01' },
  winlog: {
    channel: 'Security',
    computer_name: 'DC01.corp.example',
    event_id: '4624',
    provider_name: 'Microsoft-Windows-Security-Auditing',
    record_id: 42,
    event_data: {
      SubjectUserName: 'DC01$',
      SubjectDomainName: 'CORP',
      TargetUserName: 'alice',
      TargetDomainName: 'CORP',
      TargetUserSid: 'S-1-5-21-1-2-3-1104',
      TargetLogonId: '0x3e8a1f2',
      LogonType: '10',
      IpAddress: '-',
      IpPort: '0',
      WorkstationName: '\\\\WS07',
      ProcessId: '0x1a4',
      ProcessName: 'C:\\Windows\\System32\\svchost.exe',
    },
  },
};

const WINLOGBEAT6_4688 = {
  '@timestamp': '2024-03-04T09:20:10.110Z',
  host: { name: 'WEC01' },
  log_name: 'Security',
  source_name: 'Microsoft-Windows-Security-Auditing',
  computer_name: 'WS07.corp.example',
  event_id: 4688,
  record_number: '553201',
  keywords: ['Audit Success'],
  event_data: {
    SubjectUserName: 'alice',
    SubjectDomainName: 'CORP',
    NewProcessId: '0x1f3c',
    NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
    ProcessId: '0x2a10',
    CommandLine: 'whoami /priv',
    TargetUserName: '-',
    ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
    MandatoryLabel: 'S-1-16-12288',
  },
};

const NXLOG_SYSMON_13 = {
  EventTime: '2024-03-04 09:33:12',
  Hostname: 'WS07.corp.example',
  Keywords: -9223372036854775808,
  EventType: 'SetValue',
  EventTypeOrignal: 'INFO',
  SeverityValue: 2,
  Severity: 'INFO',
  EventID: 13,
  SourceName: 'Microsoft-Windows-Sysmon',
  RecordNumber: 48840,
  ExecutionProcessID: 3012,
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  Domain: 'NT AUTHORITY',
  AccountName: 'SYSTEM',
  UserID: 'S-1-5-18',
  Category: 'Registry value set (rule: RegistryEvent)',
  RuleName: '-',
  Image: 'C:\\Windows\\explorer.exe',
  ProcessId: '1072',
  TargetObject: 'HKU\\S-1-5-21-1-2-3-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\a/b',
  Details: 'C:\\Users\\alice\\evil.exe',
  EventReceivedTime: '2024-03-04 09:33:14',
  SourceModuleType: 'im_msvistalog',
  host: 'wec01',
  port: 5514,
  '@timestamp': '2024-03-04T09:33:14.100Z',
};

const OTRF_7045 = {
  SourceName: 'Service Control Manager',
  ServiceName: 'PSEXESVC',
  StartType: 'demand start',
  TimeCreated: '2020-10-19 03:30:46.416',
  Hostname: 'WORKSTATION5',
  Task: '0',
  AccountName: 'LocalSystem',
  ImagePath: '%SystemRoot%\\PSEXESVC.exe',
  Channel: 'System',
  ServiceType: 'user mode service',
  EventID: 7045,
};

const NESTED_SYSMON_1 = {
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
      EventID: 1,
      TimeCreated: { '#attributes': { SystemTime: '2024-03-04T09:31:05.123456Z' } },
      EventRecordID: 48811,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'WS07.corp.example',
    },
    EventData: {
      ProcessGuid: '{8a5c3e21-9b11-65e5-2d04-000000001a00}',
      ProcessId: 7712,
      Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      CommandLine: 'powershell.exe -enc AAAA',
      User: 'CORP\\alice',
      Hashes: 'SHA1=0A1B,MD5=00FF,SHA256=ABCD,IMPHASH=FFEE',
      ParentProcessId: 10768,
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      ParentCommandLine: 'cmd.exe',
      CurrentDirectory: 'C:\\Users\\alice\\',
      IntegrityLevel: 'Medium',
      OriginalFileName: 'PowerShell.EXE',
    },
  },
};

function security(eventId: number, data: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Event: {
      System: {
        Provider: { '@Name': 'Microsoft-Windows-Security-Auditing' },
        EventID: eventId,
        TimeCreated: { '@SystemTime': '2024-03-04T10:00:00Z' },
        Channel: 'Security',
        Computer: 'DC01',
        ...extra,
      },
      EventData: { Data: Object.entries(data).map(([name, text]) => ({ '@Name': name, '#text': text })) },
    },
  };
}

void describe('windows-json dialects', () => {
  void it('reads Winlogbeat ECS records (string event_id, computer_name over host.name)', () => {
    const d = draft(ECS_4624);
    assert.equal(d.time, '2024-03-04T09:15:22.481Z');
    assert.equal(d.dataset, 'windows.security');
    assert.equal(d.fields.event?.code, '4624');
    assert.deepEqual(d.fields.host, { name: 'DC01.corp.example' });
    assert.equal(d.fields.winlog?.event_id, 4624);
    assert.equal(d.fields.winlog?.record_id, '42');
    assert.equal(d.fields.winlog?.event_data?.['TargetUserName'], 'alice');
  });

  void it('reads Winlogbeat 6 records and prefers computer_name over the forwarder host', () => {
    const d = draft(WINLOGBEAT6_4688);
    assert.deepEqual(d.fields.host, { name: 'WS07.corp.example' });
    assert.equal(d.fields.winlog?.channel, 'Security');
    assert.equal(d.fields.winlog?.record_id, '553201');
  });

  void it('keeps NXLog envelope keys out of event_data but keeps Sysmon EventType', () => {
    const d = draft(NXLOG_SYSMON_13);
    const data = d.fields.winlog?.event_data ?? {};
    for (const key of ['SeverityValue', 'EventReceivedTime', 'host', 'port', 'AccountName', 'Domain', 'UserID', 'Category', 'EventTypeOrignal', 'Keywords', 'SourceName']) {
      assert.equal(data[key], undefined, key);
    }
    assert.equal(data['EventType'], 'SetValue');
    assert.equal(d.time, '2024-03-04T09:33:12+00:00', 'zone learned from EventReceivedTime vs @timestamp');
    assert.equal(d.timeIsUtc, undefined);
    assert.equal(d.fields.winlog?.record_id, '48840');
    assert.equal(d.fields.registry?.value, 'a/b');
    assert.equal(d.fields.event?.action, 'registry-set-value');
  });

  void it('keeps AccountName as EventData in the OTRF flat dialect (no NXLog markers)', () => {
    const d = draft(OTRF_7045);
    assert.equal(d.time, '2020-10-19 03:30:46.416');
    assert.equal(d.dataset, 'windows.system');
    assert.equal(d.fields.winlog?.event_data?.['AccountName'], 'LocalSystem');
    assert.equal(d.fields.labels?.['service_account'], 'LocalSystem');
    assert.equal(d.fields.service?.name, 'PSEXESVC');
    assert.equal(d.fields.event?.action, 'service-installed');
  });

  void it('reads the nested Event form: #attributes, @Name/#text Data lists, {#text} EventID, no wrapper', () => {
    const d = draft(NESTED_SYSMON_1);
    assert.equal(d.time, '2024-03-04T09:31:05.123456Z');
    assert.equal(d.fields.winlog?.provider_name, 'Microsoft-Windows-Sysmon');
    assert.equal(d.fields.winlog?.event_data?.['ProcessId'], '7712');
    const xmltodict = draft({
      System: {
        Provider: { '@Name': 'Microsoft-Windows-Security-Auditing' },
        EventID: { '@Qualifiers': '0', '#text': '4720' },
        TimeCreated: { '@SystemTime': '2024-03-04T10:00:00Z' },
        Channel: 'Security',
        Computer: 'DC01',
      },
      EventData: { Data: { '@Name': 'TargetUserName', '#text': 'mallory' } },
    });
    assert.equal(xmltodict.fields.event?.code, '4720');
    assert.equal(xmltodict.fields.user?.target?.name, 'mallory');
    const unnamed = draft({
      Event: {
        System: { Provider: { '@Name': 'Some-Provider' }, EventID: '7', Channel: 'Application', Computer: 'H' },
        EventData: { Data: ['first', 'second'] },
      },
    });
    assert.deepEqual(unnamed.fields.winlog?.event_data, { param1: 'first', param2: 'second' });
    assert.equal(unnamed.dataset, 'windows.application');
  });

  void it('flattens UserData (1102 LogFileCleared) into event_data', () => {
    const d = draft({
      Event: {
        System: { Provider: { '@Name': 'Microsoft-Windows-Eventlog' }, EventID: 1102, Channel: 'Security', Computer: 'DC01' },
        UserData: { LogFileCleared: { '#attributes': { xmlns: 'x' }, SubjectUserName: 'eve', SubjectDomainName: 'CORP' } },
      },
    });
    assert.deepEqual(d.fields.user, { name: 'eve', domain: 'CORP' });
    assert.equal(d.fields.event?.action, 'log-cleared');
    assert.equal(d.fields.winlog?.event_data?.['xmlns'], undefined);
  });
});

void describe('windows-json: Microsoft Sentinel tables', () => {
  const SYSMON_XML = '<DataItem type="System.XmlData" time="2024-11-23T10:00:04.0000000Z" sourceHealthServiceId="x"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data Name="RuleName">-</Data><Data Name="ProcessId">5150</Data><Data Name="Image">C:\\Windows\\System32\\cmd.exe</Data><Data Name="CommandLine">cmd.exe /c whoami &amp; net user</Data><Data Name="ParentImage">C:\\Windows\\System32\\wsmprovhost.exe</Data><Data Name="User">CORP\\alice</Data></EventData></DataItem>';

  void it("reads SecurityEvent rows: TimeGenerated is the time, Sentinel's own columns are not the event's data", () => {
    const d = draft({
      TenantId: 't', SourceSystem: 'OpsManager', TimeGenerated: '2024-11-23T10:00:02.000Z', Computer: 'DC01.corp.local', EventID: 4625,
      Activity: '4625 - An account failed to log on.', Account: 'CORP\\administrator', AccountType: 'User', EventSourceName: 'Microsoft-Windows-Security-Auditing',
      Channel: 'Security', LogonType: 3, IpAddress: '203.0.113.66', TargetUserName: 'administrator', TargetDomainName: 'CORP', SubStatus: '0xc000006a',
      EventData: '<EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data Name="TargetUserName">administrator</Data><Data Name="FailureReason">%%2313</Data></EventData>',
      Type: 'SecurityEvent', _ResourceId: '/subscriptions/x',
    });
    assert.equal(d.time, '2024-11-23T10:00:02.000Z');
    assert.equal(d.dataset, 'windows.security');
    assert.equal(d.fields.event?.provider, 'Microsoft-Windows-Security-Auditing');
    assert.deepEqual(d.fields.winlog?.event_data, { TargetUserName: 'administrator', FailureReason: '%%2313', LogonType: '3', IpAddress: '203.0.113.66', TargetDomainName: 'CORP', SubStatus: '0xc000006a' });
    assert.equal(d.fields.source?.ip, '203.0.113.66');
  });

  void it('reads WindowsEvent rows (EventData an object) and Event rows (EventData XML, EventLog and Source)', () => {
    const windowsEvent = draft({
      TimeGenerated: '2024-11-23T10:00:03Z', Computer: 'ws01', EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Provider: 'Microsoft-Windows-Sysmon',
      EventData: { Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', CommandLine: 'powershell -enc SQBFAFgA', ProcessId: '4242' }, Type: 'WindowsEvent',
    });
    assert.equal(windowsEvent.dataset, 'windows.sysmon');
    assert.equal(windowsEvent.fields.process?.command_line, 'powershell -enc SQBFAFgA');
    const event = draft({ TimeGenerated: '2024-11-23T10:00:04Z', Source: 'Microsoft-Windows-Sysmon', EventLog: 'Microsoft-Windows-Sysmon/Operational', Computer: 'ws01', EventID: 1, EventData: SYSMON_XML, RenderedDescription: 'Process Create:', UserName: 'NT AUTHORITY\\SYSTEM', Type: 'Event' });
    assert.equal(event.dataset, 'windows.sysmon');
    assert.equal(event.fields.winlog?.provider_name, 'Microsoft-Windows-Sysmon');
    assert.deepEqual(event.fields.winlog?.event_data, { RuleName: '-', ProcessId: '5150', Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c whoami & net user', ParentImage: 'C:\\Windows\\System32\\wsmprovhost.exe', User: 'CORP\\alice' });
    assert.equal(event.fields.message, 'Process Create:');
  });

  void it('raises what the same Sysmon event raises read from its EVTX: encoded PowerShell from an Event row', async () => {
    const dir = sentinelDirs.fresh();
    const file = join(dir, 'sentinel.json');
    const xml = SYSMON_XML.replace('cmd.exe /c whoami &amp; net user', 'powershell.exe -NoP -W Hidden -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA').replace('cmd.exe</Data>', 'WindowsPowerShell\\v1.0\\powershell.exe</Data>');
    writeFileSync(file, `${JSON.stringify({ TimeGenerated: '2024-11-23T10:00:04Z', Source: 'Microsoft-Windows-Sysmon', EventLog: 'Microsoft-Windows-Sysmon/Operational', Computer: 'ws01', EventID: 1, EventData: xml, Type: 'Event' })}\n`);
    const titles = await packAlertTitles(dir, [file]);
    assert.ok(titles.includes('PowerShell with an encoded command'), titles.join(' | '));
  });

  void it('survives hostile EventData: broken or oversized XML, prototype-named data', () => {
    for (const eventData of ['<DataItem><EventData><Data Name="a">', `<x>${'a'.repeat(2 * 1024 * 1024)}</x>`, '<EventData><Data Name="__proto__">p</Data></EventData>', 42, ['x']]) {
      const d = draft({ TimeGenerated: '2024-11-23T10:00:04Z', EventLog: 'Application', Source: 'x', Computer: 'h', EventID: 1, EventData: eventData, Type: 'Event' });
      assert.equal(d.dataset, 'windows.application');
      if (eventData === '<EventData><Data Name="__proto__">p</Data></EventData>') assertOwnField(d.fields.winlog?.event_data, '__proto__', 'p');
    }
    assert.equal(({} as Record<string, unknown>)['p'], undefined);
  });
});

void describe('windows-json: Velociraptor', () => {
  void it("reads EvtxHunter-style rows: System values flat, the data in EventData and UserData objects", () => {
    const d = draft({
      EventTime: '2024-11-23T10:00:01Z', Computer: 'WS01.corp.local', Channel: 'Security', Provider: 'Microsoft-Windows-Security-Auditing', EventID: 4625, EventRecordID: 1234,
      UserSID: null, Username: null, EventData: { TargetUserName: 'administrator', TargetDomainName: 'CORP', LogonType: 3, IpAddress: '203.0.113.66', SubStatus: '0xc000006a' },
      UserData: null, Message: 'An account failed to log on.', OSPath: 'C:\\Windows\\System32\\winevt\\Logs\\Security.evtx',
    });
    assert.equal(d.fields.event?.provider, 'Microsoft-Windows-Security-Auditing');
    assert.deepEqual(d.fields.winlog?.event_data, { TargetUserName: 'administrator', TargetDomainName: 'CORP', LogonType: '3', IpAddress: '203.0.113.66', SubStatus: '0xc000006a' });
    assert.equal(d.fields.source?.ip, '203.0.113.66');
    const cleared = draft({ EventTime: '2024-11-23T10:00:02Z', Computer: 'DC01', Channel: 'Security', Provider: 'Microsoft-Windows-Eventlog', EventID: 1102, EventData: null, UserData: { LogFileCleared: { SubjectUserName: 'eve', SubjectDomainName: 'CORP' } } });
    assert.equal(cleared.fields.event?.action, 'log-cleared');
    assert.deepEqual(cleared.fields.user, { name: 'eve', domain: 'CORP' });
  });

  void it("reads parse_evtx()'s raw records: {\"Value\": id} event ids and epoch SystemTime", () => {
    const d = draft({
      System: { Provider: { Name: 'Microsoft-Windows-Sysmon' }, EventID: { Value: 1 }, TimeCreated: { SystemTime: 1732356002.123456 }, EventRecordID: 5678, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WS01', Security: { UserID: 'S-1-5-18' } },
      EventData: { Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c whoami', ProcessId: 4242 },
    });
    assert.equal(d.fields.winlog?.event_id, 1);
    assert.equal(d.dataset, 'windows.sysmon');
    assert.equal(d.time, '1732356002.123456');
    assert.equal(d.fields.process?.command_line, 'cmd.exe /c whoami');
  });
});

void describe('windows-json security mappings', () => {
  void it('4624: target account logs on; "-" IP and port 0 are absent; workstation backslashes dropped', () => {
    const d = draft(ECS_4624);
    assert.deepEqual(d.fields.event, {
      code: '4624',
      provider: 'Microsoft-Windows-Security-Auditing',
      category: ['authentication'],
      type: ['start'],
      action: 'logon',
      outcome: 'success',
    });
    assert.deepEqual(d.fields.user, { name: 'alice', domain: 'CORP', id: 'S-1-5-21-1-2-3-1104' });
    assert.deepEqual(d.fields.source, { domain: 'WS07' });
    assert.deepEqual(d.fields.winlog?.logon, { type: '10', id: '0x3e8a1f2' });
    assert.equal(d.fields.labels?.['subject_user'], 'DC01$');
    assert.equal(d.fields.labels?.['logon_type_name'], 'remote-interactive');
    assert.deepEqual(d.fields.process, { executable: 'C:\\Windows\\System32\\svchost.exe', name: 'svchost.exe', pid: 420 });
  });

  void it('4625: SubStatus wins over Status; FailureReason and raw codes are fallbacks', () => {
    const base = { TargetUserName: 'bob', IpAddress: '::ffff:203.0.113.9', IpPort: '51000' };
    const wrongPassword = draft(security(4625, { ...base, Status: '0xC000006D', SubStatus: '0xc000006a' }));
    assert.equal(wrongPassword.fields.event?.reason, 'wrong password');
    assert.equal(wrongPassword.fields.event?.outcome, 'failure');
    assert.deepEqual(wrongPassword.fields.source, { ip: '203.0.113.9', port: 51000 });
    assert.equal(draft(security(4625, { ...base, Status: '0xc0000234', SubStatus: '0x0' })).fields.event?.reason, 'account locked out');
    assert.equal(draft(security(4625, { ...base, FailureReason: '%%2313' })).fields.event?.reason, 'unknown user name or bad password');
    assert.equal(draft(security(4625, { ...base, Status: '0xc00000ff' })).fields.event?.reason, '0xC00000FF');
    const loopback = draft(security(4625, { ...base, IpAddress: '::1' }));
    assert.equal(loopback.fields.source?.ip, '::1');
  });

  void it('4688: hex pids become numbers, parent from ParentProcessName/ProcessId, user from Subject', () => {
    const d = draft(WINLOGBEAT6_4688);
    assert.deepEqual(d.fields.process, {
      executable: 'C:\\Windows\\System32\\whoami.exe',
      name: 'whoami.exe',
      pid: 0x1f3c,
      command_line: 'whoami /priv',
      integrity_level: 'High',
      parent: { executable: 'C:\\Windows\\System32\\cmd.exe', name: 'cmd.exe', pid: 0x2a10 },
    });
    assert.deepEqual(d.fields.user, { name: 'alice', domain: 'CORP' });
    assert.equal(d.fields.event?.action, 'process-start');
  });

  void it('4732: member is user.target, group is user.group, actor is the subject', () => {
    const d = draft(
      security(4732, {
        MemberName: '-',
        MemberSid: 'S-1-5-21-1-2-3-1320',
        TargetUserName: 'Administrators',
        TargetSid: 'S-1-5-32-544',
        SubjectUserName: 'admin',
      }),
    );
    assert.deepEqual(d.fields.user, {
      name: 'admin',
      target: { id: 'S-1-5-21-1-2-3-1320' },
      group: { name: 'Administrators', id: 'S-1-5-32-544' },
    });
    assert.deepEqual(d.fields.event?.type, ['group', 'change']);
    assert.equal(d.fields.event?.action, 'group-member-added');
  });

  void it('4769/4771: user@REALM split, Kerberos failure codes in words', () => {
    const ticket = draft(security(4769, { TargetUserName: 'pg@CORP.LOCAL', ServiceName: 'web$', Status: '0x0', TicketEncryptionType: '0x17' }));
    assert.deepEqual(ticket.fields.user, { name: 'pg', domain: 'CORP.LOCAL' });
    assert.equal(ticket.fields.event?.outcome, 'success');
    assert.equal(ticket.fields.service?.name, 'web$');
    const preauth = draft(security(4771, { TargetUserName: 'bob', Status: '0x18' }));
    assert.equal(preauth.fields.event?.reason, 'pre-authentication failed (wrong password)');
    assert.equal(preauth.fields.event?.outcome, 'failure');
  });

  void it('5156: protocol number to transport, direction from %%14592', () => {
    const d = draft(
      security(5156, {
        ProcessID: '4',
        Application: 'System',
        Direction: '%%14592',
        SourceAddress: '10.0.0.9',
        SourcePort: '50240',
        DestAddress: '10.0.0.5',
        DestPort: '445',
        Protocol: '6',
      }),
    );
    assert.deepEqual(d.fields.network, { transport: 'tcp', direction: 'inbound' });
    assert.deepEqual(d.fields.source, { ip: '10.0.0.9', port: 50240 });
    assert.deepEqual(d.fields.destination, { ip: '10.0.0.5', port: 445 });
  });

  void it('unmapped Security ids keep common fields, the subject and the audit outcome from keywords', () => {
    const d = draft(security(4673, { SubjectUserName: 'alice', ProcessName: 'C:\\x.exe', ProcessId: '0x10' }, { Keywords: '0x8010000000000000' }));
    assert.equal(d.fields.event?.code, '4673');
    assert.equal(d.fields.event?.action, undefined);
    assert.equal(d.fields.event?.outcome, 'failure');
    assert.equal(d.fields.user?.name, 'alice');
    assert.equal(d.fields.process?.pid, 16);
  });

  void it('an unknown event id in another log still yields an event with event_data', () => {
    const d = draft({
      EventID: 106,
      SourceName: 'Microsoft-Windows-PrintService',
      Channel: 'Microsoft-Windows-PrintService/Operational',
      Hostname: 'WS07',
      TimeCreated: '2024-03-04T09:44:05.310Z',
      PrinterName: '\\Evil',
    });
    assert.equal(d.dataset, 'windows.microsoft-windows-printservice/operational');
    assert.deepEqual(d.fields.event, { code: '106', provider: 'Microsoft-Windows-PrintService' });
    assert.deepEqual(d.fields.winlog?.event_data, { PrinterName: '\\Evil' });
  });
});

void describe('windows-json sysmon mappings', () => {
  void it('1: process, parent, hashes (lower case), user split, labels', () => {
    const d = draft(NESTED_SYSMON_1);
    assert.equal(d.dataset, 'windows.sysmon');
    assert.equal(d.fields.process?.entity_id, '{8a5c3e21-9b11-65e5-2d04-000000001a00}');
    assert.equal(d.fields.process?.pid, 7712);
    assert.equal(d.fields.process?.name, 'powershell.exe');
    assert.equal(d.fields.process?.command_line, 'powershell.exe -enc AAAA');
    assert.equal(d.fields.process?.working_directory, 'C:\\Users\\alice\\');
    assert.deepEqual(d.fields.process?.hash, { sha1: '0a1b', md5: '00ff', sha256: 'abcd', imphash: 'ffee' });
    assert.deepEqual(d.fields.process?.parent, {
      executable: 'C:\\Windows\\System32\\cmd.exe',
      name: 'cmd.exe',
      pid: 10768,
      command_line: 'cmd.exe',
    });
    assert.deepEqual(d.fields.user, { domain: 'CORP', name: 'alice' });
    assert.equal(d.fields.labels?.['original_file_name'], 'PowerShell.EXE');
  });

  void it('3 and 22: endpoints, direction, DNS answers without ::ffff: and CNAME noise', () => {
    const sysmon = (eventId: number, data: Record<string, string>) => ({
      winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: eventId, event_data: data },
    });
    const net = draft(sysmon(3, { SourceIp: '10.0.0.9', SourcePort: '50000', DestinationIp: '198.51.100.1', DestinationPort: '443', Protocol: 'tcp', Initiated: 'false', DestinationHostname: '-' }));
    assert.deepEqual(net.fields.destination, { ip: '198.51.100.1', port: 443 });
    assert.deepEqual(net.fields.network, { transport: 'tcp', direction: 'inbound' });
    assert.equal(net.fields.event?.action, 'network-connection');
    const dns = draft(sysmon(22, { QueryName: 'a.example', QueryStatus: '9003', QueryResults: 'type:  5 b.example;::ffff:192.0.2.1;' }));
    assert.deepEqual(dns.fields.dns, { question: { name: 'a.example' }, answers: ['b.example', '192.0.2.1'], response_code: 'NXDOMAIN' });
    assert.equal(dns.fields.event?.outcome, 'failure');
  });
});

void describe('windows-json robustness', () => {
  void it('rejects records that are not Windows events', () => {
    assert.equal(parse('text').kind, 'error');
    assert.equal(parse([1, 2]).kind, 'error');
    assert.equal(parse({ ts: 1, uid: 'C1', 'id.orig_h': '10.0.0.1' }).kind, 'error');
    assert.equal(parse({ EventID: 'abc', Channel: 'Security', Hostname: 'h' }).kind, 'error');
    assert.equal(parse({ Event: { System: { EventID: { nested: true } } } }).kind, 'error');
  });

  void it('never throws on hostile values', () => {
    const hostile: unknown[] = [
      null,
      {},
      { winlog: { event_id: 4624, event_data: { __proto__: 'x', a: { b: 1 } } } },
      { winlog: { event_id: 4625, keywords: 'zz' }, event: null },
      { EventID: 4624, Channel: ['x'], Hostname: { a: 1 }, TimeCreated: {}, Keywords: 1.5 },
      { Event: { System: { EventID: 1, Provider: null, TimeCreated: null, Security: 5 }, EventData: 'str', UserData: [] } },
      { Event: { System: { EventID: 22, Channel: 'Microsoft-Windows-Sysmon/Operational' }, EventData: { Data: [null, 3, { '@Name': '__proto__' }] } } },
      JSON.parse('{"event_id": 4688, "log_name": "Security", "event_data": {"__proto__": {"polluted": "yes"}}, "computer_name": "h"}'),
    ];
    for (const value of hostile) assert.doesNotThrow(() => parse(value));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    for (let i = 0; i < 200; i++) {
      const bytes = Array.from({ length: 40 }, (_, j) => String.fromCharCode((i * 31 + j * 17) % 256)).join('');
      assert.doesNotThrow(() => parse({ EventID: i, Channel: bytes, Hostname: bytes, SourceName: bytes, Data: bytes }));
      assert.doesNotThrow(() => windowsJsonFormat.sniff({ fileName: 'x', lines: [bytes], values: [bytes, { EventID: bytes }] }));
    }
  });
});

void describe('windows-json: keys and values named like Object.prototype members', () => {
  void it('keeps EventData/UserData names as own event_data fields in every dialect', async () => {
    for (const w of HOSTILE_WORDS) {
      const records = [
        {
          Event: {
            System: { EventID: 4624, Channel: 'Security', Computer: w, Provider: { '@Name': w } },
            EventData: { Data: [{ '@Name': w, '#text': 'named' }, { '@Name': 'TargetUserName', '#text': w }] },
          },
        },
        { '@timestamp': '2024-03-04T09:15:22Z', winlog: { event_id: 4625, channel: 'Security', event_data: { [w]: 'ecs', TargetUserName: w } } },
        { EventID: 4688, Channel: 'Security', Hostname: 'h', EventTime: '2024-03-04 09:15:22', [w]: 'flat', NewProcessName: `C:\\${w}.exe` },
        { event_id: 4720, log_name: 'Security', computer_name: 'h', event_data: { [w]: 'six' } },
        { Event: { System: { EventID: 1, Channel: w }, UserData: { Wrapper: { [w]: 'deep' } } } },
      ];
      const text = records.map((record) => JSON.stringify(record)).join('\n');
      const [nested, ecs, flat, beat6, other] = await hostileEvents('windows-json', text, records.length);
      assert.equal(nested?.host?.name, w);
      assert.equal(nested?.event.provider, w);
      assertOwnField(nested?.winlog?.event_data, w, 'named');
      assertOwnField(nested?.winlog?.event_data, 'TargetUserName', w);
      assertOwnField(ecs?.winlog?.event_data, w, 'ecs');
      assertOwnField(flat?.winlog?.event_data, w, 'flat');
      assert.equal(flat?.process?.name, `${w}.exe`);
      assertOwnField(beat6?.winlog?.event_data, w, 'six');
      assert.equal(other?.event.dataset, `windows.${w.toLowerCase()}`);
      assertOwnField(other?.winlog?.event_data, w, 'deep');
    }
  });
});

void describe('windows-json sniff', () => {
  void it('scores each dialect high and unrelated JSON zero', () => {
    for (const value of [ECS_4624, WINLOGBEAT6_4688, NXLOG_SYSMON_13, OTRF_7045, NESTED_SYSMON_1]) {
      assert.ok(windowsJsonFormat.sniff(sample([value, value])) >= 0.9, JSON.stringify(value).slice(0, 60));
    }
    assert.ok(windowsJsonFormat.sniff(sample([ECS_4624, NXLOG_SYSMON_13, NESTED_SYSMON_1])) >= 0.9);
    assert.equal(windowsJsonFormat.sniff(sample([{ ts: 1, uid: 'C1', 'id.orig_h': '10.0.0.1' }])), 0);
    assert.equal(windowsJsonFormat.sniff(sample([{ message: 'hello', level: 'info' }])), 0);
    assert.equal(windowsJsonFormat.sniff({ fileName: 'x', lines: ['Mar  1 00:00:00 host sshd[1]: hi'], values: [] }), 0);
  });
});

const OTRF = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'otrf-sample');

function otrfZips(): string[] {
  return readdirSync(OTRF, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.zip'))
    .map((name) => join(OTRF, name));
}

function checkProcessEvent(value: Record<string, unknown>, d: Draft, where: string): void {
  assert.ok(d.fields.process?.executable !== undefined || d.fields.process?.name !== undefined, `${where}: process`);
  assert.ok(d.fields.process?.command_line !== undefined, `${where}: command_line`);
  assert.ok(d.fields.host?.name !== undefined, `${where}: host.name`);
  assert.equal(d.fields.event?.code, String(value['EventID']), `${where}: event.code`);
}

void describe('windows-json on OTRF Security-Datasets', () => {
  void it('maps every Sysmon 1 and Security 4688 record of the OTRF sample zips', (t) => {
    if (!existsSync(OTRF)) {
      t.skip('../shared/data/otrf-sample is not present');
      return;
    }
    if (spawnSync('unzip', ['-v']).status !== 0) {
      t.skip('unzip is not installed');
      return;
    }
    let checked = 0;
    for (const zip of otrfZips()) {
      const text = execFileSync('unzip', ['-p', zip], { maxBuffer: 1 << 28 }).toString('utf8');
      text.split('\n').forEach((line, index) => {
        if (line.trim() === '') return;
        const value = JSON.parse(line) as Record<string, unknown>;
        const where = `${zip}:${index + 1}`;
        const d = draft(value);
        const id = value['EventID'];
        const isSysmon1 = id === 1 && value['SourceName'] === 'Microsoft-Windows-Sysmon';
        const is4688 = id === 4688 && String(value['Channel']).toLowerCase() === 'security';
        if (!isSysmon1 && !is4688) return;
        checkProcessEvent(value, d, where);
        checked++;
      });
    }
    assert.ok(checked > 0, 'the sample holds process-creation events');
  });
});

describe('windows-json: NXLog local times', () => {
  it('learns the zone offset from EventReceivedTime vs the shipper @timestamp', () => {
    const d = draft({
      EventTime: '2020-07-22 00:18:45', EventReceivedTime: '2020-07-22 00:18:47', '@timestamp': '2020-07-22T04:18:47.980Z',
      Hostname: 'DC', EventID: 4624, SourceName: 'Microsoft-Windows-Security-Auditing', Channel: 'Security', SourceModuleType: 'im_msvistalog',
    });
    assert.equal(d.time, '2020-07-22T00:18:45-04:00');
  });

  it('keeps the zone-less EventTime when no receipt stamp in UTC exists (then --tz applies)', () => {
    const d = draft({ EventTime: '2020-07-22 00:18:45', Hostname: 'DC', EventID: 4624, SourceName: 'Microsoft-Windows-Security-Auditing', Channel: 'Security' });
    assert.equal(d.time, '2020-07-22 00:18:45');
  });
});
