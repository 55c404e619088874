import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice, packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Search results saved as CSV from Kibana, OpenSearch Dashboards, Graylog and Grafana: each line read by the format of its log. */

const dirs = tempDirs('shipped-csv');
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };
const csv = (rows: readonly (readonly string[])[]) => rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';

void describe('search results saved as CSV', () => {
  void it("reads a Kibana export's lines with the formats of their logs, at the export's time, the columns as labels", async () => {
    const events = await fixtureEvents('shipped-csv', 'input.csv');
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.action ?? null, e.source?.ip ?? null, e.host?.name ?? null, e['@timestamp']]),
      [
        ['syslog', 'ssh-login', '203.0.113.66', 'bastion', '2024-11-23T10:00:01.250Z'],
        ['syslog', 'ssh-login', '203.0.113.66', 'bastion', '2024-11-23T10:00:04.000Z'],
        ['web-access', 'http-request', '198.51.100.7', 'web01', '2024-11-23T10:00:05.000Z'],
        ['syslog', 'firewall-drop', '203.0.113.9', 'bastion', '2024-11-23T10:00:06.000Z'],
        ['shipped-csv', null, null, 'app01', '2024-11-23T10:00:07.000Z'],
      ],
    );
    // The line as its log wrote it is the original; the time and host columns are not repeated as labels.
    assert.equal(events[0]?.event.original, 'Nov 23 10:00:01 bastion sshd[411]: Failed password for root from 203.0.113.66 port 50122 ssh2');
    assert.deepEqual(events[0]?.labels, { 'ssh.method': 'password', 'log.file.path': '/var/log/auth.log', 'event.dataset': 'system.auth' });
    assert.equal(selected(events[2]!, { category: 'webserver' }), true);
    // Kibana's formula escape (`'-- …`) is taken off a value.
    assert.equal(events[4]?.message, '-- payment worker started for user carol from 192.0.2.44');
  });

  void it("gives a syslog line the export's year, and keeps a line's own zoned time", async () => {
    const events = await eventsOf('kibana.csv', csv([
      ['@timestamp', 'log.file.path', 'message'],
      ['Dec 31, 2020 @ 23:59:59.500', '/var/log/auth.log', 'Dec 31 23:59:59 bastion sshd[1]: Failed password for root from 203.0.113.9 port 4000 ssh2'],
      ['Nov 23, 2024 @ 09:00:03.999', '/var/log/nginx/access.log', '198.51.100.7 - - [23/Nov/2024:10:00:02 +0100] "GET / HTTP/1.1" 200 1 "-" "curl/8"'],
      ['November 23rd 2024, 10:00:06.000', '/var/log/auth.log', 'Nov 23 10:00:06 bastion su[7]: FAILED SU (to root) alice on pts/0'],
    ]));
    assert.deepEqual(events.map((e) => [e.vigil.format, e['@timestamp']]), [
      ['syslog', '2020-12-31T23:59:59.500Z'],
      ['web-access', '2024-11-23T09:00:02.000Z'],
      ['syslog', '2024-11-23T10:00:06.000Z'],
    ]);
  });

  void it("reads Graylog's export: headerless tagged messages as syslog, `source` as the host", async () => {
    const events = await eventsOf('graylog-search.csv', csv([
      ['timestamp', 'source', 'message', 'facility'],
      ['2024-11-23T10:00:01.123Z', 'web01', 'sshd[1021]: Failed password for invalid user admin from 198.51.100.7 port 40112 ssh2', 'security/authorization'],
      ['2024-11-23T10:00:02.000Z', 'web01', 'kernel: [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.7 DST=10.0.0.5 PROTO=TCP SPT=1 DPT=22', 'kernel'],
      ['2024-11-23T10:00:03.000Z', 'web01', 'Error: disk almost full', 'user-level'],
    ]));
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.action ?? null, e.process?.name ?? null, e.process?.pid ?? null, e.user?.name ?? null, e.host?.name ?? null, e['@timestamp']]),
      [
        ['syslog', 'ssh-login', 'sshd', 1021, 'admin', 'web01', '2024-11-23T10:00:01.123Z'],
        ['syslog', 'firewall-drop', 'kernel', null, null, 'web01', '2024-11-23T10:00:02.000Z'],
        // A bare word and a colon is no program tag: the row through the alias table.
        ['shipped-csv', null, null, null, null, 'web01', '2024-11-23T10:00:03.000Z'],
      ],
    );
    assert.deepEqual(events[0]?.labels, { 'ssh.method': 'password', 'ssh.invalid_user': 'true', facility: 'security/authorization' });
  });

  void it("puts back the tag of Graylog's RFC 5424 messages, whose program and pid are columns of their own", async () => {
    const events = await eventsOf('graylog-5424.csv', csv([
      ['timestamp', 'source', 'message', 'application_name', 'process_id'],
      ['2024-11-23T10:00:01.000Z', 'web01', 'Failed password for root from 198.51.100.7 port 40112 ssh2', 'sshd', '1021'],
      ['2024-11-23T10:00:02.000Z', 'web01', 'cache warmed', 'billing', ''],
    ]));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.action ?? null, e.process?.pid ?? null, e.event.original]), [
      ['syslog', 'ssh-login', 1021, 'sshd[1021]: Failed password for root from 198.51.100.7 port 40112 ssh2'],
      // No pid and no decoder for the program: the message as it is, through the alias table.
      ['shipped-csv', null, null, '"2024-11-23T10:00:02.000Z","web01","cache warmed","billing",""'],
    ]);
  });

  void it("reads Grafana's Loki download: the file from the labels column, the line's own time", async () => {
    const events = await eventsOf('explore.csv', csv([
      ['labels', 'Time', 'Line', 'tsNs', 'id'],
      ['{"filename":"/var/log/auth.log","job":"varlogs"}', '2024-11-23 10:00:01.000', 'Nov 23 10:00:01 bastion sshd[411]: Failed password for root from 203.0.113.66 port 50122 ssh2', '1732356001000000000', 'a1'],
      ['{"filename":"/var/log/nginx/access.log","job":"nginx"}', '2024-11-23 10:00:02.000', '198.51.100.7 - - [23/Nov/2024:10:00:02 +0000] "GET / HTTP/1.1" 200 1 "-" "curl/8"', '1732356002000000000', 'a2'],
    ]));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.action]), [['syslog', 'ssh-login'], ['web-access', 'http-request']]);
  });

  void it('gives Winlogbeat rows to the Windows reader, nested as Winlogbeat wrote them', async () => {
    const events = await eventsOf('winlogbeat.csv', csv([
      ['@timestamp', 'host.name', 'winlog.channel', 'winlog.event_id', 'winlog.provider_name', 'winlog.event_data.Image', 'winlog.event_data.CommandLine', 'winlog.event_data.ParentImage', 'message'],
      ['Nov 23, 2024 @ 10:20:00.000', 'ws01', 'Microsoft-Windows-Sysmon/Operational', '1', 'Microsoft-Windows-Sysmon', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -nop -w hidden -enc SQBFAFgA', 'C:\\Windows\\System32\\cmd.exe', 'Process Create:'],
      ['Nov 23, 2024 @ 10:21:00.000', 'dc01', 'Security', '4625', 'Microsoft-Windows-Security-Auditing', '', '', '', 'An account failed to log on.'],
    ]));
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.dataset, e.event.code, e.process?.command_line ?? null, e.host?.name, e['@timestamp']]),
      [
        ['windows-json', 'windows.sysmon', '1', 'powershell.exe -nop -w hidden -enc SQBFAFgA', 'ws01', '2024-11-23T10:20:00.000Z'],
        ['windows-json', 'windows.security', '4625', null, 'dc01', '2024-11-23T10:21:00.000Z'],
      ],
    );
    assert.equal(read(events[0]!, { product: 'windows', category: 'process_creation' }, 'ParentImage'), 'C:\\Windows\\System32\\cmd.exe');
  });

  void it("reads a Kibana export of fields only (no line) as CSV, with Kibana's time", async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'fields.csv');
    writeFileSync(file, csv([['@timestamp', 'source.ip', 'destination.ip', 'destination.port'], ['Nov 23, 2024 @ 10:00:01.500', '203.0.113.5', '10.0.0.5', '22']]));
    const { events, formats } = await collectEvents([file], OPTIONS);
    assert.deepEqual(formats, ['csv']);
    assert.deepEqual(events.map((e) => [e['@timestamp'], e.source?.ip, e.destination?.port]), [['2024-11-23T10:00:01.500Z', '203.0.113.5', 22]]);
  });

  void it('raises incidents from an export as from the logs themselves, and re-ingesting adds nothing', async () => {
    const dir = dirs.fresh();
    const rows: string[][] = [['@timestamp', 'host.name', 'log.file.path', 'message']];
    for (let i = 0; i < 12; i++) {
      const second = String(i).padStart(2, '0');
      rows.push([`Nov 23, 2024 @ 10:00:${second}.000`, 'bastion', '/var/log/auth.log', `Nov 23 10:00:${second} bastion sshd[411]: Failed password for root from 203.0.113.66 port ${String(50000 + i)} ssh2`]);
    }
    rows.push(['Nov 23, 2024 @ 10:00:30.000', 'bastion', '/var/log/auth.log', 'Nov 23 10:00:30 bastion sshd[411]: Accepted password for root from 203.0.113.66 port 50100 ssh2']);
    const file = join(dir, 'discover.csv');
    writeFileSync(file, csv(rows));
    assert.deepEqual(await ingestTwice(dirs.fresh(), [file]), [13, 0], 're-ingesting adds nothing');
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.some((t) => t.startsWith('Brute force followed by a successful login')), titles.join(' | '));
  });

  void it('survives hostile rows: prototype-named and deeply dotted columns, markup, formula escapes', async () => {
    const deep = `winlog.${'a.'.repeat(5000)}b`;
    const text = csv([
      ['@timestamp', '__proto__', 'constructor.prototype', 'winlog.__proto__.polluted', deep, 'labels', 'message'],
      ['Nov 23, 2024 @ 10:00:00.000', 'polluted', 'x', 'yes', 'z', '{"filename":{"a":1}}', '<script>alert(1)</script> from 203.0.113.1'],
      ['not a time', '{}', '', '', '', '{"__proto__":{"polluted":1}}', "'=HYPERLINK(\"http://evil.example\")"],
      ['', '', '', '', '', '', ''],
    ]);
    const { events } = await readAs('shipped-csv', text);
    assert.equal(events.length, 2, 'every row with a value is an event');
    for (const event of events) assertSoundEvent(event);
    assertNoPollution();
  });

  void it('reads a line that starts with its tag but no header as syslog, and leaves a bare word and colon to plain text', async () => {
    const events = await eventsOf('tagged.log', [
      'sshd[1021]: Failed password for root from 198.51.100.7 port 40112 ssh2',
      'sudo[77]:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh',
      // Without a pid, a tag is one only when it names a program that has a decoder.
      'sudo:      bob : TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/usr/bin/id',
      '',
    ].join('\n'));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.action, e.process?.pid ?? null, e.user?.name]), [
      ['syslog', 'ssh-login', 1021, 'root'],
      ['syslog', 'sudo-command', 77, 'alice'],
      ['syslog', 'sudo-command', null, 'bob'],
    ]);
    const text = await eventsOf('notes.log', 'Error: disk almost full\nWarning: retrying\n');
    assert.deepEqual(text.map((e) => e.vigil.format), ['plaintext', 'plaintext']);
  });
});
