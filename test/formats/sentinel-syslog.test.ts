import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { line, selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Sentinel's Syslog table: each row read as the syslog line it stands for. */

const dirs = tempDirs('sentinel-syslog');
const row = (second: number, message: string, program = 'sshd') =>
  line({ TenantId: 't', SourceSystem: 'Linux', TimeGenerated: `2024-11-23T10:00:${String(second).padStart(2, '0')}.000Z`, Computer: 'bastion', HostName: 'bastion', Facility: 'auth', SeverityLevel: 'info', ProcessName: program, ProcessID: 411, SyslogMessage: message, Type: 'Syslog' });

void describe("Sentinel's Syslog table", () => {
  void it("reads each row with its program's decoder: sshd, sudo, the kernel's firewall lines, at TimeGenerated", async () => {
    const events = await fixtureEvents('sentinel-syslog', 'input.jsonl');
    assert.deepEqual(events.map((e) => [e.event.dataset, e.event.action, e.event.outcome, e.source?.ip ?? null, e['@timestamp']]), [
      ['sshd', 'ssh-login', 'failure', '203.0.113.66', '2024-11-23T10:00:00.000Z'],
      ['sshd', 'ssh-login', 'failure', '203.0.113.66', '2024-11-23T10:00:01.000Z'],
      ['sshd', 'ssh-login', 'failure', '203.0.113.66', '2024-11-23T10:00:02.000Z'],
      ['sudo', 'sudo-command', 'success', null, '2024-11-23T10:00:05.000Z'],
      ['ufw', 'firewall-drop', 'failure', '198.51.100.23', '2024-11-23T10:00:06.000Z'],
    ]);
    assert.equal(events[0]?.labels?.['syslog.facility'], 'auth');
    assert.equal(events[0]?.labels?.TenantId, undefined, "the workspace's columns are not labels");
    assert.equal(selected(events[0], { product: 'linux', service: 'sshd' }), true);
    assert.equal(selected(events[4]!, { category: 'firewall' }), true);
  });

  void it('raises the SSH rules as auth.log does', async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'syslog.json');
    const rows = Array.from({ length: 12 }, (_, i) => row(i, `Failed password for root from 203.0.113.66 port ${String(50000 + i)} ssh2`));
    rows.push(row(30, 'Accepted password for root from 203.0.113.66 port 50100 ssh2'));
    writeFileSync(file, rows.join(''));
    const titles = await packAlertTitles(dir, [file]);
    for (const title of ['SSH brute force from one source', 'Brute force followed by a successful login from the same source']) assert.ok(titles.includes(title), `${title} in ${titles.join(' | ')}`);
  });

  void it('survives hostile rows: prototype-named columns, markup, odd types', async () => {
    const { events } = await readAs('sentinel-syslog', [
      line({ TimeGenerated: 'x', Facility: ['a'], SyslogMessage: '<script>alert(1)</script>', ProcessName: {}, ProcessID: 'NaN', __proto__: 'p', constructor: 'c', Type: 'Syslog' }),
      line({ TimeGenerated: 5, SyslogMessage: '', Type: 'Syslog', HostName: '__proto__' }),
    ].join(''));
    assert.equal(events.length, 2);
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.message, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assertNoPollution();
  });
});
