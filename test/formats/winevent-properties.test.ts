import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { layoutOf, propertyData } from '../../src/ingest/formats/windows-json/templates/index.ts';
import { OTHER_TEMPLATES } from '../../src/ingest/formats/windows-json/templates/operational.ts';
import type { TemplateRow } from '../../src/ingest/formats/windows-json/templates/row.ts';
import { SECURITY_AUDITING_TEMPLATES } from '../../src/ingest/formats/windows-json/templates/security.ts';
import { SYSMON_TEMPLATES } from '../../src/ingest/formats/windows-json/templates/sysmon.ts';
import { read } from '../detect/mapping/helpers.ts';
import { readLogText } from '../helpers/format.ts';
import { assertNoPollution, hostileEvents } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/**
 * Get-WinEvent's `Properties`: EventData's values without their names, named again by the event's template, so an
 * export from a machine in another language, or without the provider's message file (no `Message`), still gives
 * the Windows fields the mappings and rules read.
 */

const dirs = tempDirs('winevent-properties');
const SECURITY = { product: 'windows', service: 'security' };
const PROCESS_ACCESS = { product: 'windows', category: 'process_access' };
const PROCESS_CREATION = { product: 'windows', category: 'process_creation' };

interface Shape {
  id: number;
  version: number | null;
  provider: string;
  log: string;
  values: unknown[];
  message?: string | null;
}

/** One Get-WinEvent object as PowerShell 7's ConvertTo-Json writes it (each property `{"Value": …}`). */
function winEvent({ id, version, provider, log, values, message = null }: Shape): Record<string, unknown> {
  return {
    Id: id,
    Version: version,
    ProviderName: provider,
    LogName: log,
    MachineName: 'WKS01.corp.local',
    TimeCreated: '2024-11-23T10:00:00.5+00:00',
    Message: message,
    Properties: values.map((Value) => ({ Value })),
  };
}

const readObjects = (objects: unknown[]) => readLogText(dirs.fresh(), 'events.json', `${JSON.stringify(objects, null, 2)}\n`);

const ALICE = 'S-1-5-21-1111111111-2222222222-3333333333-1104';
/** 4624 version 2 as .NET types it: logon ids, the process id and KeyLength are numbers, the logon GUID is a Guid. */
const LOGON_V2 = [
  'S-1-5-18', 'WKS01$', 'CORP', 999, ALICE, 'alice', 'CORP', 1234567, 10, 'User32 ', 'Negotiate', 'WKS01',
  '00000000-0000-0000-0000-000000000000', '-', '-', 0, 1236, 'C:\\Windows\\System32\\svchost.exe', '203.0.113.9', '50123',
  '%%1833', '-', '-', '-', '%%1843', 0, '%%1842',
];
const GERMAN_LOGON = 'Ein Konto wurde erfolgreich angemeldet.\r\n\r\nAntragsteller:\r\n\tSicherheits-ID:\t\tSYSTEM\r\n\tKontoname:\t\tWKS01$\r\n\r\nAnmeldetyp:\t\t10';

const LSASS_ACCESS = [
  '-', '2024-11-23 10:00:00.412', '3f6a9a51-0000-0000-0000-000000000700', 4242, 4711, 'C:\\Users\\alice\\Downloads\\mimikatz.exe',
  '3f6a9a51-0000-0000-0000-000000000600', 712, 'C:\\Windows\\system32\\lsass.exe', 5136, 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4', 'CORP\\alice', 'NT AUTHORITY\\SYSTEM',
];

/** Sysmon 1 of schemas 4.1–4.2 (21 values) and 4.80–4.91 (23): the same version 5, with OriginalFileName and ParentUser added. */
function processCreate(count: 21 | 23): unknown[] {
  const head = ['-', '2024-11-23 10:00:01.000', '3f6a9a51-0000-0000-0000-000000000800', 5120, 'C:\\Windows\\System32\\cmd.exe', '10.0.19041.1', 'Windows Command Processor', 'Microsoft® Windows® Operating System', 'Microsoft Corporation'];
  const tail = ['cmd.exe /c whoami', 'C:\\Users\\alice\\', 'CORP\\alice', '3f6a9a51-0000-0000-0000-00000000f000', 61440, 1, 'High', 'SHA256=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF', '3f6a9a51-0000-0000-0000-000000000700', 4242, 'C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE'];
  return count === 23 ? [...head, 'Cmd.Exe', ...tail, 'CORP\\alice'] : [...head, ...tail];
}

