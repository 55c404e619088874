import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';

/** Cisco IOS messages behind a syslog header: mnemonic as code, logins, CLI commands and configuration changes. */

test('Cisco IOS messages: logins, logged commands and configuration changes, and every mnemonic as the event code', async () => {
  const events = await eventsOf('ios.log', [
    'Nov 22 10:00:00 core-rtr1 1236: *Nov 22 10:00:00.789: %SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: admin] [Source: 10.0.0.5] [localport: 22] at 10:00:00 UTC Sun Nov 22 2026',
    'Nov 22 10:00:01 core-rtr1 1237: Nov 22 10:00:01.000 UTC: %SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: cisco] [Source: 203.0.113.9] [localport: 22] [Reason: Login Authentication Failed] at 10:00:01 UTC Sun Nov 22 2026',
    'Nov 22 10:00:02 core-rtr1 1238: Nov 22 10:00:02.000 UTC: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:no logging buffered',
    'Nov 22 10:00:03 core-rtr1 1239: Nov 22 10:00:03.000 UTC: %SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.0.0.5)',
    'Nov 22 10:00:04 core-rtr1 1240: Nov 22 10:00:04.000 UTC: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/1, changed state to down',
    'Nov 22 10:00:05 web-01 12345: a program with a numeric name says something else',
  ].join('\n') + '\n');
  assert.deepEqual(
    events.map((e) => [e.event.dataset, e.event.code, e.event.action, e.event.outcome, e.user?.name, e.source?.ip, e.process?.command_line]),
    [
      ['cisco.ios', 'SEC_LOGIN-5-LOGIN_SUCCESS', 'device-login', 'success', 'admin', '10.0.0.5', undefined],
      ['cisco.ios', 'SEC_LOGIN-4-LOGIN_FAILED', 'device-login-failed', 'failure', 'cisco', '203.0.113.9', undefined],
      ['cisco.ios', 'PARSER-5-CFGLOG_LOGGEDCMD', 'cli-command', undefined, 'admin', undefined, 'no logging buffered'],
      ['cisco.ios', 'SYS-5-CONFIG_I', 'config-changed', undefined, 'admin', '10.0.0.5', undefined],
      ['cisco.ios', 'LINEPROTO-5-UPDOWN', undefined, undefined, undefined, undefined, undefined],
      ['syslog', undefined, undefined, undefined, undefined, undefined, undefined],
    ],
  );
  assert.deepEqual([events[0]?.host?.name, events[0]?.labels?.['cisco.sequence'], events[0]?.process], ['core-rtr1', '1236', undefined]);
  assert.equal(events[5]?.process?.name, '12345', 'a numeric program that is no IOS message keeps its name');
  const [, failed, command, config, updown, other] = events;
  assert.ok(failed !== undefined && command !== undefined && config !== undefined && updown !== undefined && other !== undefined);
  assert.ok(selected(failed, { category: 'authentication' }));
  assert.ok(selected(command, { product: 'cisco', service: 'aaa' }));
  assert.ok(!selected(config, { product: 'cisco', service: 'aaa' }));
  assert.ok(selected(updown, { product: 'cisco', service: 'syslog' }));
  assert.ok(!selected(other, { product: 'cisco' }));
});
