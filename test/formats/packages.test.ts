import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rpmPackage } from '../../src/ingest/formats/packages/package-fields.ts';
import { collectEvents } from '../../src/pipeline/events.ts';

/** dpkg's log and apt's history: software installed, upgraded and removed on Debian and Ubuntu. */

async function read(name: string, text: string): Promise<Awaited<ReturnType<typeof collectEvents>>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-packages-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, text);
    return await collectEvents([file], { tz: 'Europe/Berlin', year: 2024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void describe('apt history', () => {
  void it('gives each package of a run its own event, with the run’s command, user and outcome', async () => {
    const upgrades = Array.from({ length: 30 }, (_, i) => `lib${String(i)}:amd64 (1.${String(i)}, 1.${String(i)}.1)`).join(', ');
    const text = [
      'Start-Date: 2024-11-23  10:00:00',
      'Commandline: apt full-upgrade -y',
      'Requested-By: alice (1000)',
      `Upgrade: ${upgrades}`,
      'Downgrade: curl:amd64 (8.5.0-2, 7.81.0-1)',
      'Reinstall: openssh-server:amd64 (1:8.9p1-3ubuntu0.10)',
      'Error: Sub-process /usr/bin/dpkg returned an error code (1)',
      'End-Date: 2024-11-23  10:03:00',
      '',
    ].join('\n');
    const { events, errors, formats } = await read('history.log', text);
    assert.deepEqual(formats, ['apt-history']);
    assert.deepEqual(errors, []);
    assert.equal(events.length, 32);
    assert.equal(new Set(events.map((e) => e.id)).size, 32, 'one id per package');
    const curl = events.find((e) => e.package?.name === 'curl');
    assert.deepEqual([curl?.event.action, curl?.event.type, curl?.package?.version, curl?.labels?.package_previous_version], ['package-downgraded', ['change'], '7.81.0-1', '8.5.0-2']);
    const ssh = events.find((e) => e.package?.name === 'openssh-server');
    assert.deepEqual([ssh?.event.action, ssh?.package?.version, ssh?.event.outcome, ssh?.user?.name, ssh?.process?.command_line], ['package-reinstalled', '1:8.9p1-3ubuntu0.10', 'failure', 'alice', 'apt full-upgrade -y']);
    // Local time: 10:00 in Berlin in November is 09:00 UTC.
    assert.equal(ssh?.['@timestamp'], '2024-11-23T09:00:00.000Z');
    assert.equal(ssh?.event.original, 'Reinstall: openssh-server:amd64 (1:8.9p1-3ubuntu0.10)');
  });

  void it('counts lines outside a run as errors, keeps the runs, and keeps hostile names as text', async () => {
    const text = [
      'Start-Date: 2024-11-23  10:00:00',
      'Commandline: apt install "<script>alert(1)</script>"',
      'Requested-By: eve (1002)',
      'Install: <img-src=x>:amd64 (1.0), evil;rm:amd64 (2.0)',
      'End-Date: 2024-11-23  10:00:01',
      'stray text after a run',
      'Start-Date: 2024-11-23  11:00:00',
      'Commandline: apt remove auditd',
      'Remove: auditd:amd64 (1:3.0.7-1build1)',
      'End-Date: 2024-11-23  11:00:01',
    ].join('\n');
    const { events, errors } = await read('history.log', `${text}\n`);
    assert.deepEqual(errors.map((e) => e.line), [6]);
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.package?.name, e.event.action]),
      [['apt-history', '<img-src=x>', 'package-installed'], ['apt-history', 'evil;rm', 'package-installed'], ['plaintext', undefined, undefined], ['apt-history', 'auditd', 'package-removed']],
    );
    assert.equal(events[0]?.process?.command_line, 'apt install "<script>alert(1)</script>"');
  });
});

void describe('apt history past the cap', () => {
  void it('gives a run that outgrows the held text in parts, each package still with the run\'s command and user', async () => {
    const version = 'v'.repeat(1000);
    const lines = Array.from({ length: 1100 }, (_, i) => `Install: ${Array.from({ length: 4 }, (_, j) => `p${String(i)}x${String(j)}:amd64 (${version})`).join(', ')}`);
    const text = ['Start-Date: 2024-11-23  10:00:00', 'Commandline: apt-get install -y everything', 'Requested-By: alice (1000)', ...lines, 'End-Date: 2024-11-23  10:30:00'].join('\n');
    const { events, errors } = await read('history.log', `${text}\n`);
    assert.deepEqual(errors, []);
    assert.equal(events.length, 4400);
    assert.equal(new Set(events.map((e) => e.id)).size, 4400);
    assert.ok(events.every((e) => e.user?.name === 'alice' && e.process?.command_line === 'apt-get install -y everything' && e['@timestamp'] === '2024-11-23T09:00:00.000Z'));
    // The parts before the End-Date do not know the run's end; the last one does.
    assert.ok(events.some((e) => e.labels?.apt_end === undefined));
    assert.equal(events.at(-1)?.labels?.apt_end, '2024-11-23 10:30:00');
    // Nor its outcome: success is said once the run ended without an error.
    assert.deepEqual([events[0]?.event.outcome, events.at(-1)?.event.outcome], [undefined, 'success']);
  });
});

