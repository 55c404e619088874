import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';

/** Microsoft Defender Antivirus's operational log: detections, actions, ASR and protection changes. */

const CHANNEL = 'Microsoft-Windows-Windows Defender/Operational';
const record = (id: number, second: number, data: Record<string, string>) =>
  JSON.stringify({ EventID: id, Channel: CHANNEL, ProviderName: 'Microsoft-Windows-Windows Defender', Computer: 'WS01.corp.local', TimeCreated: `2024-11-23T10:00:${String(second).padStart(2, '0')}.000Z`, 'Product Name': 'Microsoft Defender Antivirus', ...data });
const THREAT = {
  'Threat Name': 'HackTool:Win32/Mimikatz!pz',
  'Threat ID': '2147894227',
  'Severity Name': 'High',
  'Category Name': 'Tool',
  'Source Name': 'Real-Time Protection',
  'Process Name': 'C:\\Windows\\explorer.exe',
  'Detection User': 'CORP\\bob',
  Path: 'containerfile:_C:\\Users\\bob\\Downloads\\tools.zip; file:_C:\\Users\\bob\\Downloads\\tools.zip->x64/mimikatz.exe; webfile:_C:\\Users\\bob\\Downloads\\tools.zip|https://198.51.100.9/tools.zip|pid:4242,ProcessStart:133750000000000000',
};

void describe('Microsoft Defender Antivirus events', () => {
  void it('reads a detection, the action taken and its failure: threat, user, process, file', async () => {
    const lines = [
      record(1116, 1, THREAT),
      record(1117, 2, { ...THREAT, 'Action Name': 'Quarantine' }),
      record(1118, 3, { ...THREAT, 'Action Name': 'Remove', 'Error Description': 'The file is in use' }),
    ];
    const events = await eventsOf('defender.jsonl', `${lines.join('\n')}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.action, e.event.category?.[0], e.event.outcome, e.rule?.name, e.rule?.category, e.user?.name, e.process?.name, e.file?.path]),
      [
        ['malware-detected', 'malware', undefined, 'HackTool:Win32/Mimikatz!pz', 'Tool', 'bob', 'explorer.exe', 'C:\\Users\\bob\\Downloads\\tools.zip'],
        ['malware-action-taken', 'malware', 'success', 'HackTool:Win32/Mimikatz!pz', 'Tool', 'bob', 'explorer.exe', 'C:\\Users\\bob\\Downloads\\tools.zip'],
        ['malware-action-failed', 'malware', 'failure', 'HackTool:Win32/Mimikatz!pz', 'Tool', 'bob', 'explorer.exe', 'C:\\Users\\bob\\Downloads\\tools.zip'],
      ],
    );
    assert.deepEqual([events[0]?.labels?.severity, events[1]?.labels?.defender_action, events[2]?.labels?.error], ['High', 'Quarantine', 'The file is in use']);
    const first = events[0]!;
    assert.equal(selected(first, { category: 'antivirus' }), true);
    assert.equal(read(first, { category: 'antivirus' }, 'Signature'), 'HackTool:Win32/Mimikatz!pz');
  });

  void it('reads ASR blocks and protection being turned off or changed', async () => {
    const lines = [
      record(1121, 1, { ID: '9E6C4E1F-7D60-472F-BA1A-A39EF669E4B2', 'Process Name': 'C:\\Users\\bob\\procdump64.exe', Path: 'C:\\Windows\\System32\\lsass.exe', User: 'CORP\\bob' }),
      record(5001, 2, {}),
      record(5007, 3, { 'Old Value': '', 'New Value': 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Temp = 0x0' }),
    ];
    const events = await eventsOf('defender.jsonl', `${lines.join('\n')}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.action, e.rule?.id, e.process?.name, e.file?.path, e.user?.name]),
      [
        ['asr-blocked', '9E6C4E1F-7D60-472F-BA1A-A39EF669E4B2', 'procdump64.exe', 'C:\\Windows\\System32\\lsass.exe', 'bob'],
        ['realtime-protection-disabled', undefined, undefined, undefined, undefined],
        ['defender-setting-changed', undefined, undefined, undefined, undefined],
      ],
    );
    assert.match(events[2]?.labels?.new_value ?? '', /Exclusions\\Paths/);
  });

  void it('keeps hostile threat names as text, and an unknown user or process as none', async () => {
    const [e] = await eventsOf('defender.jsonl', `${record(1116, 1, { ...THREAT, 'Threat Name': '<img src=x onerror=alert(1)>', 'Detection User': 'Unknown', 'Process Name': 'Unknown', Path: 'file:_evil.exe' })}\n`);
    assert.deepEqual([e?.rule?.name, e?.user?.name, e?.process?.name, e?.file?.path], ['<img src=x onerror=alert(1)>', undefined, undefined, undefined]);
  });
});
