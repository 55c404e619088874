import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Alert } from '../../src/schema/alert.ts';
import type { Incident } from '../../src/schema/incident.ts';
import { json, runCli } from '../helpers/cli.ts';
import { tempDirs } from '../helpers/temp.ts';

/**
 * The detection verbs through the real CLI on a real store: analyze → incidents → show → export → hunt,
 * with attacker-controlled user names that try to break the terminal, Markdown, HTML and spreadsheets.
 */

const dirs = tempDirs('detect-cli');

const HOSTILE_USERS = ['<script>alert(1)</script>', '=HYPERLINK("http://evil")', '|a|b|', '[x](http://evil)', '\u001b[31mred', '@SUM(A1)', '**bold**'];

function bruteForceLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 14; i++) {
    const user = HOSTILE_USERS[i % HOSTILE_USERS.length]!;
    const at = `Nov 22 10:${String(10 + Math.floor((i * 20) / 60)).padStart(2, '0')}:${String((i * 20) % 60).padStart(2, '0')}`;
    lines.push(`${at} bastion-01 sshd[${String(4100 + i)}]: Failed password for invalid user ${user} from 203.0.113.66 port ${String(40000 + i)} ssh2`);
  }
  lines.push('Nov 22 10:30:00 bastion-01 sshd[4200]: Accepted password for alice from 10.0.0.5 port 50000 ssh2');
  return `${lines.join('\n')}\n`;
}

interface AnalyzeJson {
  analysis: { rules: { loaded: number; invalid: number; unsupported: number }; alerts: number; incidents: number };
  incidents: Incident[];
}

describe('vigil analyze, incidents, show, export, hunt', () => {
  it('finds the brute force, lists, shows and exports it safely, and audits each step', () => {
    const dir = dirs.fresh();
    writeFileSync(join(dir, 'auth.log'), bruteForceLog());
    const analyze = runCli(['analyze', 'auth.log', '--year', '2026', '--json'], { cwd: dir });
    assert.equal(analyze.status, 0, analyze.stderr);
    const report = json<AnalyzeJson>(analyze);
    assert.ok(report.analysis.rules.loaded > 50);
    assert.equal(report.analysis.rules.invalid, 0);
    const incident = report.incidents.find((i) => i.entities.source_ip.includes('203.0.113.66'));
    assert.ok(incident !== undefined, JSON.stringify(report.incidents.map((i) => i.title)));
    assert.ok(incident.techniques.some((t) => t.id.startsWith('T1110')));
    assert.ok(!report.incidents.some((i) => i.entities.user.includes('alice')), 'the benign login is not an incident');

    const listed = json<{ total: number; incidents: Incident[] }>(runCli(['incidents', '--json', '-t', 'T1110'], { cwd: dir }));
    assert.ok(listed.incidents.some((i) => i.id === incident.id));
    assert.equal(json<{ total: number }>(runCli(['incidents', '--json', '-e', '198.51.100.1'], { cwd: dir })).total, 0);

    const shown = json<{ incident: Incident; alerts: Alert[]; evidence: { id: string }[] }>(runCli(['show', incident.id.slice(0, 8), '--json'], { cwd: dir }));
    assert.equal(shown.incident.id, incident.id);
    assert.ok(shown.alerts.length > 0 && shown.evidence.length > 0);
    const text = runCli(['show', incident.id.slice(0, 8)], { cwd: dir });
    assert.equal(text.status, 0, text.stderr);
    assert.ok(!text.stdout.includes('\u001b'), 'no raw escape reaches the terminal');
    assert.equal(runCli(['show', 'ffffffffff'], { cwd: dir }).status, 2);

    const md = runCli(['export', incident.id, '--format', 'md'], { cwd: dir });
    assert.equal(md.status, 0, md.stderr);
    assert.ok(!md.stdout.includes('<script>'), 'no raw HTML in Markdown');
    assert.ok(!/\]\(http:\/\/evil\)/.test(md.stdout), 'no link injected through a user name');
    const csv = runCli(['export', '--all', '--format', 'csv'], { cwd: dir });
    for (const cell of csv.stdout.split(/[,\n]/)) assert.ok(!/^"?[=+\-@]/.test(cell) || /^"?'/.test(cell), `formula cell: ${cell}`);
    const nav = JSON.parse(runCli(['export', '--all', '--format', 'navigator'], { cwd: dir }).stdout) as { domain: string; techniques: { techniqueID: string }[] };
    assert.equal(nav.domain, 'enterprise-attack');
    assert.ok(nav.techniques.some((t) => t.techniqueID.startsWith('T1110')));
    const cases = json<{ files: string[] }>(runCli(['export', '--all', '--cases', 'cases', '--json'], { cwd: dir }));
    assert.deepEqual(readdirSync(join(dir, 'cases')).sort(), cases.files.map((f) => f.slice(join(dir, 'cases').length + 1)).sort());
    assert.ok(readdirSync(join(dir, 'cases')).includes('SUMMARY.md'));
    assert.ok(!readFileSync(join(dir, 'cases', 'SUMMARY.md'), 'utf8').includes('<script>'));

    const hunt = json<{ byRule: { rule_id: string }[]; alerts: Alert[] }>(runCli(['hunt', '-r', join(import.meta.dirname, '..', '..', 'rules', 'authentication', 'ssh_brute_force.yml'), '--json'], { cwd: dir }));
    assert.ok(hunt.alerts.length > 0 && hunt.byRule.length > 0);
    assert.ok(hunt.alerts.every((a) => a.rule.origin === 'extra'), 'a hunt runs only the rules it is given');

    const audit = json<{ entries: { action: string }[] }>(runCli(['audit', '--json', '-n', '100'], { cwd: dir }));
    const actions = audit.entries.map((e) => e.action);
    for (const action of ['ingest', 'analyze', 'export', 'hunt']) assert.ok(actions.includes(action), `${action} audited: ${actions.join(',')}`);
    assert.equal(runCli(['audit', 'verify'], { cwd: dir }).status, 0);
  });

  it('reads triage settings (asset criticality, gap) and extra rules from vigil.config.yml; a bad config exits 3', () => {
    const dir = dirs.fresh();
    writeFileSync(join(dir, 'auth.log'), bruteForceLog());
    const plain = json<AnalyzeJson>(runCli(['analyze', 'auth.log', '--year', '2026', '--json'], { cwd: dir }));
    const before = plain.incidents.find((i) => i.entities.source_ip.includes('203.0.113.66'))!;
    assert.ok(!before.severity_factors.some((f) => f.factor === 'asset_criticality'));
    writeFileSync(join(dir, 'vigil.config.yml'), 'triage:\n  assets:\n    - pattern: bastion-*\n      criticality: critical\n');
    const configured = json<AnalyzeJson>(runCli(['analyze', 'auth.log', '--year', '2026', '--json'], { cwd: dir }));
    const after = configured.incidents.find((i) => i.id === before.id)!;
    assert.ok(after.severity_factors.some((f) => f.factor === 'asset_criticality' && f.points > 0), JSON.stringify(after.severity_factors));
    assert.ok(after.score > before.score);
    writeFileSync(join(dir, 'other.yml'), 'triage:\n  gapMinutes: -5\n');
    const bad = runCli(['--config', 'other.yml', 'analyze', 'auth.log', '--json'], { cwd: dir });
    assert.equal(bad.status, 3);
    assert.match(json<{ error: { code: string; message: string } }>(bad).error.message, /triage\.gapMinutes/);
  });
});
