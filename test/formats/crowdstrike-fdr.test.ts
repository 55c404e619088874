import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { line, read, selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { tempDirs } from '../helpers/temp.ts';

/** CrowdStrike Falcon's sensor events (Falcon Data Replicator, Event Search exports), read as Sysmon-read records. */

const dirs = tempDirs('crowdstrike');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const WINDOWS = { product: 'windows' };


void describe('CrowdStrike Falcon sensor events', () => {
  void it('reads process starts, DNS requests, connections, files written, autoruns and logons at the sensor time', async () => {
    const events = await fixtureEvents('crowdstrike-fdr', 'input.jsonl');
    assert.deepEqual(events.map((e) => [e.event.code, e.event.action, e.host?.name, e['@timestamp']]), [
      ['ProcessRollup2', 'process-start', 'FIN-WS-0142', '2024-11-23T10:00:01.402Z'],
      ['DnsRequest', 'dns-query', 'FIN-WS-0142', '2024-11-23T10:00:02.051Z'],
      ['NetworkConnectIP4', 'network-connection', 'FIN-WS-0142', '2024-11-23T10:00:02.212Z'],
      ['PeFileWritten', 'file-written', 'FIN-WS-0142', '2024-11-23T10:00:04.880Z'],
      ['AsepValueUpdate', 'registry-set-value', 'FIN-WS-0142', '2024-11-23T10:00:05.100Z'],
      ['UserLogonFailed2', 'login', 'SRV-DC01', '2024-11-23T10:00:06.000Z'],
      ['ProcessRollup2', 'process-start', 'web01', '2024-11-23T10:00:07.000Z'],
      ['SensorHeartbeat', 'sensor-heartbeat', 'FIN-WS-0142', '2024-11-23T10:00:08.000Z'],
    ]);
    const [process, dns, connection, file, autorun, logon] = events as [VigilEvent, VigilEvent, VigilEvent, VigilEvent, VigilEvent, VigilEvent];
    assert.deepEqual(process.process?.parent, { name: 'WINWORD.EXE', entity_id: '289734651298' });
    assert.equal(process.process?.integrity_level, 'Medium');
    assert.equal(process.process?.hash?.sha1, undefined, "the sensor's zeros are no hash");
    assert.deepEqual(dns.dns, { question: { name: 'cdn-update-sync.example' }, answers: ['203.0.113.41'] });
    assert.deepEqual([connection.destination?.ip, connection.destination?.port, connection.network?.transport, connection.network?.direction], ['203.0.113.41', 4444, 'tcp', 'outbound']);
    assert.equal(file.file?.name, 'msupd.exe');
    assert.equal(autorun.registry?.path, 'HKU\\S-1-5-21-3623811015-3361044348-30300820-1604\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\MsUpdate');
    assert.deepEqual([logon.event.outcome, logon.user?.name, logon.source?.ip, logon.labels?.logon_type], ['failure', 'administrator', '203.0.113.66', '3']);
    // The sensor and customer ids (32 hex digits, an MD5's shape) are no indicators.
    for (const event of events) assert.ok(!(event.vigil.indicators ?? []).some((i) => i.type === 'md5' && /^(?:4d92|c4e1|9a9a)/.test(i.value)), JSON.stringify(event.vigil.indicators));
  });

  void it("is read under Sysmon's names by the Windows and Linux logsources", async () => {
    const [process, dns, connection, file, autorun, , linux] = await fixtureEvents('crowdstrike-fdr', 'input.jsonl');
    assert.equal(read(process!, { ...WINDOWS, category: 'process_creation' }, 'ParentImage'), 'WINWORD.EXE');
    // A DNS request or a connection names only its process's file name: `.exe` tells the system.
    assert.equal(read(dns!, { ...WINDOWS, category: 'dns_query' }, 'QueryName'), 'cdn-update-sync.example');
    assert.equal(selected(dns!, { ...WINDOWS, category: 'dns_query' }), true);
    assert.equal(read(connection!, { ...WINDOWS, category: 'network_connection' }, 'DestinationPort'), 4444);
    assert.equal(read(connection!, { ...WINDOWS, category: 'network_connection' }, 'Initiated'), 'true');
    assert.equal(selected(file!, { ...WINDOWS, category: 'file_event' }), true);
    assert.equal(read(autorun!, { ...WINDOWS, category: 'registry_set' }, 'Details'), 'C:\\ProgramData\\Microsoft\\Update\\msupd.exe');
    assert.equal(selected(linux!, { product: 'linux', category: 'process_creation' }), true);
    assert.equal(selected(linux!, { ...WINDOWS, category: 'process_creation' }), false);
  });

  void it("reads Event Search's CSV export to the events of the same rows", async () => {
    const [csvRow] = await fixtureEvents('crowdstrike-fdr-csv', 'input.csv');
    const [jsonRow] = await fixtureEvents('crowdstrike-fdr', 'input.jsonl');
    assert.deepEqual(csvRow?.process?.command_line, jsonRow?.process?.command_line);
    assert.deepEqual(csvRow?.process?.hash, jsonRow?.process?.hash);
    assert.equal(csvRow?.user?.name, 'dana.levi');
  });

  void it('raises the rules written for Sysmon', async () => {
    const titles = await packAlertTitles(dirs.fresh(), [join(FIXTURES, 'crowdstrike-fdr', 'input.jsonl'), join(FIXTURES, 'crowdstrike-fdr-csv', 'input.csv')]);
    for (const title of ['PowerShell with an encoded command', 'LSASS memory dumped with a system or Sysinternals tool', 'Run key set to a script host or a user-writable path']) {
      assert.ok(titles.includes(title), `${title} in ${titles.join(' | ')}`);
    }
  });

  void it('survives hostile events: prototype-named fields, markup, odd types', async () => {
    const { events, errors } = await readAs('crowdstrike-fdr', [
      line({ event_simpleName: 'ProcessRollup2', aid: 'a', __proto__: 'x', constructor: 'y', ImageFileName: '<script>', CommandLine: ['a'], RawProcessId: 'NaN', timestamp: 'later' }),
      line({ event_simpleName: '__proto__', cid: 1, ContextTimeStamp: Number.MAX_VALUE, ContextProcessId: {} }),
      line({ event_simpleName: 'AsepValueUpdate', aid: 'a', RegObjectName: 5, RegValueName: '__proto__', IP4Records: ';;;' }),
      // A row of far more columns than any event has: the first thousand are labels, not all.
      line({ event_simpleName: 'ProcessRollup2', aid: 'a', ...Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`Extra${String(i)}`, 'v'])) }),
    ].join(''));
    assert.equal(events.length, 4);
    const labelled = Object.keys(events[3]?.labels ?? {}).filter((key) => key.startsWith('Extra')).length;
    assert.ok(labelled > 900 && labelled <= 1000, `${String(labelled)} labels`);
    assert.deepEqual(errors, []);
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.process?.executable, '<script>', 'kept as text: the edges escape it');
    assertNoPollution();
  });
});
