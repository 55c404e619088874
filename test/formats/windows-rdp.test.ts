import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';

/** Remote Desktop's logs (TerminalServices, RdpCoreTS) and Security 4778/4779: the user and client address of RDP sessions. */

const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager';
const LSM = 'Microsoft-Windows-TerminalServices-LocalSessionManager';
const CORE = 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS';

function event(provider: string, channel: string, id: number, record: number, body: string): string {
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="${provider}" Guid="{C76BAA63-AE81-421C-B425-340B4B24157F}"/><EventID>${String(id)}</EventID><Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x1000000000000000</Keywords><TimeCreated SystemTime="2024-11-23T10:00:${String(record).padStart(2, '0')}.1234567Z"/><EventRecordID>${String(record)}</EventRecordID><Execution ProcessID="1000" ThreadID="2000"/><Channel>${channel}</Channel><Computer>SRV01.corp.local</Computer><Security UserID="S-1-5-20"/></System>${body}</Event>`;
}
const userData = (fields: Record<string, string>) =>
  `<UserData><EventXML xmlns:auto-ns3="http://schemas.microsoft.com/win/2004/08/events" xmlns="Event_NS">${Object.entries(fields).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</EventXML></UserData>`;
const eventData = (fields: Record<string, string>) => `<EventData>${Object.entries(fields).map(([k, v]) => `<Data Name="${k}">${v}</Data>`).join('')}</EventData>`;

void describe('Remote Desktop events', () => {
  void it('reads who logged on over RDP, from where, through every stage of the session', async () => {
    const xml = [
      event(CORE, `${CORE}/Operational`, 131, 1, eventData({ ConnType: 'TCP', ClientIP: '203.0.113.5:51234' })),
      event(CORE, `${CORE}/Operational`, 140, 2, eventData({ IPString: '198.51.100.23' })),
      event(RCM, `${RCM}/Operational`, 1149, 3, userData({ Param1: 'alice', Param2: 'CORP', Param3: '203.0.113.5' })),
      event(LSM, `${LSM}/Operational`, 21, 4, userData({ User: 'CORP\\alice', SessionID: '3', Address: '203.0.113.5' })),
      event(LSM, `${LSM}/Operational`, 22, 5, userData({ User: 'CORP\\alice', SessionID: '3', Address: '203.0.113.5' })),
      event(LSM, `${LSM}/Operational`, 24, 6, userData({ User: 'CORP\\alice', SessionID: '3', Address: '203.0.113.5' })),
      event(LSM, `${LSM}/Operational`, 25, 7, userData({ User: 'CORP\\alice', SessionID: '3', Address: '2001:db8::7' })),
      event(LSM, `${LSM}/Operational`, 23, 8, userData({ User: 'CORP\\alice', SessionID: '3' })),
      event(LSM, `${LSM}/Operational`, 21, 9, userData({ User: 'CORP\\admin', SessionID: '1', Address: 'LOCAL' })),
    ].join('\n');
    const events = await eventsOf('rdp.xml', `${xml}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.code, e.event.action, e.event.category?.join('+'), e.event.outcome, e.user?.name, e.user?.domain, e.source?.ip, e.source?.port]),
      [
        ['131', 'rdp-connection-accepted', 'network', 'success', undefined, undefined, '203.0.113.5', 51234],
        ['140', 'rdp-logon-failed', 'authentication', 'failure', undefined, undefined, '198.51.100.23', undefined],
        ['1149', 'rdp-authenticated', 'authentication', 'success', 'alice', 'CORP', '203.0.113.5', undefined],
        ['21', 'rdp-session-logon', 'authentication+session', 'success', 'alice', 'CORP', '203.0.113.5', undefined],
        ['22', 'rdp-shell-started', 'session', 'success', 'alice', 'CORP', '203.0.113.5', undefined],
        ['24', 'rdp-session-disconnected', 'session', 'success', 'alice', 'CORP', '203.0.113.5', undefined],
        ['25', 'rdp-session-reconnected', 'authentication+session', 'success', 'alice', 'CORP', '2001:db8::7', undefined],
        ['23', 'rdp-session-logoff', 'session', 'success', 'alice', 'CORP', undefined, undefined],
        ['21', 'rdp-session-logon', 'authentication+session', 'success', 'admin', 'CORP', undefined, undefined],
      ],
    );
    assert.equal(events[3]?.labels?.session_id, '3');
    assert.equal(events[3]?.winlog?.event_data?.Address, '203.0.113.5', 'the UserData fields stay for Sigma');
    assert.equal(events[3] !== undefined && selected(events[3], { product: 'windows', service: 'terminalservices-localsessionmanager' }), true);
  });

  void it('reads Security 4778/4779: the session, its client name and address', async () => {
    const security = (id: number, record: number) =>
      event('Microsoft-Windows-Security-Auditing', 'Security', id, record, eventData({ AccountName: 'alice', AccountDomain: 'CORP', LogonID: '0x1a2b3c', SessionName: 'RDP-Tcp#3', ClientName: 'KALI', ClientAddress: '203.0.113.5' }));
    const events = await eventsOf('security.xml', `${security(4778, 1)}\n${security(4779, 2)}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.action, e.event.type?.[0], e.user?.name, e.source?.ip, e.source?.domain, e.winlog?.logon?.id, e.labels?.session_name]),
      [
        ['session-reconnected', 'start', 'alice', '203.0.113.5', 'KALI', '0x1a2b3c', 'RDP-Tcp#3'],
        ['session-disconnected', 'end', 'alice', '203.0.113.5', 'KALI', '0x1a2b3c', 'RDP-Tcp#3'],
      ],
    );
  });

  void it('keeps hostile values as text and never takes a non-address for an address', async () => {
    const xml = event(RCM, `${RCM}/Operational`, 1149, 1, userData({ Param1: '&lt;script&gt;alert(1)&lt;/script&gt;', Param2: '__proto__', Param3: 'evil.example.com' }));
    const [e] = await eventsOf('rdp.xml', `${xml}\n`);
    assert.deepEqual([e?.user?.name, e?.user?.domain, e?.source?.ip], ['<script>alert(1)</script>', '__proto__', undefined]);
  });
});
