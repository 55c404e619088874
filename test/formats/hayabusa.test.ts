import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { detailPairs, hayabusaTime } from '../../src/ingest/formats/hayabusa.ts';
import { eventsOf } from '../detect/mapping/helpers.ts';
import { FORMAT_FIXTURES, fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Hayabusa's timelines: each detection an event with its rule, level, Windows event and details. */

const dirs = tempDirs('hayabusa');

void describe('Hayabusa timelines', () => {
  void it('reads CSV detections: the rule and level, the event, and the fields its details name', async () => {
    const events = await fixtureEvents('hayabusa', 'input.csv');
    assert.deepEqual(
      events.map((e) => [e['@timestamp'], e.rule?.name, e.event.severity, e.host?.name, e.winlog?.channel, e.winlog?.event_id, e.user?.name ?? null, e.user?.target?.name ?? null, e.source?.ip ?? null]),
      [
        ['2024-11-23T01:00:00.123Z', 'Logon Failure (Wrong Password)', 3, 'DC01.corp.local', 'Security', 4625, null, 'administrator', '203.0.113.66'],
        ['2024-11-23T01:05:00.000Z', 'Suspicious Encoded PowerShell Command Line', 2, 'WS01.corp.local', 'Microsoft-Windows-Sysmon/Operational', 1, 'alice', null, null],
        ['2024-11-23T01:06:00.500Z', 'Security Log Cleared', 1, 'DC01.corp.local', 'Security', 1102, 'mallory', null, null],
      ],
    );
    assert.equal(events[1]?.process?.command_line, 'powershell.exe -nop -enc SQBFAFgA');
    assert.equal(events[1]?.process?.parent?.command_line, 'C:\\Windows\\system32\\cmd.exe /c run.bat');
    assert.equal(events[0]?.labels?.['hayabusa.Proc'], undefined, "a detail Hayabusa writes as '-' is none");
  });

  void it('reads JSON detections (details and extra fields as objects, tags as lists)', async () => {
    const events = await fixtureEvents('hayabusa-json', 'input.jsonl');
    assert.deepEqual(events.map((e) => [e.rule?.name, e.destination?.ip ?? null, e.destination?.port ?? null, e.labels?.['hayabusa.mitre_tags'] ?? null, e.labels?.['hayabusa.Initiated'] ?? null]), [
      ['Logon Failure (Wrong Password)', null, null, 'T1110', null],
      ['Net Conn', '198.51.100.200', 443, null, 'true'],
    ]);
  });

  void it("reads the Timesketch profile's columns and the time layouts Hayabusa can write", async () => {
    const events = await eventsOf('timesketch.csv', [
      'datetime,timestamp_desc,message,Computer,Channel,EventID,Level,RecordID,Details',
      '"Sat, 23 Nov 2024 10:00:00 +0900",hayabusa,Possible LSASS Access,WS01,Sysmon,10,high,7,"TgtProc: C:\\Windows\\system32\\lsass.exe"',
    ].join('\n'));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.rule?.name, e['@timestamp']]), [['hayabusa', 'Possible LSASS Access', '2024-11-23T01:00:00.000Z']]);
    assert.equal(hayabusaTime('11-23-2024 01:05:00.250 PM +09:00'), '2024-11-23T13:05:00.250+09:00');
    assert.equal(hayabusaTime('11-23-2024 12:05:00.250 AM +09:00'), '2024-11-23T00:05:00.250+09:00');
    assert.equal(hayabusaTime('2024-11-23 10:00:00.123 +09:00'), '2024-11-23 10:00:00.123 +09:00', 'the default layout is read as written');
  });

  void it("reads the 24-hour US and European layouts in the file's day order, holding rows until one tells", async () => {
    const header = 'Timestamp,Computer,Channel,EventID,Level,RecordID,RuleTitle,Details';
    const row = (time: string, n: number) => `${time},WS01,Sec,4625,med,${String(n)},Logon Failure,"TgtUser: u${String(n)}"`;
    // 30 rows that could be either, then one whose first number is a day: the held rows take day first too.
    const ambiguous = Array.from({ length: 30 }, (_, i) => row(`05-11-2024 10:${String(i).padStart(2, '0')}:00.000 +01:00`, i));
    const european = await eventsOf('eu.csv', [header, ...ambiguous, row('23-11-2024 22:00:00.123 +01:00', 30)].join('\n'));
    assert.equal(european.length, 31);
    assert.deepEqual([european[0]?.['@timestamp'], european[29]?.['@timestamp'], european[30]?.['@timestamp']], ['2024-11-05T09:00:00.000Z', '2024-11-05T09:29:00.000Z', '2024-11-23T21:00:00.123Z']);
    assert.deepEqual(european.map((e) => e.log?.line), Array.from({ length: 31 }, (_, i) => i + 2), 'in order, each at its line');
    const us = await eventsOf('us.csv', [header, row('11-23-2024 22:00:00.123 +09:00', 1), row('11-05-2024 08:00:00.000 +09:00', 2)].join('\n'));
    assert.deepEqual(us.map((e) => e['@timestamp']), ['2024-11-23T13:00:00.123Z', '2024-11-04T23:00:00.000Z'], 'the sample told: month first');
    const undecided = await eventsOf('both.csv', [header, row('05-11-2024 10:00:00.000 +00:00', 1), row('06-11-2024 10:00:00.000 +00:00', 2)].join('\n'));
    assert.deepEqual(undecided.map((e) => [e.rule?.name, e['@timestamp'], e.vigil.time.source]), [['Logon Failure', undefined, 'none'], ['Logon Failure', undefined, 'none']], 'kept without a guessed time');
  });

  void it('splits CSV details on their separator only', () => {
    assert.deepEqual(detailPairs('Cmdline: a: b ¦ User: x ¦ Proc: n/a ¦ no pair here ¦ Path: C:\\a|b'), [['Cmdline', 'a: b'], ['User', 'x'], ['Path', 'C:\\a|b']]);
  });

  void it('re-ingesting adds nothing', async () => {
    assert.deepEqual(await ingestTwice(dirs.fresh(), [join(FORMAT_FIXTURES, 'hayabusa', 'input.csv'), join(FORMAT_FIXTURES, 'hayabusa-json', 'input.jsonl')]), [5, 0]);
  });

  void it('survives hostile rows: prototype-named details, markup, odd types, endless details', async () => {
    const csv = await readAs('hayabusa', [
      'Timestamp,Computer,Channel,EventID,Level,RuleTitle,Details',
      `2024-11-23 10:00:00 +00:00,<script>,__proto__,x,crit,<img src=x onerror=alert(1)>,"__proto__: polluted ¦ constructor: x ¦ ${'K: v ¦ '.repeat(5000)}"`,
      ',,,,,,',
    ].join('\n'));
    assert.equal(csv.events.length, 1);
    for (const event of csv.events) assertSoundEvent(event);
    assert.equal(csv.events[0]?.rule?.name, '<img src=x onerror=alert(1)>', 'kept as text: the edges escape it');
    const json = await readAs('hayabusa-json', `${JSON.stringify({ Timestamp: 5, Computer: {}, Channel: ['x'], EventID: null, Level: 'nope', RuleTitle: 't', Details: { __proto__: { polluted: 1 }, constructor: [1, { a: 2 }] } })}\n`);
    assert.equal(json.events.length, 1);
    for (const event of json.events) assertSoundEvent(event);
    assertNoPollution();
  });
});
