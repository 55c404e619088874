import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { utcCell } from '../../src/ingest/formats/sentinel-csv.ts';
import { eventsOf, read } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice, packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Sentinel's (Log Analytics') query results saved as CSV: each row read as the table's JSON row would be. */

const dirs = tempDirs('sentinel-csv');
const csv = (rows: readonly (readonly string[])[]) => rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

void describe("Sentinel's CSV exports", () => {
  void it("reads each table's rows with the reader of that table, at their UTC times", async () => {
    const events = await fixtureEvents('sentinel-csv', 'input.csv');
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.dataset, e.event.action, e.source?.ip ?? null, e.host?.name ?? null, e['@timestamp']]),
      [
        ['windows-json', 'windows.security', 'logon-failed', '203.0.113.66', 'DC01.corp.local', '2024-11-23T10:00:01.123Z'],
        ['sentinel-syslog', 'sshd', 'ssh-login', '203.0.113.66', 'bastion', '2024-11-23T10:00:02.000Z'],
        ['sentinel-cef', 'cef.pan_os', 'deny', '10.0.0.5', 'fw01', '2024-11-23T13:00:03.500Z'],
        ['generic-json', 'json', 'heartbeat', null, 'web01', '2024-11-23T10:00:04.000Z'],
      ],
    );
    // The SecurityEvent row's channel is the table's (the query left Channel out): Sigma's Security rules read it.
    assert.equal(read(events[0]!, { product: 'windows', service: 'security' }, 'SubStatus'), '0xc000006a');
  });

  void it('reads the portal locale times: en-US with AM/PM, day first on a 24-hour clock, ISO', () => {
    assert.equal(utcCell('11/23/2024, 1:00:03.500 PM'), '2024-11-23T13:00:03.500Z');
    assert.equal(utcCell('11/23/2024, 12:00:00 AM'), '2024-11-23T00:00:00Z');
    assert.equal(utcCell('23/11/2024, 13:00:03.5'), '2024-11-23T13:00:03.5Z');
    assert.equal(utcCell('2024-11-23T13:00:03.5Z'), '2024-11-23T13:00:03.5Z');
    assert.equal(utcCell('2024-11-23 13:00:03'), '2024-11-23T13:00:03Z');
  });

  void it("gives Defender's Device tables to the Defender reader and sign-ins (dynamic columns as JSON) to Azure's", async () => {
    const process = await eventsOf('DeviceProcessEvents.csv', csv([
      ['TenantId', 'TimeGenerated [UTC]', 'Timestamp [UTC]', 'DeviceId', 'DeviceName', 'ActionType', 'FileName', 'FolderPath', 'ProcessCommandLine', 'AccountDomain', 'AccountName', 'InitiatingProcessFileName', 'Type'],
      ['t1', '11/23/2024, 10:00:05.000 AM', '11/23/2024, 10:00:04.900 AM', 'a5e9b0f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7', 'ws01', 'ProcessCreated', 'powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -nop -enc SQBFAFgA', 'corp', 'alice', 'cmd.exe', 'DeviceProcessEvents'],
    ]));
    assert.deepEqual(process.map((e) => [e.vigil.format, e.event.action, e.process?.command_line, e.user?.name, e['@timestamp']]), [
      ['defender-xdr', 'process-start', 'powershell.exe -nop -enc SQBFAFgA', 'alice', '2024-11-23T10:00:04.900Z'],
    ]);
    const signins = await eventsOf('SigninLogs.csv', csv([
      ['TenantId', 'TimeGenerated [UTC]', 'OperationName', 'ResultType', 'ResultDescription', 'UserPrincipalName', 'IPAddress', 'AppDisplayName', 'LocationDetails', 'Status', 'Type'],
      ['t1', '11/23/2024, 10:00:06.000 AM', 'Sign-in activity', '50126', 'Invalid username or password', 'alice@contoso.com', '203.0.113.66', 'Azure Portal', '{"city":"Kyiv","countryOrRegion":"UA"}', '{"errorCode":50126}', 'SigninLogs'],
    ]));
    assert.deepEqual(signins.map((e) => [e.vigil.format, e.event.dataset, e.event.outcome, e.user?.name, e.source?.ip]), [['azure', 'azure.signinlogs', 'failure', 'alice@contoso.com', '203.0.113.66']]);
    // A dynamic column is the object the API gives, not its text.
    assert.equal(signins[0]?.labels?.['LocationDetails.countryOrRegion'], 'UA');
  });

  void it('raises incidents from exported rows as from the tables, and re-ingesting adds nothing', async () => {
    const dir = dirs.fresh();
    const rows: string[][] = [['TimeGenerated [UTC]', 'Computer', 'HostName', 'ProcessName', 'ProcessID', 'Facility', 'SyslogMessage', 'Type']];
    for (let i = 0; i < 12; i++) rows.push([`11/23/2024, 10:00:${String(i).padStart(2, '0')}.000 AM`, 'bastion', 'bastion', 'sshd', '411', 'auth', `Failed password for root from 203.0.113.66 port ${String(50000 + i)} ssh2`, 'Syslog']);
    rows.push(['11/23/2024, 10:00:30.000 AM', 'bastion', 'bastion', 'sshd', '411', 'auth', 'Accepted password for root from 203.0.113.66 port 50100 ssh2', 'Syslog']);
    const file = join(dir, 'query_data.csv');
    writeFileSync(file, csv(rows));
    assert.deepEqual(await ingestTwice(dirs.fresh(), [file]), [13, 0], 're-ingesting adds nothing');
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.some((t) => t.startsWith('Brute force followed by a successful login')), titles.join(' | '));
  });

  void it('survives hostile rows: prototype-named columns, markup, deep and bad JSON cells', async () => {
    const text = csv([
      ['TimeGenerated [UTC]', '__proto__ [UTC]', 'constructor', 'EventID', 'Computer', 'EventData', 'Type'],
      ['11/23/2024, 10:00:00 AM', 'x', '{"__proto__":{"polluted":1}}', '4624', '<script>alert(1)</script>', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'SecurityEvent'],
      ['99/99/9999, 99:99:99 PM', '', '{bad json', '__proto__', 'h', '<EventData><Data Name="__proto__">x</Data></EventData>', 'Event'],
      ['', '', '', '', '', '', ''],
    ]);
    const { events } = await readAs('sentinel-csv', text);
    assert.equal(events.length, 2, 'every row with a value is an event');
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.host?.name, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assertNoPollution();
  });
});
