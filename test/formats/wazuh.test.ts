import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eventsOf, line, read, selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice, packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Wazuh's alerts and archives: the lines and Windows events its agents collected, read by their own formats. */

const dirs = tempDirs('wazuh');
const AGENT = { agent: { id: '001', name: 'bastion', ip: '10.0.0.4' }, manager: { name: 'wazuh-manager' } };
const sshdAlert = (second: string, message: string, rule: { id: string; level: number; description: string }) => ({
  timestamp: `2024-11-23T10:00:${second}.000+0000`, rule: { ...rule, groups: ['syslog', 'sshd'] }, ...AGENT, id: `1732356000.${second}`,
  full_log: `Nov 23 10:00:${second} bastion sshd[411]: ${message}`, decoder: { parent: 'sshd', name: 'sshd' }, location: '/var/log/auth.log',
});

void describe('Wazuh alerts and archives', () => {
  void it("reads each line with its log's format and each Windows event with the Windows reader, Wazuh's verdict as labels", async () => {
    const events = await fixtureEvents('wazuh', 'input.jsonl');
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.action ?? null, e.user?.name ?? null, e.source?.ip ?? null, e.host?.name, e['@timestamp']]),
      [
        ['syslog', 'ssh-login', 'root', '203.0.113.66', 'bastion', '2024-11-23T10:00:01.123Z'],
        ['windows-json', 'process-start', 'alice', null, 'ws01.corp.local', '2024-11-23T10:00:01.987Z'],
        ['windows-json', 'logon-failed', 'administrator', '203.0.113.66', 'DC01.corp.local', '2024-11-23T10:00:02.400Z'],
        ['wazuh', null, null, null, 'ws01', '2024-11-23T10:00:03.000Z'],
        ['web-access', 'http-request', null, '198.51.100.7', 'web01', '2024-11-23T10:00:04.000Z'],
      ],
    );
    const [sshd, sysmon, logon, syscheck, web] = events;
    assert.equal(sshd?.event.original, 'Nov 23 10:00:01 bastion sshd[411]: Failed password for root from 203.0.113.66 port 50122 ssh2');
    assert.equal(sshd?.labels?.['wazuh.rule.id'], '5760');
    assert.equal(sshd?.labels?.['wazuh.rule.mitre.id'], 'T1110.001, T1021.004');
    assert.equal(sshd?.labels?.['wazuh.rule.pci_dss'], undefined, 'compliance mappings are not labels');
    // Wazuh's doubled backslashes are single again, and the data's names are Windows' own: Sigma reads them.
    assert.equal(sysmon?.process?.executable, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    assert.equal(read(sysmon, { product: 'windows', category: 'process_creation' }, 'ParentImage'), 'C:\\Windows\\System32\\cmd.exe');
    assert.equal(read(logon!, { product: 'windows', service: 'security' }, 'SubStatus'), '0xc000006a');
    assert.equal(syscheck?.labels?.['syscheck.path'], 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run');
    assert.equal(syscheck?.message, 'Registry Value Entry Added to the System');
    assert.equal(selected(web!, { category: 'webserver' }), true);
  });

  void it('reads the Wazuh indexer documents (hits) as alerts.json records', async () => {
    const events = await eventsOf('wazuh-alerts.json', line({ _index: 'wazuh-alerts-4.x-2024.11.23', _id: 'q1', _source: sshdAlert('05', 'Failed password for root from 203.0.113.66 port 50200 ssh2', { id: '5760', level: 5, description: 'sshd: authentication failed.' }) }));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.action, e.labels?._index, e.labels?.['wazuh.rule.id']]), [['syslog', 'ssh-login', 'wazuh-alerts-4.x-2024.11.23', '5760']]);
  });

  void it("raises Vigil's own incidents from what Wazuh collected, and re-ingesting adds nothing", async () => {
    const dir = dirs.fresh();
    const records: string[] = [];
    for (let i = 0; i < 12; i++) records.push(line(sshdAlert(String(i).padStart(2, '0'), `Failed password for root from 203.0.113.66 port ${String(50000 + i)} ssh2`, { id: '5760', level: 5, description: 'sshd: authentication failed.' })));
    records.push(line(sshdAlert('30', 'Accepted password for root from 203.0.113.66 port 50100 ssh2', { id: '5715', level: 3, description: 'sshd: authentication success.' })));
    const file = join(dir, 'alerts.json');
    writeFileSync(file, records.join(''));
    assert.deepEqual(await ingestTwice(dirs.fresh(), [file]), [13, 0], 're-ingesting adds nothing');
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.some((t) => t.startsWith('Brute force followed by a successful login')), titles.join(' | '));
  });

  void it('keeps a single backslash, a UNC path and a path of mixed escapes as written', async () => {
    const events = await eventsOf('alerts.json', line({
      timestamp: '2024-11-23T10:00:00.000+0000', ...AGENT, decoder: { name: 'windows_eventchannel' }, location: 'EventChannel', rule: { id: '61603', level: 3 },
      data: { win: { system: { eventID: '1', channel: 'Microsoft-Windows-Sysmon/Operational', providerName: 'Microsoft-Windows-Sysmon', computer: 'ws01' }, eventdata: { image: 'C:\\Windows\\cmd.exe', currentDirectory: '\\\\fs01\\share\\', commandLine: 'cmd /c "C:\\\\a\\b"' } } },
    }));
    assert.equal(events[0]?.process?.executable, 'C:\\Windows\\cmd.exe');
    assert.equal(events[0]?.process?.working_directory, '\\\\fs01\\share\\');
    assert.equal(events[0]?.process?.command_line, 'cmd /c "C:\\\\a\\b"');
  });

  void it('survives hostile records: prototype-named fields, markup, odd types', async () => {
    const text = [
      line({ timestamp: 'x', agent: { name: ['a'] }, manager: {}, full_log: '<script>alert(1)</script> from 203.0.113.1', location: '__proto__', rule: { __proto__: { polluted: 1 }, level: 'high', mitre: { id: {} } } }),
      line({ timestamp: '2024-11-23T10:00:00Z', agent: {}, location: 'EventChannel', decoder: {}, data: { win: { system: { eventID: '__proto__', constructor: 'x' }, eventdata: { __proto__: 'p', '': 'empty', toString: 'y' } } } }),
      line({ timestamp: '2024-11-23T10:00:00Z', agent: { name: 'h' }, manager: { name: 'm' }, rule: { description: 42 }, data: { __proto__: { polluted: 1 }, srcip: '<b>' }, constructor: { prototype: 1 } }),
    ].join('');
    const { events } = await readAs('wazuh', text);
    assert.equal(events.length, 3, 'every record is an event');
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.message, '<script>alert(1)</script> from 203.0.113.1', 'kept as text: the edges escape it');
    assertNoPollution();
  });
});