void describe('dpkg log', () => {
  void it('reads lines of dpkg before multiarch and rejects what is not dpkg’s', async () => {
    const text = [
      '2012-05-02 08:15:00 install nmap <none> 5.21-1.1',
      '2012-05-02 08:15:01 status installed nmap 5.21-1.1',
      '2012-05-02 08:15:02 frobnicate nmap 5.21-1.1',
      '2012-05-02 08:15:03 remove nmap 5.21-1.1 <none>',
      '2012-05-02 08:15:04 install',
    ].join('\n');
    const { events, errors, formats } = await read('dpkg.log', `${text}\n`);
    assert.deepEqual(formats, ['dpkg']);
    // Rejected lines are counted with their line and still kept, as plain text.
    assert.deepEqual(errors.map((e) => e.line), [3, 5]);
    const dpkg = events.filter((e) => e.vigil.format === 'dpkg');
    assert.deepEqual(dpkg.map((e) => [e.event.action, e.package?.name, e.package?.architecture, e.package?.version]), [
      ['package-installed', 'nmap', undefined, '5.21-1.1'],
      ['package-status', 'nmap', undefined, '5.21-1.1'],
      ['package-removed', 'nmap', undefined, '5.21-1.1'],
    ]);
    assert.equal(events.length, 5);
  });
});

void describe('rpm package logs (dnf, yum)', () => {
  void it('splits name, epoch, version, release and architecture as dnf and yum write them', () => {
    assert.deepEqual(rpmPackage('openssl-libs-1:3.2.2-6.el9.x86_64'), { name: 'openssl-libs', architecture: 'x86_64', version: '1:3.2.2-6.el9' });
    assert.deepEqual(rpmPackage('1:net-snmp-libs-5.7.2-49.el7.x86_64'), { name: 'net-snmp-libs', architecture: 'x86_64', version: '1:5.7.2-49.el7' });
    assert.deepEqual(rpmPackage('python3.11-pip-wheel-22.3.1-4.el9.noarch'), { name: 'python3.11-pip-wheel', architecture: 'noarch', version: '22.3.1-4.el9' });
    // yum's erasures name the package alone; an unknown architecture is not guessed at.
    assert.deepEqual(rpmPackage('mariadb-libs'), { name: 'mariadb-libs' });
    assert.deepEqual(rpmPackage('tool-1.0-1.el9.weird'), { name: 'tool-1.0-1.el9.weird' });
    assert.deepEqual(rpmPackage('-1.0-1.x86_64'), { name: '-1.0-1.x86_64' });
  });

  void it('links an upgrade only to its own replaced package, keeps the lines in order, and gives a held upgrade at the end', async () => {
    const text = [
      '2024-11-23T10:00:06+0000 SUBDEBUG Upgrade: curl-7.76.1-29.el9.x86_64',
      '2024-11-23T10:00:06+0000 SUBDEBUG Upgraded: libcurl-7.76.1-26.el9.x86_64',
      '2024-11-23T10:00:07+0000 SUBDEBUG Upgrade: kernel-core-5.14.0-503.el9.x86_64',
      'not a dnf line',
      '2024-11-23T10:00:08+0000 SUBDEBUG Upgraded: kernel-core-5.14.0-427.el9.x86_64',
      '2024-11-23T10:00:09+0000 SUBDEBUG Upgrade: bash-5.1.8-9.el9.x86_64',
    ].join('\n');
    const { events, errors } = await read('dnf.rpm.log', `${text}\n`);
    assert.deepEqual(errors.map((e) => e.line), [4]);
    assert.deepEqual(
      events.filter((e) => e.vigil.format === 'dnf-rpm').map((e) => [e.log.line, e.event.action, e.package?.name, e.labels?.package_previous_version]),
      [
        [1, 'package-upgraded', 'curl', undefined],
        [2, 'package-replaced', 'libcurl', undefined],
        [3, 'package-upgraded', 'kernel-core', '5.14.0-427.el9'],
        [5, 'package-replaced', 'kernel-core', undefined],
        [6, 'package-upgraded', 'bash', undefined],
      ],
    );
  });

  void it('counts an upgrade once, and leaves other ISO-stamped logs alone', async () => {
    const dnf = await read('dnf.rpm.log', '2024-11-23T10:00:06+0000 SUBDEBUG Upgrade: openssl-libs-1:3.2.2-6.el9.x86_64\n2024-11-23T10:00:06+0000 SUBDEBUG Upgraded: openssl-libs-1:3.0.7-27.el9.x86_64\n');
    assert.deepEqual(dnf.formats, ['dnf-rpm']);
    assert.deepEqual(dnf.events.map((e) => [e.event.action, e.event.type, e.package?.version]), [['package-upgraded', ['change'], '1:3.2.2-6.el9'], ['package-replaced', ['info'], '1:3.0.7-27.el9']]);
    // The upgrade names the version it replaced, as dpkg's and apt's do.
    assert.equal(dnf.events[0]?.labels?.package_previous_version, '1:3.0.7-27.el9');
    const app = await read('app.log', '2024-11-23T10:00:06+0000 INFO Started server on port 8080\n2024-11-23T10:00:07+0000 WARN Slow request: /api/items\n');
    assert.notDeepEqual(app.formats, ['dnf-rpm']);
  });
});
