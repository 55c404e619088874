import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { eventOf, eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';
import { tempDirs } from '../helpers/temp.ts';

/** EvtxECmd's CSV (KAPE): the System columns and the Payload column read back into the Windows event. */

const dirs = tempDirs('evtxecmd');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'formats', 'evtxecmd', 'input.csv');
const HEADER = 'RecordNumber,EventRecordId,TimeCreated,EventId,Level,Provider,Channel,ProcessId,ThreadId,Computer,ChunkNumber,UserId,MapDescription,UserName,RemoteHost,PayloadData1,PayloadData2,PayloadData3,PayloadData4,PayloadData5,PayloadData6,ExecutableInfo,HiddenRecord,SourceFile,Keywords,ExtraDataOffset,Payload';
const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
const payload = (data: Record<string, string>) => quoted(JSON.stringify({ EventData: { Data: Object.entries(data).map(([name, text]) => ({ '@Name': name, '#text': text })) } }));
const row = (eventId: number, channel: string, provider: string, data: string, time = '2024-11-23 10:00:00.1234567') =>
  `1,42,${time},${String(eventId)},Info,${provider},${channel},712,1520,WS07.corp.local,0,,Map,,,,,,,,,,False,C:\\x.evtx,Classic,0,${data}`;

void describe('EvtxECmd CSV', () => {
  void it("reads a failed logon's account, client and logon type from the payload, at the UTC time EvtxECmd writes", async () => {
    const e = await eventOf('Security.csv', `${HEADER}\r\n${row(4625, 'Security', 'Microsoft-Windows-Security-Auditing', payload({ TargetUserName: 'administrator', TargetDomainName: 'CORP', IpAddress: '203.0.113.50', IpPort: '49152', LogonType: '3', SubStatus: '0xc000006a' }))}\r\n`);
    assert.deepEqual(
      [e.vigil.format, e.event.dataset, e.event.action, e.event.outcome, e.user?.name, e.source?.ip, e.winlog?.logon?.type, e.host?.name, e['@timestamp'], e.vigil.time.source],
      ['evtxecmd', 'windows.security', 'logon-failed', 'failure', 'administrator', '203.0.113.50', '3', 'WS07.corp.local', '2024-11-23T10:00:00.123Z', 'record'],
    );
    assert.equal(selected(e, { product: 'windows', service: 'security' }), true);
    assert.equal(read(e, { product: 'windows', service: 'security' }, 'SubStatus'), '0xc000006a');
  });

  void it("reads Sysmon's process creation for Sigma's process_creation, and keeps the map's columns as labels", async () => {
    const events = await eventsOf('input.csv', readFileSync(FIXTURE, 'utf8'));
    const sysmon = events.find((e) => e.event.code === '1');
    assert.ok(sysmon !== undefined);
    assert.equal(selected(sysmon, { product: 'windows', category: 'process_creation' }), true);
    assert.equal(read(sysmon, { product: 'windows', category: 'process_creation' }, 'OriginalFileName'), 'PowerShell.EXE');
    assert.equal(read(sysmon, { product: 'windows', category: 'process_creation' }, 'ParentImage'), 'C:\\Windows\\explorer.exe');
    assert.equal(sysmon.labels?.['evtxecmd.MapDescription'], 'Process creation');
    const script = events.find((e) => e.event.code === '4104');
    assert.match(String(script !== undefined && read(script, { product: 'windows', category: 'ps_script' }, 'ScriptBlockText')), /DownloadString/);
    const cleared = events.find((e) => e.event.code === '1102');
    assert.deepEqual([cleared?.event.action, cleared?.user?.name, Object.keys(cleared?.winlog?.event_data ?? {}).includes('@xmlns')], ['log-cleared', 'administrator', false]);
    assert.deepEqual(events.map((e) => e.vigil.format), Array.from({ length: 7 }, () => 'evtxecmd'));
  });

  void it("raises the pack's incidents from a KAPE export: encoded PowerShell with PsExec's service, and a cleared log", async () => {
    const dir = dirs.fresh();
    const store = openStore(join(dir, 'v.db'));
    try {
      await ingest(store, [FIXTURE], { tz: 'UTC', actor: 'test' });
      const incidents = analyzeStore(store, { actor: 'test' }).incidents;
      const rules = incidents.flatMap((i) => i.alerts.map((a) => a.title));
      for (const title of ['PowerShell with an encoded command', 'PsExec-style remote execution service installed', 'Windows event log cleared']) assert.ok(rules.includes(title), `${title} in ${rules.join(' | ')}`);
    } finally {
      store.close();
    }
  });

  void it('reads the --json output to the same events as the CSV output', async () => {
    const fromCsv = await eventsOf('input.csv', readFileSync(FIXTURE, 'utf8'));
    const fromJson = await eventsOf('input.json', readFileSync(join(FIXTURE, '..', '..', 'evtxecmd-json', 'input.json'), 'utf8'));
    const fields = (e: (typeof fromCsv)[number]) => ({ ...e, id: undefined, log: undefined, vigil: undefined, event: { ...e.event, original: undefined } });
    assert.deepEqual(fromJson.map((e) => e.vigil.format), Array.from({ length: 7 }, () => 'evtxecmd-json'));
    assert.deepEqual(fromJson.map(fields), fromCsv.map(fields));
    const inline = await eventsOf('inline.json', `${JSON.stringify({ EventRecordId: 1, TimeCreated: '2024-11-23T10:00:00.0000000+00:00', EventId: 4625, Provider: 'Microsoft-Windows-Security-Auditing', Channel: 'Security', MapDescription: 'Failed logon', Payload: { EventData: { Data: [{ '@Name': 'TargetUserName', '#text': 'eve' }] } } })}\n`);
    assert.deepEqual([inline[0]?.vigil.format, inline[0]?.user?.name], ['evtxecmd-json', 'eve'], 'a payload given as an object');
  });

  void it('is taken for EvtxECmd output only; a row without a payload or with a broken one is still an event', async () => {
    const [other] = await eventsOf('other.csv', 'EventId,TimeCreated,Provider,Channel,Message\r\n4625,2024-11-23 10:00:00,x,Security,y\r\n');
    assert.notEqual(other?.vigil.format, 'evtxecmd');
    const events = await eventsOf('System.csv', `${HEADER}\r\n${row(6006, 'System', 'EventLog', '')}\r\n${row(7045, 'System', 'Service Control Manager', quoted('{"EventData":'))}\r\n`);
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.code, e.event.dataset]), [['evtxecmd', '6006', 'windows.system'], ['evtxecmd', '7045', 'windows.system']]);
  });

  void it('survives hostile payloads: prototype-named data, markup, odd shapes', async () => {
    const hostile = quoted(JSON.stringify({ EventData: { Data: [{ '@Name': '__proto__', '#text': 'polluted' }, { '@Name': 'constructor', '#text': 'x' }, { '@Name': 'TargetUserName', '#text': '<script>alert(1)</script>' }, 7, null, [1]] }, UserData: '__proto__' }));
    const events = await hostileEvents('evtxecmd', `${HEADER}\r\n${row(4625, 'Security', 'Microsoft-Windows-Security-Auditing', hostile)}\r\n${row(4625, 'Security', 'x', quoted('[1,2]'), 'not a time')}\r\n`, 2);
    assert.equal(events[0]?.user?.name, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assert.equal(events[1]?.['@timestamp'], undefined);
  });
});
