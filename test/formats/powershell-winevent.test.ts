import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { read, selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, hostileEvents } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { readLogText } from '../helpers/format.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Windows events as PowerShell's Get-WinEvent and Get-EventLog give them, through ConvertTo-Json and Export-Csv. */

const dirs = tempDirs('powershell-winevent');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const JSON_FIXTURE = join(FIXTURES, 'powershell-winevent', 'input.json');
const CSV_FIXTURE = join(FIXTURES, 'powershell-winevent-csv', 'input.csv');
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };

const read2 = (name: string, text: string) => readLogText(dirs.fresh(), name, text);

void describe('Windows events from PowerShell', () => {
  void it("reads Get-WinEvent's objects of both PowerShell versions and Get-EventLog's, for the Windows mappings", async () => {
    const { events, errors, formats } = await collectEvents([JSON_FIXTURE], OPTIONS);
    assert.deepEqual([formats, errors], [['powershell-winevent'], []]);
    assert.deepEqual(
      events.map((e) => [e.event.code, e.event.outcome ?? null, e.user?.name, e.source?.ip ?? null, e.host?.name, e['@timestamp']]),
      [
        ['4625', 'failure', 'administrator', '203.0.113.66', 'DC01.corp.local', '2024-11-23T10:00:01.123Z'],
        ['1', null, 'bob', null, 'WKS01.corp.local', '2024-11-23T10:00:05.123Z'],
        ['4624', 'success', 'administrator', '203.0.113.66', 'DC01.corp.local', '2024-11-23T10:00:09.000Z'],
        ['1024', null, undefined, null, 'WKS07.corp.local', '2024-11-23T10:01:40.000Z'],
        ['169', 'success', 'alice', null, 'DC01.corp.local', '2024-11-23T10:01:41.000Z'],
      ],
    );
    const [failed, sysmon, logon, rdpClient, winrm] = events;
    // Their EventData names are not kept: the outgoing RDP server and WinRM's account come from the English message.
    assert.deepEqual([rdpClient?.event.action, rdpClient?.destination, rdpClient?.user?.id], ['rdp-client-connecting', { ip: '10.20.30.42' }, 'S-1-5-21-1111111111-2222222222-3333333333-1104']);
    assert.equal(selected(rdpClient!, { product: 'windows', service: 'terminalservices-rdpclient' }), true);
    assert.deepEqual([winrm?.event.action, winrm?.user?.domain, winrm?.labels?.authentication_mechanism], ['winrm-authenticated', 'CORP', 'Kerberos']);
    assert.equal(selected(winrm!, { product: 'windows', service: 'winrm' }), true);
    assert.equal(read(failed!, { product: 'windows', service: 'security' }, 'SubStatus'), '0xc000006a');
    assert.equal(selected(sysmon!, { product: 'windows', category: 'process_creation' }), true);
    assert.equal(read(sysmon!, { product: 'windows', category: 'process_creation' }, 'ParentImage'), 'C:\\Windows\\explorer.exe');
    assert.equal(logon?.winlog?.channel, 'Security', "Get-EventLog names no log: its source's");
    assert.equal(logon?.winlog?.logon?.type, '3');
    // ConvertTo-Json writes an array, indented: the same events.
    const objects = readFileSync(JSON_FIXTURE, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
    const pretty = await read2('events.json', JSON.stringify(objects, null, 4));
    assert.deepEqual(pretty.events.map((e) => e.event.code), ['4625', '1', '4624', '1024', '169']);
  });

  void it("reads Export-Csv's rows with the message first, with or without the #TYPE line", async () => {
    const text = readFileSync(CSV_FIXTURE, 'utf8');
    for (const [name, body] of [['with-type.csv', text], ['without-type.csv', text.slice(text.indexOf('\n') + 1)]] as const) {
      const { events, errors, formats } = await read2(name, body);
      assert.deepEqual([formats, errors], [['powershell-winevent-csv'], []], name);
      assert.deepEqual(events.map((e) => [e.event.code, e.user?.name, e.source?.ip, e.winlog?.logon?.type, e.log.line]), [['4625', 'administrator', '203.0.113.66', '3', name === 'with-type.csv' ? 3 : 2]], name);
    }
  });

  void it('reads any PowerShell Export-Csv whose #TYPE line comes first as CSV, not as text', async () => {
    const { events, formats } = await read2('processes.csv', '#TYPE System.Diagnostics.Process\r\n"Name","Id","Path"\r\n"powershell","4242","C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"\r\n');
    assert.deepEqual(formats, ['csv']);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.labels?.Name, 'powershell', 'the header is the second line');
  });

  void it("raises the pack's encoded PowerShell incident from Sysmon's event in Get-WinEvent's JSON", async () => {
    const rules = await packAlertTitles(dirs.fresh(), [JSON_FIXTURE]);
    assert.ok(rules.includes('PowerShell with an encoded command'), rules.join(' | '));
  });

  void it('survives hostile objects: prototype-named fields, markup, odd values', async () => {
    const events = await hostileEvents(
      'powershell-winevent',
      `${JSON.stringify([
        { Id: 4625, ProviderName: '__proto__', LogName: 'constructor', TimeCreated: { value: '/Date(99999999999999999)/' }, MachineName: '<script>', UserId: { Value: { a: 1 } }, Message: 'x\r\n__proto__:\r\n\tAccount Name:\t\tpolluted', KeywordsDisplayNames: [null, 7] },
        { Id: 1, ProviderName: 'Microsoft-Windows-Sysmon', TimeCreated: 'not a time', Message: 'Process Create:\r\n__proto__: polluted\r\nImage: <img src=x>' },
      ])}\n`,
      2,
    );
    assert.equal(events[0]?.host?.name, '<script>', 'kept as text: the edges escape it');
    assert.equal(events[1]?.process?.executable, '<img src=x>');
    assertNoPollution();
  });
});
