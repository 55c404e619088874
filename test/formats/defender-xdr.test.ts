import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { line, read, selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Defender XDR's advanced hunting rows: Defender for Endpoint's Device* tables and Identity's logons, as Sysmon-read records. */

const dirs = tempDirs('defender-xdr');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };
const WINDOWS = { product: 'windows' };


const logon = (second: number, action: string) =>
  line({ Timestamp: `2024-11-23T10:00:${String(second).padStart(2, '0')}Z`, DeviceId: 'd1', DeviceName: 'srv01.corp.local', ActionType: action, LogonType: 'Network', AccountDomain: 'corp', AccountName: 'administrator', RemoteIP: '203.0.113.66', RemotePort: 50000 + second, ReportId: second });

void describe('Defender XDR advanced hunting', () => {
  void it("reads each table's columns into the schema: processes and parents, connections, files, registry, image loads, logons, DNS", async () => {
    const events = await fixtureEvents('defender-xdr', 'input.jsonl');
    assert.deepEqual(events.map((e) => [e.event.dataset, e.event.action ?? null, e.host?.name ?? null, e['@timestamp']]), [
      ['defender.process', 'process-start', 'ws01.corp.local', '2024-11-23T10:00:01.123Z'],
      ['defender.network', 'network-connection', 'ws01.corp.local', '2024-11-23T10:00:02.200Z'],
      ['defender.file', 'file-created', 'ws01.corp.local', '2024-11-23T10:00:03.000Z'],
      ['defender.registry', 'registry-set-value', 'ws01.corp.local', '2024-11-23T10:00:04.000Z'],
      ['defender.image_load', 'image-load', 'ws01.corp.local', '2024-11-23T10:00:05.000Z'],
      ['defender.logon', 'login', 'srv01.corp.local', '2024-11-23T10:00:06.000Z'],
      ['defender.identity_logon', 'login', 'dc01.corp.local', '2024-11-23T10:00:07.000Z'],
      ['defender.device_event', 'dns-query', 'ws01.corp.local', '2024-11-23T10:00:08.000Z'],
      ['defender.process', 'process-start', 'web01', '2024-11-23T10:00:09.000Z'],
    ]);
    const [process, network, file, registry, image, deviceLogon, identityLogon, dns, linux] = events as [VigilEvent, VigilEvent, VigilEvent, VigilEvent, VigilEvent, VigilEvent, VigilEvent, VigilEvent, VigilEvent];
    assert.equal(process.process?.parent?.executable, 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE');
    assert.equal(process.process?.hash?.md5, '7353f60b1739074eb17c5f4dddefe239');
    assert.deepEqual(process.user, { name: 'alice', domain: 'corp', id: 'S-1-5-21-1111111111-2222222222-3333333333-1104' });
    // The columns the schema holds are not repeated as labels; DeviceId (40 hex digits) is no SHA-1 indicator.
    assert.equal(process.labels?.ProcessCommandLine, undefined);
    assert.equal(process.labels?.DeviceId, '4f3e2d1c9b8a7f6e5d4c3b2a19081726354a5b6c');
    assert.ok(!(process.vigil.indicators ?? []).some((i) => i.value === '4f3e2d1c9b8a7f6e5d4c3b2a19081726354a5b6c'));
    // The streaming API's record: its table, the initiator as the source.
    assert.equal(network.labels?.['defender.table'], 'DeviceNetworkEvents');
    assert.deepEqual([network.source?.ip, network.destination?.ip, network.destination?.port, network.destination?.domain, network.network?.direction], ['10.0.0.21', '203.0.113.80', 443, 'evil.example', 'outbound']);
    assert.equal(file.file?.path, 'C:\\Users\\alice\\AppData\\Local\\Temp\\update.exe');
    assert.equal(file.labels?.SHA256, 'a'.repeat(64), "a file's hash stays a label");
    assert.equal(registry.registry?.path, 'HKCU\\S-1-5-21-1111111111-2222222222-3333333333-1104\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater');
    assert.equal(image.file?.path, 'C:\\Windows\\System32\\dbghelp.dll');
    assert.deepEqual([deviceLogon.event.outcome, deviceLogon.user?.name, deviceLogon.source?.ip, deviceLogon.labels?.logon_type], ['failure', 'administrator', '203.0.113.66', '3']);
    assert.deepEqual([identityLogon.user?.name, identityLogon.source?.ip, identityLogon.source?.domain], ['bob', '203.0.113.66', 'KALI']);
    assert.equal(dns.dns?.question?.name, 'evil.example');
    assert.equal(linux.process?.executable, '/usr/bin/bash');
  });

  void it("is read by Sysmon's Sigma logsources and names: Windows records by Windows rules, a Linux endpoint's by Linux rules", async () => {
    const [process, network, file, registry, image, , , dns, linux] = await fixtureEvents('defender-xdr', 'input.jsonl');
    assert.equal(read(process!, { ...WINDOWS, category: 'process_creation' }, 'ParentImage'), 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE');
    assert.equal(read(process!, { ...WINDOWS, category: 'process_creation' }, 'Hashes'), 'SHA1=6CBCE4A295C163791B60FC23D285E6D84F28EE4C,MD5=7353F60B1739074EB17C5F4DDDEFE239,SHA256=DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C');
    assert.equal(selected(network!, { ...WINDOWS, category: 'network_connection' }), true);
    assert.equal(read(network!, { ...WINDOWS, category: 'network_connection' }, 'Initiated'), 'true');
    assert.equal(read(network!, { ...WINDOWS, category: 'network_connection' }, 'DestinationHostname'), 'evil.example');
    assert.equal(selected(file!, { ...WINDOWS, category: 'file_event' }), true);
    assert.equal(selected(registry!, { ...WINDOWS, category: 'registry_set' }), true);
    assert.equal(selected(registry!, { ...WINDOWS, category: 'registry_event' }), true);
    assert.equal(selected(registry!, { ...WINDOWS, category: 'registry_add' }), false);
    assert.equal(read(registry!, { ...WINDOWS, category: 'registry_set' }, 'Details'), 'C:\\Users\\alice\\AppData\\Local\\Temp\\update.exe');
    assert.equal(read(image!, { ...WINDOWS, category: 'image_load' }, 'ImageLoaded'), 'C:\\Windows\\System32\\dbghelp.dll');
    assert.equal(selected(dns!, { ...WINDOWS, category: 'dns_query' }), true);
    assert.equal(selected(linux!, { product: 'linux', category: 'process_creation' }), true);
    assert.equal(selected(linux!, { ...WINDOWS, category: 'process_creation' }), false);
    assert.equal(selected(process!, { product: 'linux', category: 'process_creation' }), false);
  });

  void it('joins a folder and a file name where FolderPath holds the folder only, and keeps a whole path as it is', async () => {
    const row = (folder: string, name: string) => line({ Timestamp: '2024-11-23T10:00:00Z', DeviceName: 'ws', ActionType: 'FileCreated', FolderPath: folder, FileName: name, ReportId: 1 });
    const { events } = await readAs('defender-xdr', [row('C:\\Users\\alice\\Downloads', 'a.exe'), row('C:\\tools\\xcmd.exe', 'cmd.exe'), row('/tmp/', 'x.sh'), row('C:\\Temp\\A.EXE', 'a.exe')].join(''));
    assert.deepEqual(events.map((e) => e.file?.path), ['C:\\Users\\alice\\Downloads\\a.exe', 'C:\\tools\\xcmd.exe\\cmd.exe', '/tmp/x.sh', 'C:\\Temp\\A.EXE']);
  });

  void it("reads the portal's CSV export to the events of the same rows in JSON", async () => {
    const [csvRow] = await fixtureEvents('defender-xdr-csv', 'input.csv');
    const [jsonRow] = await fixtureEvents('defender-xdr', 'input.jsonl');
    assert.deepEqual(csvRow?.process, jsonRow?.process);
    assert.deepEqual(csvRow?.user, jsonRow?.user);
    assert.equal(csvRow?.['@timestamp'], jsonRow?.['@timestamp']);
  });

  void it('raises the rules written for Sysmon and the generic login correlations', async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'hunting.json');
    const rows = Array.from({ length: 12 }, (_, i) => logon(i, 'LogonFailed'));
    rows.push(logon(30, 'LogonSuccess'));
    rows.push(line({ Timestamp: '2024-11-23T10:01:00Z', DeviceId: 'd1', DeviceName: 'ws01', ActionType: 'ConnectionSuccess', RemoteIP: '203.0.113.80', RemotePort: 4444, LocalIP: '10.0.0.21', LocalPort: 50400, Protocol: 'Tcp', InitiatingProcessFileName: 'rundll32.exe', InitiatingProcessFolderPath: 'C:\\Windows\\System32\\rundll32.exe', ReportId: 99 }));
    writeFileSync(file, rows.join(''));
    const titles = await packAlertTitles(dir, [join(FIXTURES, 'defender-xdr', 'input.jsonl'), file]);
    for (const title of ['PowerShell with an encoded command', 'Run key set to a script host or a user-writable path', 'Brute force followed by a successful login from the same source', 'Process connected to a port favoured by attack tools']) {
      assert.ok(titles.includes(title), `${title} in ${titles.join(' | ')}`);
    }
  });

  void it("reads the hunting API's answer saved whole ({\"Schema\":[…],\"Results\":[…]})", async () => {
    const file = join(dirs.fresh(), 'hunting-api.json');
    const rows = readFileSync(join(FIXTURES, 'defender-xdr', 'input.jsonl'), 'utf8').trim().split('\n').map((text) => JSON.parse(text) as Record<string, unknown>);
    const results = rows.filter((row) => row.category === undefined);
    writeFileSync(file, JSON.stringify({ Schema: [{ Name: 'Timestamp', Type: 'DateTime' }, { Name: 'DeviceName', Type: 'String' }], Results: results }, null, 2));
    const { events, errors, formats } = await collectEvents([file], OPTIONS);
    assert.deepEqual([errors, formats], [[], ['defender-xdr']]);
    assert.equal(events.length, results.length);
    assert.equal(events[0]?.process?.command_line?.startsWith('powershell.exe -NoP -W Hidden -EncodedCommand'), true);
  });

  void it("leaves the streaming API's records to this format, not to Azure's diagnostic logs", async () => {
    const { formats, events } = await collectEvents([join(FIXTURES, 'defender-xdr', 'input.jsonl')], OPTIONS);
    assert.deepEqual(formats, ['defender-xdr']);
    assert.ok(events.every((e) => e.vigil.format === 'defender-xdr'));
    const { events: streamed } = await readAs('azure', line({ time: '2024-11-23T10:00:02Z', tenantId: 't', operationName: 'Publish', category: 'AdvancedHunting-DeviceProcessEvents', properties: { Timestamp: '2024-11-23T10:00:02Z', DeviceName: 'h', ActionType: 'ProcessCreated' } }));
    assert.notEqual(streamed[0]?.event.dataset, 'azure.advancedhunting-deviceprocessevents', "Azure's reader does not claim it");
  });

  void it('survives hostile rows: prototype-named columns, markup, odd types, bad AdditionalFields', async () => {
    const text = [
      line({ Timestamp: '2024-11-23T10:00:00Z', DeviceName: '<img src=x onerror=alert(1)>', ActionType: 'ProcessCreated', __proto__: 'x', constructor: 'y', FileName: '__proto__', FolderPath: 'C:\\__proto__', ProcessCommandLine: '<script>alert(1)</script>', ProcessId: 'NaN', ReportId: 1 }),
      line({ Timestamp: 5, DeviceName: ['a'], ActionType: 'DnsQueryResponse', AdditionalFields: '{"DnsQueryString":{"a":1},"__proto__":{"polluted":1}', RemoteIP: 'not an ip', ReportId: 2 }),
      line({ time: [], category: 'AdvancedHunting-__proto__', properties: { ActionType: 'RegistryValueSet', RegistryKey: 7, DeviceName: 'h', Timestamp: '2024-11-23T10:00:00Z' } }),
      line({ Timestamp: '2024-11-23T10:00:00Z', DeviceId: 'd', ActionType: 'PowerShellCommand', AdditionalFields: { Command: '<b>Invoke-Mimikatz</b>', toString: 'z' } }),
    ].join('');
    const { events, errors } = await readAs('defender-xdr', text);
    assert.equal(events.length, 4);
    assert.deepEqual(errors, []);
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.process?.command_line, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assert.equal(events[0]?.process?.name, '__proto__');
    assert.equal(events[3]?.message, '<b>Invoke-Mimikatz</b>');
    assertNoPollution();
  });
});
