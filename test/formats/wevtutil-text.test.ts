import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { read, selected } from '../detect/mapping/helpers.ts';
import { readLogText } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Windows events as `wevtutil qe <log> /f:text` prints them: the header lines and the rendered message read back. */

const dirs = tempDirs('wevtutil-text');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'formats', 'wevtutil-text', 'input.txt');
const SYSTEM = { product: 'windows', service: 'system' };

function event(index: number, code: number, message: string[], date = '2024-11-23T10:00:00.000Z'): string {
  const header = ['Log Name: Security', 'Source: Microsoft-Windows-Security-Auditing', `Date: ${date}`, `Event ID: ${String(code)}`, 'Task: User Account Management', 'Keyword: Audit Success', 'User: N/A', 'Computer: DC01.corp.local', 'Description: '];
  return [`Event[${String(index)}]:`, ...header.map((line) => `  ${line}`), ...message].join('\r\n');
}

void describe('Windows events as wevtutil text', () => {
  void it("reads both Windows generations' output: header, local or UTC time, and the message's fields for the mappings and rules", async () => {
    const { events, errors, formats } = await collectEvents([FIXTURE], { tz: 'Europe/Berlin' });
    assert.deepEqual([formats, errors], [['wevtutil-text'], []]);
    assert.deepEqual(
      events.map((e) => [e.event.code, e.event.action, e['@timestamp'], e.vigil.time?.source, e.host?.name, e.winlog?.channel, e.log.line]),
      [
        ['4625', 'logon-failed', '2024-11-23T10:00:01.123Z', 'assumed_zone', 'DC01.corp.local', 'Security', 1],
        // Windows 11 writes `Event[1]` without the colon, and its time in UTC.
        ['4688', 'process-start', '2024-11-23T10:02:03.456Z', 'record', 'WKS01.corp.local', 'Security', 52],
        ['7045', 'service-installed', '2024-11-23T10:05:00.000Z', 'assumed_zone', 'DC01.corp.local', 'System', 90],
        ['3', 'network-connection', '2024-11-23T10:06:00.250Z', 'assumed_zone', 'WKS01.corp.local', 'Microsoft-Windows-Sysmon/Operational', 111],
      ],
    );
    const [failed, process, service, connection] = events;
    assert.deepEqual([failed?.event.outcome, failed?.user?.name, failed?.source?.ip, failed?.winlog?.logon?.type, failed?.labels?.['winlog.keywords']], ['failure', 'administrator', '203.0.113.66', '3', 'Audit Failure']);
    assert.deepEqual([process?.process?.command_line?.slice(0, 28), process?.process?.parent?.executable, process?.user?.name], ['powershell.exe -nop -w hidde', 'C:\\Windows\\System32\\cmd.exe', 'alice']);
    // System's 7045 renders Security's 4697 labels (Service File Name): they are read as 7045's own EventData names.
    assert.deepEqual(['ImagePath', 'StartType', 'AccountName'].map((name) => read(service!, SYSTEM, name)), ['%SystemRoot%\\PSEXESVC.exe', 'demand start', 'LocalSystem']);
    assert.equal(service?.labels?.['winlog.user'], 'CORP\\administrator', "the record's user, where wevtutil names it");
    assert.equal(selected(connection!, { product: 'windows', category: 'network_connection' }), true);
    assert.deepEqual([connection?.destination?.ip, connection?.destination?.port, connection?.labels?.['winlog.keywords']], ['198.51.100.77', 443, undefined]);
    const titles = await packAlertTitles(dirs.fresh(), [FIXTURE]);
    assert.ok(titles.includes('PowerShell with an encoded command'), titles.join(' | '));
  });

  void it("reads Windows PowerShell 5.1's redirect of the output (UTF-16 with a byte order mark) as the same events", async () => {
    const utf8 = await collectEvents([FIXTURE], { tz: 'UTC' });
    const text = readFileSync(FIXTURE, 'utf8');
    const file = join(dirs.fresh(), 'security.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const utf16 = await collectEvents([file], { tz: 'UTC' });
    assert.deepEqual([utf16.formats, utf16.errors], [['wevtutil-text'], []]);
    assert.deepEqual(utf16.events.map((e) => [e.event.code, e['@timestamp'], e.winlog?.event_data]), utf8.events.map((e) => [e.event.code, e['@timestamp'], e.winlog?.event_data]));
  });

  void it('keeps an Event[N] line inside a message in its event, keeps lines that open like an event but are none, reports stray lines', async () => {
    const text = [
      'C:\\> wevtutil qe Security /c:3 /f:text',
      event(0, 4720, ['A user account was created.', '', 'New Account:', '\tSecurity ID:\t\tS-1-5-21-1-2-3-1337', '\tAccount Name:\t\tbackdoor', 'Event[7]:', 'still the message']),
      ['Event[1]:', '  Log Name: Security', '  Date: 2024-11-23T10:01:00.000Z', '  Description: ', 'no event id here'].join('\r\n'),
      event(2, 1102, ['The audit log was cleared.'], '2024-11-23T10:02:00.000Z'),
    ].join('\r\n');
    const { events, errors } = await readLogText(dirs.fresh(), 'security.txt', `${text}\r\n`);
    assert.deepEqual(errors.map((e) => [e.line, e.reason]), [[1, 'wevtutil-text: not inside a Windows event (no Event[N]: line followed by Log Name:)']]);
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.code ?? null, e.log.line]), [
      ['plaintext', null, 1],
      ['wevtutil-text', '4720', 2],
      ['wevtutil-text', null, 19],
      ['wevtutil-text', '1102', 24],
    ]);
    assert.equal(events[1]?.winlog?.event_data?.TargetUserName, 'backdoor');
    assert.ok(events[1]?.event.original?.endsWith('Event[7]:\nstill the message'));
    assert.equal(events[2]?.message, 'Event[1]:\n  Log Name: Security\n  Date: 2024-11-23T10:01:00.000Z\n  Description: \nno event id here');
  });

  void it("names what messages label in their own way as the event's EventData does: the Filtering Platform, logoffs, privileged services", async () => {
    const connection = [
      'The Windows Filtering Platform has permitted a connection.', '', 'Application Information:', '\tProcess ID:\t\t4242',
      '\tApplication Name:\t\\device\\harddiskvolume2\\users\\alice\\appdata\\local\\temp\\beacon.exe', '', 'Network Information:',
      '\tDirection:\t\tOutbound', '\tSource Address:\t\t10.0.0.21', '\tSource Port:\t\t50211', '\tDestination Address:\t198.51.100.77',
      '\tDestination Port:\t\t443', '\tProtocol:\t\t6', '', 'Filter Information:', '\tFilter Run-Time ID:\t69895', '\tLayer Name:\t\tConnect', '\tLayer Run-Time ID:\t48',
    ];
    const logoff = ['An account was logged off.', '', 'Subject:', '\tSecurity ID:\t\tS-1-5-21-1-2-3-1104', '\tAccount Name:\t\talice', '\tAccount Domain:\t\tCORP', '\tLogon ID:\t\t0x12D687', '', 'Logon Type:\t\t\t10'];
    const privileged = ['A privileged service was called.', '', 'Subject:', '\tAccount Name:\t\talice', '', 'Service:', '\tServer:\tNT Local Security Authority / Authentication Service', '\tService Name:\tLsaRegisterLogonProcess()'];
    const { events } = await readLogText(dirs.fresh(), 'security.txt', `${[event(0, 5156, connection), event(1, 4634, logoff), event(2, 4673, privileged)].join('\r\n')}\r\n`);
    const [allowed, loggedOff, called] = events;
    assert.deepEqual(
      [allowed?.source, allowed?.destination, allowed?.network?.direction, allowed?.network?.transport, allowed?.process?.pid, allowed?.process?.name, allowed?.winlog?.event_data?.ProcessID],
      [{ ip: '10.0.0.21', port: 50211 }, { ip: '198.51.100.77', port: 443 }, 'outbound', 'tcp', 4242, 'beacon.exe', '4242'],
    );
    // 4634 renders its account under "Subject:", but its EventData (and the mapping) name it the target.
    assert.deepEqual([loggedOff?.event.action, loggedOff?.user?.name, loggedOff?.winlog?.event_data?.TargetLogonId], ['logoff', 'alice', '0x12d687']);
    assert.equal(read(called!, { product: 'windows', service: 'security' }, 'Service'), 'LsaRegisterLogonProcess()');
  });

  void it('survives hostile headers and messages: prototype names, markup, a huge event', async () => {
    const hostile = [
      'Event[0]:',
      '  Log Name: Security',
      '  Source: <script>alert(1)</script>',
      '  Event ID: 4625',
      '  constructor: x',
      '  hasOwnProperty: polluted',
      '  Computer: <img src=x onerror=alert(1)>',
      '  Date: not a date',
      '  Description: ',
      'An account failed to log on.',
      '',
      'Account For Which Logon Failed:',
      '\tAccount Name:\t\t<b>bob</b>',
      '\t__proto__:\t\tpolluted',
    ].join('\n');
    const { events } = await readAs('wevtutil-text', `${hostile}\n${event(1, 4624, ['x'.repeat(2 * 1024 * 1024)])}\n`);
    for (const e of events) assertSoundEvent(e);
    assert.equal(events[0]?.host?.name, '<img src=x onerror=alert(1)>', 'kept as text: the edges escape it');
    assert.equal(events[0]?.user?.name, '<b>bob</b>');
    assertNoPollution();
  });
});
