import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf } from '../detect/mapping/helpers.ts';

/** Task Scheduler, WMI-Activity, BITS-Client and Windows Firewall operational logs: persistence and transfers. */

function event(provider: string, channel: string, id: number, second: number, data: Record<string, string>, userData = false): string {
  const fields = Object.entries(data).map(([k, v]) => (userData ? `<${k}>${v}</${k}>` : `<Data Name="${k}">${v}</Data>`)).join('');
  const body = userData ? `<UserData><Operation_ESStoConsumerBinding xmlns="http://manifests.microsoft.com/win/2006/windows/WMI">${fields}</Operation_ESStoConsumerBinding></UserData>` : `<EventData>${fields}</EventData>`;
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="${provider}"/><EventID>${String(id)}</EventID><Level>4</Level><TimeCreated SystemTime="2024-11-23T10:00:${String(second).padStart(2, '0')}.000000Z"/><EventRecordID>${String(second)}</EventRecordID><Channel>${channel}</Channel><Computer>WS01.corp.local</Computer></System>${body}</Event>`;
}
const TS = ['Microsoft-Windows-TaskScheduler', 'Microsoft-Windows-TaskScheduler/Operational'] as const;
const WMI = ['Microsoft-Windows-WMI-Activity', 'Microsoft-Windows-WMI-Activity/Operational'] as const;
const BITS = ['Microsoft-Windows-Bits-Client', 'Microsoft-Windows-Bits-Client/Operational'] as const;
const FW = ['Microsoft-Windows-Windows Firewall With Advanced Security', 'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'] as const;

void describe('Windows operational logs', () => {
  void it('reads scheduled tasks registered, run and deleted, and the process an action started', async () => {
    const xml = [
      event(...TS, 106, 1, { TaskName: '\\Updater', UserContext: 'CORP\\mallory' }),
      event(...TS, 200, 2, { TaskName: '\\Updater', ActionName: 'C:\\Users\\Public\\upd.exe', TaskInstanceId: '{6d1f…}' }),
      event(...TS, 129, 3, { TaskName: '\\Updater', Path: 'C:\\Users\\Public\\upd.exe', ProcessID: '4242' }),
      event(...TS, 141, 4, { TaskName: '\\Updater', UserName: 'CORP\\mallory' }),
      event(...TS, 140, 5, { TaskName: '\\Updater', UserName: 'S-1-5-18' }),
    ].join('\n');
    const events = await eventsOf('tasks.xml', `${xml}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.action, e.user?.name, e.process?.executable, e.process?.pid, e.labels?.task_name]),
      [
        ['scheduled-task-registered', 'mallory', undefined, undefined, '\\Updater'],
        ['scheduled-task-action-started', undefined, 'C:\\Users\\Public\\upd.exe', undefined, '\\Updater'],
        ['scheduled-task-process-created', undefined, 'C:\\Users\\Public\\upd.exe', 4242, '\\Updater'],
        ['scheduled-task-deleted', 'mallory', undefined, undefined, '\\Updater'],
        ['scheduled-task-updated', undefined, undefined, undefined, '\\Updater'],
      ],
    );
    assert.equal(events[4]?.user?.id, 'S-1-5-18', 'a SID is the account\'s id');
  });

  void it("reads a WMI permanent subscription, a BITS download's URL and firewall rule changes", async () => {
    const xml = [
      event(...WMI, 5861, 1, { Namespace: '//./root/subscription', ESS: 'evil-filter', CONSUMER: 'CommandLineEventConsumer="evil-consumer"', PossibleCause: 'Binding EventFilter: … CommandLineTemplate = "powershell.exe -enc SQBFAFgA";' }, true),
      event(...BITS, 3, 2, { jobTitle: 'update', jobId: '{1}', jobOwner: 'CORP\\bob', processPath: 'C:\\Windows\\System32\\bitsadmin.exe', processId: '4100' }),
      event(...BITS, 59, 3, { transferId: '{2}', name: 'update', url: 'http://198.51.100.7/payload.exe?x=1', bytesTotal: '73802' }),
      event(...FW, 2004, 4, { RuleId: '{3}', RuleName: 'Allow 4444', ApplicationPath: 'C:\\Users\\Public\\nc.exe', Direction: '1', Action: '3', LocalPorts: '4444', ModifyingUser: 'S-1-5-21-1-2-3-1105', ModifyingApplication: 'C:\\Windows\\System32\\netsh.exe' }),
      event(...FW, 2006, 5, { RuleId: '{4}', RuleName: 'Block SMB', ModifyingUser: 'S-1-5-21-1-2-3-1105', ModifyingApplication: 'C:\\Windows\\System32\\netsh.exe' }),
    ].join('\n');
    const events = await eventsOf('ops.xml', `${xml}\n`);
    assert.deepEqual(events.map((e) => e.event.action), ['wmi-permanent-subscription', 'bits-job-created', 'bits-transfer-started', 'firewall-rule-added', 'firewall-rule-deleted']);
    const [wmi, job, transfer, added, deleted] = events;
    assert.deepEqual([wmi?.labels?.wmi_consumer, wmi?.labels?.wmi_filter], ['CommandLineEventConsumer="evil-consumer"', 'evil-filter']);
    assert.match(wmi?.labels?.wmi_details ?? '', /powershell\.exe -enc/);
    assert.deepEqual([job?.user?.name, job?.process?.name, job?.process?.pid], ['bob', 'bitsadmin.exe', 4100]);
    assert.deepEqual([transfer?.url?.domain, transfer?.url?.path, transfer?.url?.query], ['198.51.100.7', '/payload.exe', 'x=1']);
    assert.deepEqual([added?.labels?.firewall_rule, added?.labels?.firewall_program, added?.labels?.firewall_local_ports, added?.process?.name, added?.user?.id], ['Allow 4444', 'C:\\Users\\Public\\nc.exe', '4444', 'netsh.exe', 'S-1-5-21-1-2-3-1105']);
    assert.equal(deleted?.labels?.firewall_rule, 'Block SMB');
  });
});