void describe("Get-WinEvent's Properties named by the event's template", () => {
  void it("reads a logon exported on a German machine from its values, not its message's labels", async () => {
    const { events, errors } = await readObjects([winEvent({ id: 4624, version: 2, provider: 'Microsoft-Windows-Security-Auditing', log: 'Security', values: LOGON_V2, message: GERMAN_LOGON })]);
    assert.deepEqual(errors, []);
    const [logon] = events;
    assert.deepEqual(
      [logon?.event.action, logon?.event.outcome, logon?.user?.name, logon?.user?.domain, logon?.user?.id, logon?.source?.ip, logon?.source?.port, logon?.winlog?.logon],
      ['logon', 'success', 'alice', 'CORP', ALICE, '203.0.113.9', 50123, { type: '10', id: '0x12d687' }],
    );
    // As Windows renders them in EVTX and XML: numbers it shows in hexadecimal, GUIDs in braces; the rest as written.
    assert.deepEqual(
      ['SubjectLogonId', 'ProcessId', 'LogonGuid', 'KeyLength', 'ElevatedToken', 'LogonProcessName'].map((name) => read(logon!, SECURITY, name)),
      ['0x3e7', '0x4d4', '{00000000-0000-0000-0000-000000000000}', '0', '%%1842', 'User32 '],
    );
  });

  void it("names Sysmon's values when there is no message at all, so the pack's LSASS rule sees the access mask", async () => {
    const dir = dirs.fresh();
    const { events } = await readLogText(dir, 'sysmon.json', JSON.stringify([winEvent({ id: 10, version: 3, provider: 'Microsoft-Windows-Sysmon', log: 'Microsoft-Windows-Sysmon/Operational', values: LSASS_ACCESS })]));
    const [access] = events;
    assert.deepEqual(
      ['GrantedAccess', 'SourceProcessGUID', 'TargetImage', 'SourceThreadId'].map((name) => read(access!, PROCESS_ACCESS, name)),
      ['0x1410', '{3f6a9a51-0000-0000-0000-000000000700}', 'C:\\Windows\\system32\\lsass.exe', '4711'],
    );
    assert.deepEqual([access?.process?.pid, access?.process?.executable], [4242, 'C:\\Users\\alice\\Downloads\\mimikatz.exe']);
    const titles = await packAlertTitles(dirs.fresh(), [join(dir, 'sysmon.json')]);
    assert.ok(titles.includes('LSASS opened with memory-read access'), titles.join(' | '));
  });

  void it('picks the layout of the same version with as many values: Sysmon changed layouts within a version', async () => {
    const { events } = await readObjects([21, 23].map((count) => winEvent({ id: 1, version: 5, provider: 'Microsoft-Windows-Sysmon', log: 'Microsoft-Windows-Sysmon/Operational', values: processCreate(count as 21 | 23) })));
    for (const event of events) {
      assert.deepEqual([event.process?.command_line, event.process?.parent?.pid, read(event, PROCESS_CREATION, 'LogonId'), read(event, PROCESS_CREATION, 'IntegrityLevel')], ['cmd.exe /c whoami', 4242, '0xf000', 'High']);
    }
    assert.deepEqual(events.map((e) => read(e, PROCESS_CREATION, 'OriginalFileName')), [undefined, 'Cmd.Exe']);
    // 4624 version 0 has 20 values: its own layout, not version 2's.
    assert.deepEqual(Object.keys(propertyData('Microsoft-Windows-Security-Auditing', 4624, 0, LOGON_V2.slice(0, 20))).at(-1), 'IpPort');
  });

  void it("names Get-EventLog's ReplacementStrings the same way (a French machine's export)", async () => {
    const strings = ['S-1-0-0', '-', '-', '0x0', 'S-1-0-0', 'administrateur', 'CORP', '0xc000006d', '%%2313', '0xc000006a', '3', 'NtLmSsp ', 'NTLM', 'PC-042', '-', '-', '0', '0x0', '-', '198.51.100.23', '51234'];
    const message = "Échec d'ouverture de session d'un compte.\r\n\r\nSujet :\r\n\tID de sécurité :\t\tS-1-0-0";
    const entry = { EventID: 4625, MachineName: 'SRV-PARIS', Source: 'Microsoft-Windows-Security-Auditing', EntryType: 'FailureAudit', Message: message, ReplacementStrings: strings, InstanceId: 4625, TimeGenerated: '/Date(1732356000000)/' };
    const { events, formats } = await readObjects([entry]);
    assert.deepEqual(formats, ['powershell-winevent']);
    const [failed] = events;
    assert.deepEqual([failed?.event.outcome, failed?.user?.name, failed?.source?.ip, failed?.source?.port, failed?.winlog?.logon?.type, read(failed!, SECURITY, 'SubStatus')], ['failure', 'administrateur', '198.51.100.23', 51234, '3', '0xc000006a']);
  });

  void it("names the known values of a newer version than the tables know (Windows appends a version's new names)", () => {
    const data = propertyData('Microsoft-Windows-Security-Auditing', 4624, 3, [...LOGON_V2, '%%1843']);
    assert.equal(Object.keys(data).length, 27);
    assert.deepEqual([data.LogonType, data.ElevatedToken, data.IpAddress], ['10', '%%1842', '203.0.113.9']);
  });

  void it("reads Windows PowerShell 5.1's shapes: SID objects, date objects, bare values, byte arrays", () => {
    const sid = { BinaryLength: 12, AccountDomainSid: null, Value: 'S-1-5-18' };
    const cleared = propertyData('Microsoft-Windows-Eventlog', 1102, 0, [{ Value: sid }, { Value: 'SYSTEM' }, { Value: 'NT AUTHORITY' }, { Value: 999 }]);
    assert.deepEqual(cleared, { SubjectUserSid: 'S-1-5-18', SubjectUserName: 'SYSTEM', SubjectDomainName: 'NT AUTHORITY', SubjectLogonId: '0x3e7' });
    const when = { value: '/Date(1732356000000)/', DisplayHint: 2, DateTime: 'Saturday, November 23, 2024 10:00:00 AM' };
    const timeChanged = propertyData('Microsoft-Windows-Security-Auditing', 4616, 1, ['S-1-5-19', 'LOCAL SERVICE', 'NT AUTHORITY', 997, { Value: when }, '/Date(1732356060000)/', 1234, 'C:\\Windows\\System32\\svchost.exe']);
    assert.deepEqual([timeChanged.PreviousTime, timeChanged.NewTime, timeChanged.ProcessId], ['2024-11-23T10:00:00.000Z', '2024-11-23T10:01:00.000Z', '0x4d2']);
    const service = propertyData('Service Control Manager', 7045, 0, ['evil', 'C:\\evil.exe', 'user mode service', 'demand start', 'LocalSystem']);
    assert.deepEqual(service, { ServiceName: 'evil', ImagePath: 'C:\\evil.exe', ServiceType: 'user mode service', StartType: 'demand start', AccountName: 'LocalSystem' });
    assert.equal(propertyData('Microsoft-Windows-WinRM', 142, 0, ['Enumeration', [0, 10, 255]]).errorCode, '000AFF', 'PowerShell 7 writes byte[] as numbers');
  });

  void it('leaves an event whose template it does not know to its message, and ignores what is not a list of values', async () => {
    assert.deepEqual(propertyData('Contoso-Payroll', 4624, 0, ['x']), {});
    assert.deepEqual(propertyData('Microsoft-Windows-Security-Auditing', 99999, 0, ['x']), {});
    assert.deepEqual(propertyData('Microsoft-Windows-Security-Auditing', 4624, 2, 'System.Collections.Generic.List`1[System.Diagnostics.Eventing.Reader.EventProperty]'), {});
    const { events } = await readObjects([winEvent({ id: 4625, version: 0, provider: 'Contoso-Payroll', log: 'Application', values: ['a', 'b'], message: 'An account failed to log on.\r\n\r\nAccount For Which Logon Failed:\r\n\tAccount Name:\t\tbob' })]);
    assert.equal(events[0]?.winlog?.event_data?.TargetUserName, 'bob');
  });

  void it('survives hostile Properties: huge lists, nested objects, prototype names as values, markup', async () => {
    const huge = Array.from({ length: 100_000 }, (_, i) => ({ Value: i % 2 === 0 ? '__proto__' : { constructor: { prototype: 1 } } }));
    const events = await hostileEvents(
      'powershell-winevent',
      `${JSON.stringify([
        { ...winEvent({ id: 4624, version: 2, provider: 'Microsoft-Windows-Security-Auditing', log: 'Security', values: [] }), Properties: huge },
        winEvent({ id: 1, version: 5, provider: 'microsoft-windows-sysmon', log: '__proto__', values: ['<script>', null, { Value: { Value: { Value: 1 } } }, -1, '<img src=x>', true, 1e308] }),
      ])}\n`,
      2,
    );
    assert.equal(events[0]?.winlog?.event_data?.SubjectUserSid, '__proto__', 'only the template’s 27 names are read; a value is only a value');
    assert.equal(Object.keys(events[0]?.winlog?.event_data ?? {}).length <= 27, true);
    assert.equal(events[1]?.process?.executable, '<img src=x>', 'kept as text: the edges escape it');
    assert.equal(events[1]?.winlog?.event_data?.ProcessId, '-1');
    assertNoPollution();
  });

  void it('keeps every table well formed: unique names per layout, older versions shorter, newest layout first', () => {
    const tables: [string, readonly TemplateRow[]][] = [['Security-Auditing', SECURITY_AUDITING_TEMPLATES], ['Sysmon', SYSMON_TEMPLATES], ...Object.entries(OTHER_TEMPLATES)];
    let rows = 0;
    for (const [provider, table] of tables) {
      let previous: TemplateRow | undefined;
      for (const row of table) {
        rows++;
        const [id, version, names, older = []] = row;
        const plain = names.split(',').map((name) => name.replace(/:[xg]$/, ''));
        assert.equal(new Set(plain).size, plain.length, `${provider} ${id} v${version}: a name twice`);
        assert.ok(plain.every((name) => name.length > 0 && !/[:,]/.test(name)), `${provider} ${id}: ${names}`);
        for (const [olderVersion, count] of older) assert.ok(olderVersion < version && count > 0 && count <= plain.length, `${provider} ${id}: older ${olderVersion}/${count}`);
        if (previous !== undefined && previous[0] === id) assert.ok(previous[1] >= version, `${provider} ${id}: newest first`);
        else if (previous !== undefined) assert.ok(previous[0] < id, `${provider}: ids in order`);
        previous = row;
      }
    }
    assert.ok(rows > 500, `${rows} layouts`);
    assert.equal(layoutOf('Microsoft-Windows-Security-Auditing', 4688, 2, 15)?.at(-1)?.name, 'MandatoryLabel');
  });
});
