import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { read, selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { readLogText } from '../helpers/format.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Windows events as classic text (Splunk's WinEventLog): the header lines and the rendered message read back. */

const dirs = tempDirs('windows-text');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'formats', 'windows-text', 'input.txt');
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };

function event(time: string, code: number, message: string[], extra: string[] = []): string {
  return [time, 'LogName=Security', `EventCode=${String(code)}`, 'ComputerName=DC01.corp.local', 'SourceName=Microsoft Windows security auditing.', 'Keywords=Audit Success', ...extra, `Message=${message[0] ?? ''}`, ...message.slice(1)].join('\n');
}

const read2 = (text: string) => readLogText(dirs.fresh(), 'wineventlog.txt', text);

void describe('Windows events as classic text', () => {
  void it("reads a failed logon's account, client, logon type and status, and Sysmon's process creation for Sigma", async () => {
    const { events, errors, formats } = await collectEvents([FIXTURE], OPTIONS);
    assert.deepEqual([formats, errors], [['windows-text'], []]);
    const [failed, sysmon] = events;
    assert.deepEqual(
      [failed?.event.code, failed?.event.outcome, failed?.user?.name, failed?.user?.domain, failed?.source?.ip, failed?.winlog?.logon?.type, failed?.host?.name, failed?.winlog?.record_id, failed?.['@timestamp']],
      ['4625', 'failure', 'administrator', 'CORP', '203.0.113.66', '3', 'DC01.corp.local', '123456', '2024-11-23T10:00:01.000Z'],
    );
    assert.equal(selected(failed!, { product: 'windows', service: 'security' }), true);
    assert.equal(read(failed!, { product: 'windows', service: 'security' }, 'SubStatus'), '0xc000006a');
    assert.equal(selected(sysmon!, { product: 'windows', category: 'process_creation' }), true);
    assert.equal(read(sysmon!, { product: 'windows', category: 'process_creation' }, 'ParentImage'), 'C:\\Windows\\explorer.exe');
    assert.equal(sysmon?.process?.pid, 4242);
    assert.deepEqual([sysmon?.log.line, sysmon?.event.original?.split('\n')[1]], [37, 'LogName=Microsoft-Windows-Sysmon/Operational']);
  });

  void it('keeps a time line inside a message in its event; keeps lines that open like an event but are none; reports stray lines', async () => {
    const text = [
      'stray line before any event',
      event('11/23/2024 10:00:00 AM', 4720, ['A user account was created.', '', 'Subject:', '\tAccount Name:\t\tadmin', '', 'New Account:', '\tAccount Name:\t\tbackdoor', '11/23/2024 10:00:00 AM', 'still the message']),
      '11/23/2024 10:01:00 AM',
      'LogName=Security',
      'Message=no event code here',
      event('23/11/2024 10:02:00', 1102, ['The audit log was cleared.']),
    ].join('\n');
    const { events, errors } = await read2(text);
    assert.deepEqual(errors.map((e) => e.line), [1]);
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.code ?? null, e['@timestamp']]), [
      ['plaintext', null, undefined],
      ['windows-text', '4720', '2024-11-23T10:00:00.000Z'],
      ['windows-text', null, '2024-11-23T10:01:00.000Z'],
      ['windows-text', '1102', '2024-11-23T10:02:00.000Z'],
    ]);
    assert.ok(events[1]?.event.original?.endsWith('11/23/2024 10:00:00 AM\nstill the message'));
    assert.equal(events[1]?.winlog?.event_data?.TargetUserName, 'backdoor');
    assert.equal(events[2]?.message, '11/23/2024 10:01:00 AM\nLogName=Security\nMessage=no event code here');
  });

  void it("raises the pack's incident for encoded PowerShell from Sysmon's classic text", async () => {
    const rules = await packAlertTitles(dirs.fresh(), [FIXTURE]);
    assert.ok(rules.includes('PowerShell with an encoded command'), rules.join(' | '));
  });

  void it('survives hostile text: prototype-named keys and fields, markup, a huge event', async () => {
    const hostile = event('11/23/2024 10:00:00 AM', 4625, ['An account failed to log on.', '', '__proto__:', '\tAccount Name:\t\t<script>alert(1)</script>', 'Account For Which Logon Failed:', '\tAccount Name:\t\t<img src=x onerror=alert(1)>'], ['__proto__=polluted', 'constructor=x']);
    const { events, errors } = await readAs('windows-text', `${hostile}\n${'x'.repeat(1000)}\n`);
    assert.deepEqual(errors, []);
    assert.equal(events.length, 1);
    for (const e of events) assertSoundEvent(e);
    assert.equal(events[0]?.user?.name, '<img src=x onerror=alert(1)>', 'kept as text: the edges escape it');
    const long = await readAs('windows-text', `${event('11/23/2024 10:00:00 AM', 4625, ['m'])}\n${Array.from({ length: 1200 }, () => 'y'.repeat(1000)).join('\n')}\n`);
    assert.equal(long.events.filter((e) => e.vigil.format === 'windows-text').length, 1);
    assert.ok(long.errors.length > 0 && long.errors.every((e) => /longer than/.test(e.reason)), 'lines past the cap are reported');
    // A time line that no longer fits is reported too, not held and then dropped. The header's lines count 65
    // characters, each line one more than its length: the filler leaves 4 under the 1 MiB cap.
    const header = ['11/23/2024 10:00:00 AM', 'LogName=Security', 'EventCode=4625', 'Message=m'];
    const filler = 'f'.repeat(1048576 - 65 - 1000 * 1001 - 5);
    const full = await readAs('windows-text', `${[...header, ...Array.from({ length: 1000 }, () => 'y'.repeat(1000)), filler, '11/23/2024 10:01:00 AM', 'z'].join('\n')}\n`);
    assert.deepEqual(full.errors.map((e) => e.line), [1006], 'the time line is reported');
    assert.equal(full.events.find((e) => e.log.line === 1006)?.message, '11/23/2024 10:01:00 AM', 'and kept as text');
    // The line after it (one character) still fits: it is in the event, neither an error nor an event of its own.
    assert.deepEqual(full.events.map((e) => e.log.line ?? 0).sort((a, b) => a - b), [1, 1006]);
    assertNoPollution();
  });
});
