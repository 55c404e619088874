import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf } from '../detect/mapping/helpers.ts';

/** The System log's services and shutdowns: what a timeline of a Windows host needs besides logons. */

function system(provider: string, id: number, second: number, data: Record<string, string>): string {
  const fields = Object.entries(data).map(([k, v]) => `<Data Name="${k}">${v}</Data>`).join('');
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="${provider}"/><EventID Qualifiers="16384">${String(id)}</EventID><Level>4</Level><Keywords>0x8080000000000000</Keywords><TimeCreated SystemTime="2024-11-23T10:00:${String(second).padStart(2, '0')}.000000Z"/><EventRecordID>${String(second)}</EventRecordID><Channel>System</Channel><Computer>WS01.corp.local</Computer></System><EventData>${fields}</EventData></Event>`;
}

void describe('System log services and shutdowns', () => {
  void it('reads service state and start type changes, crashes, shutdowns and boots', async () => {
    const xml = [
      system('Service Control Manager', 7036, 1, { param1: 'Microsoft Defender Antivirus Service', param2: 'stopped' }),
      system('Service Control Manager', 7040, 2, { param1: 'Windows Event Log', param2: 'auto start', param3: 'disabled', param4: 'EventLog' }),
      system('Service Control Manager', 7034, 3, { param1: 'Sysmon64', param2: '1' }),
      system('User32', 1074, 4, { param1: 'C:\\Windows\\system32\\shutdown.exe (WS01)', param2: 'WS01', param3: 'No title for this reason could be found', param4: '0x800000ff', param5: 'restart', param6: 'covering tracks', param7: 'CORP\\mallory' }),
      system('EventLog', 6006, 5, {}),
      system('EventLog', 6005, 6, {}),
      system('EventLog', 6008, 7, { param1: '11/23/2024', param2: '9:59:00 AM' }),
    ].join('\n');
    const events = await eventsOf('system.xml', `${xml}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.code, e.event.dataset, e.event.action, e.event.outcome, e.service?.name]),
      [
        ['7036', 'windows.system', 'service-state-changed', 'success', 'Microsoft Defender Antivirus Service'],
        ['7040', 'windows.system', 'service-start-type-changed', 'success', 'Windows Event Log'],
        ['7034', 'windows.system', 'service-crashed', 'failure', 'Sysmon64'],
        ['1074', 'windows.system', 'shutdown-initiated', 'success', undefined],
        ['6006', 'windows.system', 'event-log-stopped', 'success', undefined],
        ['6005', 'windows.system', 'event-log-started', 'success', undefined],
        ['6008', 'windows.system', 'unexpected-shutdown', 'failure', undefined],
      ],
    );
    const [state, startType, , shutdown] = events;
    assert.equal(state?.labels?.service_state, 'stopped');
    assert.deepEqual([startType?.labels?.old_start_type, startType?.labels?.new_start_type, startType?.labels?.service_key], ['auto start', 'disabled', 'EventLog']);
    assert.deepEqual([shutdown?.user?.name, shutdown?.user?.domain, shutdown?.process?.executable, shutdown?.process?.name, shutdown?.labels?.shutdown_type, shutdown?.labels?.shutdown_comment], ['mallory', 'CORP', 'C:\\Windows\\system32\\shutdown.exe', 'shutdown.exe', 'restart', 'covering tracks']);
  });
});
