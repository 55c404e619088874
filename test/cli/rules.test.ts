import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RuleCheckReport } from '../../src/cli/commands/rules.ts';
import { json, runCli } from '../helpers/cli.ts';

const GOOD = `title: Encoded PowerShell\nid: good-1\nlogsource:\n    product: windows\ndetection:\n    selection:\n        CommandLine|contains: ' -enc '\n    condition: selection\n`;
const INVALID = `title: Broken\nid: bad-1\nlogsource:\n    product: windows\ndetection:\n    selection:\n        A: 1\n    condition: selection and missing\n`;
const IDLE = `title: osascript run\nid: idle-1\nlogsource:\n    product: macos\n    category: process_creation\ndetection:\n    selection:\n        Image|endswith: /osascript\n    condition: selection\n`;
const UNSUPPORTED = `title: "Evil \\e[31mred"\nid: unsup-1\nlogsource:\n    product: windows\ndetection:\n    selection:\n        A|fuzzy: 1\n    condition: selection\n`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-cli-'));
  mkdirSync(join(dir, 'rules'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'rules', name), text);
  return dir;
}

describe('vigil rules check', () => {
  it('reports every rule with file:line, status and reason, and exits 1 when some did not load', () => {
    const dir = workspace({ 'a-good.yml': GOOD, 'b-invalid.yml': INVALID, 'c-unsupported.yml': UNSUPPORTED });
    const run = runCli(['rules', 'check', 'rules', '--json'], { cwd: dir });
    assert.equal(run.status, 1, run.stderr);
    const report = json<RuleCheckReport>(run);
    assert.deepEqual(report.totals, { documents: 3, loaded: 1, idle: 0, unsupported: 1, invalid: 1 });
    assert.deepEqual(
      report.rules.map((r) => [r.file, r.line, r.status, r.id]),
      [
        [join('rules', 'a-good.yml'), 1, 'loaded', 'good-1'],
        [join('rules', 'b-invalid.yml'), 8, 'invalid', 'bad-1'],
        [join('rules', 'c-unsupported.yml'), 7, 'unsupported', 'unsup-1'],
      ],
    );
    assert.match(report.rules[1]!.reason ?? '', /unknown search identifier 'missing'/);
    assert.equal(report.rules[0]!.kind, 'detection');
    const text = runCli(['rules', 'check', 'rules'], { cwd: dir });
    assert.equal(text.status, 1);
    assert.match(text.stdout, /rules\/b-invalid\.yml:8\s+invalid\s+Broken — condition: unknown search identifier 'missing'/);
    assert.match(text.stdout, /3 rule documents: 1 loaded, 0 idle \(compiled; no Vigil format produces their logsource\), 1 unsupported, 1 invalid/);
    assert.ok(!text.stdout.includes('\u001b'), 'a hostile title cannot drive the terminal');
  });

  it('exits 0 when every rule loads or is idle (a logsource we have no data for); usage errors exit 2', () => {
    const dir = workspace({ 'good.yml': GOOD, 'idle.yml': IDLE });
    const ok = runCli(['rules', 'check', 'rules', '--json'], { cwd: dir });
    assert.equal(ok.status, 0, ok.stderr);
    const report = json<RuleCheckReport>(ok);
    assert.deepEqual(report.totals, { documents: 2, loaded: 1, idle: 1, unsupported: 0, invalid: 0 });
    const idle = report.rules.find((r) => r.id === 'idle-1');
    assert.equal(idle?.status, 'idle');
    assert.equal(idle.line, 3);
    assert.match(idle.reason ?? '', /no Vigil format produces logsource product=macos category=process_creation/);
    assert.equal(runCli(['rules', 'lint', 'rules'], { cwd: dir }).status, 2);
    assert.equal(runCli(['rules', 'check'], { cwd: dir }).status, 2);
  });

  it('a missing path is reported as a problem (partial), not a crash', () => {
    const dir = workspace({ 'good.yml': GOOD });
    const run = runCli(['rules', 'check', 'rules', 'nowhere', '--json'], { cwd: dir });
    assert.equal(run.status, 1);
    const report = json<RuleCheckReport>(run);
    assert.deepEqual(report.rules.filter((r) => r.status !== 'loaded').map((r) => [r.file, r.status]), [['nowhere', 'invalid']]);
  });

  it('--placeholders gives expand placeholders their values; without them the rule is unsupported; a bad file is a config error', () => {
    const rule = `title: Admin logon from an unexpected workstation\nid: ph-1\nlogsource:\n    product: windows\n    service: security\ndetection:\n    selection:\n        EventID: 4624\n        WorkstationName|expand: '%Admin_Workstations%'\n    condition: not selection\n`;
    const dir = workspace({ 'ph.yml': rule });
    const without = runCli(['rules', 'check', 'rules', '--json'], { cwd: dir });
    assert.equal(without.status, 1);
    assert.match(json<RuleCheckReport>(without).rules[0]!.reason ?? '', /placeholder %Admin_Workstations% has no configured values/);
    writeFileSync(join(dir, 'placeholders.yml'), 'Admin_Workstations:\n  - ADM-*\n  - JUMP-01\n');
    const withFile = runCli(['rules', 'check', 'rules', '--placeholders', 'placeholders.yml', '--json'], { cwd: dir });
    assert.equal(withFile.status, 0, withFile.stdout);
    assert.equal(json<RuleCheckReport>(withFile).totals.loaded, 1);
    writeFileSync(join(dir, 'bad.yml'), '- just\n- a list\n');
    assert.equal(runCli(['rules', 'check', 'rules', '--placeholders', 'bad.yml'], { cwd: dir }).status, 3);
  });
});
