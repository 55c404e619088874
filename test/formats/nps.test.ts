import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents, readLogText } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Network Policy Server's own log (IN*.log, DTS layout): RADIUS requests, accepts, rejects and accounting. */

const dirs = tempDirs('nps');

const reject = (user: string, second: number) =>
  `<Event><Timestamp data_type="4">11/23/2024 10:00:${String(second).padStart(2, '0')}.000</Timestamp><Computer-Name data_type="1">NPS01</Computer-Name><User-Name data_type="1">CORP\\${user}</User-Name><Calling-Station-Id data_type="1">203.0.113.77</Calling-Station-Id><Packet-Type data_type="0">3</Packet-Type><Reason-Code data_type="0">16</Reason-Code></Event>`;

void describe('Network Policy Server log', () => {
  void it('reads accepts and rejects as logins, requests and challenges as requests, accounting as VPN sessions', async () => {
    const events = await fixtureEvents('nps', 'input.log');
    assert.deepEqual(
      events.map((e) => [e.event.action, e.event.outcome, e.user?.name, e.user?.domain, e.source?.ip ?? e.source?.mac, e.labels?.['nps.packet']]),
      [
        ['radius-request', undefined, 'alice', 'CORP', '203.0.113.5', 'Access-Request'],
        ['login', 'failure', 'alice', 'CORP', '203.0.113.5', 'Access-Reject'],
        ['radius-challenge', undefined, 'host/LAPTOP-07.corp.example.com', undefined, 'de:ad:be:ef:00:01', 'Access-Challenge'],
        // The SAM account name wins over the user name the device sent (`bob@corp.example.com`).
        ['login', 'success', 'bob', 'CORP', 'de:ad:be:ef:00:01', 'Access-Accept'],
        ['vpn-session-start', undefined, 'carol', 'CORP', '198.51.100.7', 'Accounting-Request'],
        ['vpn-session-end', undefined, 'carol', 'CORP', '198.51.100.7', 'Accounting-Request'],
        ['login', 'failure', 'ghost', 'CORP', '203.0.113.5', 'Access-Reject'],
      ],
    );
    const [, rejected, , accepted, , ended, unknown] = events;
    assert.deepEqual([rejected?.event.reason, rejected?.['@timestamp'], rejected?.host?.name], ['authentication failure (user name or password)', '2024-11-23T10:00:00.123Z', 'NPS01']);
    assert.equal(accepted?.labels?.['nps.NP-Policy-Name'], 'Wireless & Guests', 'XML entities decoded');
    assert.deepEqual([ended?.network?.bytes, ended?.labels?.['nps.assigned_ip'], ended?.labels?.['nps.Acct-Session-Time']], [3000, '172.16.5.9', '3600']);
    assert.deepEqual([unknown?.event.reason, unknown?.labels?.['auth.unknown_user']], ['no such user', 'true']);
    assert.deepEqual(events.map((e) => selected(e, { category: 'authentication' })), [true, true, true, true, false, false, true]);
  });

  void it('reads a day-first timestamp, and the time as local time (--tz)', async () => {
    const line = reject('x', 1).replace('11/23/2024', '23/11/2024');
    const { events } = await readLogText(dirs.fresh(), 'IN2411.log', `${line}\n`);
    assert.equal(events[0]?.['@timestamp'], '2024-11-23T10:00:01.000Z');
    assert.equal(events[0]?.vigil.time?.source, 'assumed_zone');
  });

  void it("raises the pack's brute-force alert on rejected VPN logins from one client", async () => {
    const dir = dirs.fresh();
    await readLogText(dir, 'IN2411.log', `${['a', 'b', 'c', 'd', 'e', 'f'].map((u, i) => reject(u, i * 5)).join('\n')}\n`);
    const titles = await packAlertTitles(dirs.fresh(), [join(dir, 'IN2411.log')]);
    assert.ok(titles.includes("Brute force against an application's login from one source"), titles.join(' | '));
  });

  void it('survives hostile lines: markup and prototype names as attributes, entities, endless elements', async () => {
    const lines = [
      '<Event><Timestamp data_type="4">11/23/2024 10:00:00.000</Timestamp><__proto__ data_type="1">polluted</__proto__><constructor>x</constructor><User-Name data_type="1">&lt;script&gt;alert(1)&lt;/script&gt;</User-Name><Packet-Type data_type="0">3</Packet-Type><Reason-Code>&#x110000;&#99999999;</Reason-Code></Event>',
      `<Event>${'<a>b</a>'.repeat(20000)}</Event>`,
      `<Event>${'<'.repeat(50000)}</Event>`,
      '<Event></Event>',
      'stray text',
    ];
    const { events, errors } = await readAs('nps', `${lines.join('\n')}\n`);
    assert.deepEqual(errors.map((e) => e.line), [3, 4, 5], 'lines without attributes, or no <Event>, are reported and kept as text');
    assert.equal(events.length, lines.length);
    for (const event of events) assertSoundEvent(event);
    // `__proto__` is no RADIUS attribute name (they start with a letter); `constructor` is, and stays an own label.
    assert.deepEqual([events[0]?.user?.name, events[0]?.labels?.['nps.__proto__'], events[0]?.labels?.['nps.constructor'], events[0]?.event.outcome], ['<script>alert(1)</script>', undefined, 'x', 'failure']);
    assertNoPollution();
  });
});
