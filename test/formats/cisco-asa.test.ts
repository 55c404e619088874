import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';

/** Cisco ASA messages behind a syslog header: traffic verdicts, connections, logins and commands. */

test('Cisco ASA messages: denied and permitted traffic, connections (outbound ones turned round), logins, AAA and commands', async () => {
  const events = await eventsOf('asa.log', [
    'Nov 22 10:00:00 fw01 %ASA-4-106023: Deny tcp src outside:203.0.113.5/51515 dst inside:10.0.0.5/22 by access-group "OUTSIDE_IN" [0x0, 0x0]',
    'Nov 22 2026 10:00:01 fw01 : %ASA-6-302013: Built inbound TCP connection 123456 for outside:203.0.113.5/51516 (203.0.113.5/51516) to inside:10.0.0.5/443 (192.0.2.10/443)',
    'Nov 22 10:00:03 fw01 %ASA-6-302013: Built outbound TCP connection 123457 for outside:93.184.215.14/443 (93.184.215.14/443) to inside:10.0.0.7/51544 (192.0.2.10/40001)',
    'Nov 22 10:00:04 fw01 %ASA-6-302014: Teardown TCP connection 123457 for outside:93.184.215.14/443 to inside:10.0.0.7/51544 duration 0:00:12 bytes 58292 TCP FINs',
    'Nov 22 10:00:05 fw01 %ASA-4-106100: access-list OUTSIDE_IN denied tcp outside/203.0.113.5(51518) -> inside/10.0.0.5(3389) hit-cnt 1 first hit [0x91c8a2b0, 0x0]',
    'Nov 22 10:00:06 fw01 %ASA-2-106001: Inbound TCP connection denied from 203.0.113.5/51519 to 192.0.2.10/23 flags SYN  on interface outside',
    'Nov 22 10:00:07 fw01 %ASA-6-605005: Login permitted from 10.0.0.5/51520 to inside:10.0.0.1/ssh for user "admin"',
    'Nov 22 10:00:08 fw01 %ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.0.0.9 : user = vpnuser : user IP = 198.51.100.4',
    "Nov 22 10:00:10 fw01 %ASA-5-111010: User 'admin', running 'CLI' from IP 10.0.0.5, executed 'write memory'",
    'Nov 22 10:00:11 fw01 %ASA-6-199999: something the reader has no fields for',
  ].join('\n') + '\n');
  assert.deepEqual(
    events.map((e) => [e.event.code, e.event.action, e.event.outcome, e.source?.ip, e.source?.port, e.destination?.ip, e.destination?.port, e.user?.name]),
    [
      ['ASA-4-106023', 'firewall-drop', 'failure', '203.0.113.5', 51515, '10.0.0.5', 22, undefined],
      ['ASA-6-302013', 'connection-built', undefined, '203.0.113.5', 51516, '10.0.0.5', 443, undefined],
      ['ASA-6-302013', 'connection-built', undefined, '10.0.0.7', 51544, '93.184.215.14', 443, undefined],
      ['ASA-6-302014', 'connection-teardown', undefined, '93.184.215.14', 443, '10.0.0.7', 51544, undefined],
      ['ASA-4-106100', 'firewall-drop', 'failure', '203.0.113.5', 51518, '10.0.0.5', 3389, undefined],
      ['ASA-2-106001', 'firewall-drop', 'failure', '203.0.113.5', 51519, '192.0.2.10', 23, undefined],
      ['ASA-6-605005', 'device-login', 'success', '10.0.0.5', undefined, '10.0.0.1', undefined, 'admin'],
      ['ASA-6-113005', 'aaa-login-failed', 'failure', '198.51.100.4', undefined, undefined, undefined, 'vpnuser'],
      ['ASA-5-111010', 'cli-command', undefined, '10.0.0.5', undefined, undefined, undefined, 'admin'],
      ['ASA-6-199999', undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    ],
  );
  assert.ok(events.every((e) => e.event.dataset === 'cisco.asa' && e.host?.name === 'fw01' && e.process?.name === undefined), 'the tag is no program');
  assert.deepEqual([events[3]?.network?.bytes, events[8]?.process?.command_line, events[0]?.rule?.name], [58292, 'write memory', 'OUTSIDE_IN']);
  const [deny, , , , , , login] = events;
  assert.ok(deny !== undefined && login !== undefined);
  assert.ok(selected(deny, { category: 'firewall' }));
  assert.ok(selected(login, { category: 'authentication' }));
});
