import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents, readLogText } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Citrix NetScaler (ADC, Gateway) syslog: VPN logins, administrators' logins and commands, connections. */

const dirs = tempDirs('netscaler');

const failed = (second: number, user: string) =>
  `<134> 11/23/2024:10:00:${String(second).padStart(2, '0')} GMT ns01 0-PPE-0 : default AAA LOGIN_FAILED ${String(1000 + second)} 0 :  User ${user} - Client_ip 203.0.113.66 - Failure_reason "Invalid credentials" - Browser Mozilla/5.0`;

void describe('Citrix NetScaler', () => {
  void it("reads Gateway logins and logouts, administrators' logins and commands, and connections", async () => {
    const events = await fixtureEvents('netscaler', 'input.log');
    assert.deepEqual(
      events.map((e) => [e.event.dataset, e.event.action, e.event.outcome, e.user?.name, e.source?.ip, e.destination?.ip, e.destination?.port]),
      [
        ['netscaler.aaa', 'vpn-login-failed', 'failure', 'alice', '203.0.113.5', undefined, undefined],
        ['netscaler.sslvpn', 'vpn-login', 'success', 'bob', '203.0.113.9', '192.0.2.10', 443],
        ['netscaler.sslvpn', 'vpn-logout', undefined, 'bob', '203.0.113.9', '192.0.2.10', 443],
        ['netscaler.ui', 'admin-login-failed', 'failure', 'nsroot', '198.51.100.23', undefined, undefined],
        ['netscaler.gui', 'admin-login', 'success', 'nsroot', '198.51.100.23', undefined, undefined],
        ['netscaler.gui', 'admin-command', 'success', 'nsroot', '198.51.100.23', undefined, undefined],
        ['netscaler.tcp', 'connection-closed', undefined, undefined, '203.0.113.5', '192.0.2.10', 443],
        ['netscaler.event', undefined, undefined, undefined, undefined, undefined, undefined],
      ],
    );
    const [denied, , logout, adminFailed, , command, connection, device] = events;
    assert.deepEqual([denied?.event.reason, denied?.['@timestamp'], denied?.host?.name], ['Invalid credentials', '2024-11-23T10:00:00.000Z', 'ns01']);
    assert.deepEqual([logout?.network?.bytes, logout?.labels?.['netscaler.LogoutMethod']], [430080, 'Explicit']);
    assert.equal(adminFailed?.event.reason, 'ERROR: Invalid username or password');
    assert.equal(command?.process?.command_line, 'add system user svc_backup "********" -externalAuth DISABLED', "the command's own quotes unescaped");
    assert.equal(connection?.network?.bytes, 5120);
    // No `GMT`: the appliance's local time.
    assert.deepEqual([device?.vigil.time?.source, device?.labels?.['netscaler.Device'], device?.labels?.['netscaler.engine']], ['assumed_zone', 'server_svc_web01', '0-PPE-1']);
    assert.deepEqual(events.map((e) => selected(e, { category: 'authentication' })), [true, true, true, true, true, false, false, false]);
  });

  void it("reads lines behind a relay's syslog header, and raises the pack's brute-force alert on Gateway guesses", async () => {
    const dir = dirs.fresh();
    const lines = ['alice', 'bob', 'carol', 'dave', 'erin'].map((user, i) => `Nov 23 10:00:${String(i).padStart(2, '0')} relay01 ${failed(i * 10, user).slice(6)}`);
    const { events, formats } = await readLogText(dir, 'netscaler.log', `${lines.join('\n')}\n`);
    assert.deepEqual(formats, ['netscaler']);
    assert.deepEqual(events.map((e) => [e.host?.name, e.user?.name, e.event.action]).slice(0, 2), [['ns01', 'alice', 'vpn-login-failed'], ['ns01', 'bob', 'vpn-login-failed']]);
    const titles = await packAlertTitles(dirs.fresh(), [join(dir, 'netscaler.log')]);
    assert.ok(titles.includes('Brute force against a network service from one source'), titles.join(' | '));
  });

  void it('survives hostile lines: markup, prototype-named keys, many parts, lines that only look like the header', async () => {
    const lines = [
      '<134> 11/23/2024:10:00:00 GMT ns01 0-PPE-0 : default AAA LOGIN_FAILED 1 0 : User <script>alert(1)</script> - toString polluted - constructor x - hasOwnProperty y - Client_ip 203.0.113.5',
      `<134> 11/23/2024:10:00:01 GMT ns01 0-PPE-0 : default UI CMD_EXECUTED 2 0 : ${'User a - '.repeat(5000)}Command "x"`,
      '11/23/2024:10:00:00 '.repeat(2000),
      '<134> 99/99/2024:99:99:99 GMT ns01 0-PPE-0 : default AAA LOGIN 3 0 : User bob',
    ];
    const { events, errors } = await readAs('netscaler', `${lines.join('\n')}\n`);
    assert.deepEqual(errors.map((e) => e.line), [3], 'a line with no NetScaler header is reported and kept as text');
    assert.equal(events.length, lines.length);
    for (const event of events) assertSoundEvent(event);
    assert.deepEqual([events[0]?.user?.name, events[0]?.labels?.['netscaler.toString'], events[0]?.labels?.['netscaler.constructor'], events[0]?.source?.ip], ['<script>alert(1)</script>', 'polluted', 'x', '203.0.113.5']);
    assert.equal(events[3]?.user?.name, 'bob', 'an impossible time leaves the event without one, not the line unread');
    assertNoPollution();
  });
});
