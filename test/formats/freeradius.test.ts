import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents, readLogText } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { tempDirs } from '../helpers/temp.ts';

/** FreeRADIUS's authentication log, in its own radius.log and in syslog (program radiusd). */

const dirs = tempDirs('freeradius');

void describe('FreeRADIUS', () => {
  void it('reads accepted and rejected logins: the user (the logged password in no field of its own), the NAS and the calling station', async () => {
    const events = await fixtureEvents('freeradius', 'input.log');
    assert.deepEqual(
      events.map((e) => [e.event.action, e.event.outcome, e.user?.name, e.source?.ip ?? e.source?.mac, e.labels?.['radius.nas'], e.labels?.['auth.unknown_user'], e.event.reason]),
      [
        [undefined, undefined, undefined, undefined, undefined, undefined, undefined],
        [undefined, undefined, undefined, undefined, undefined, undefined, undefined],
        ['login', 'success', 'bob', '203.0.113.5', 'vpn-gw', undefined, undefined],
        ['login', 'failure', 'alice', 'aa:bb:cc:dd:ee:ff', 'ap01', undefined, 'mschap: MS-CHAP2-Response is incorrect'],
        ['login', 'failure', 'carol', '198.51.100.23', 'vpn-gw', undefined, undefined],
        ['login', 'failure', 'svc_backup', '198.51.100.23', 'vpn-gw', 'true', 'invalid user'],
        ['radius-unknown-client', 'failure', undefined, '192.0.2.77', undefined, undefined, undefined],
      ],
    );
    const carol = events[4]!;
    assert.ok(!JSON.stringify({ ...carol, message: undefined, event: { ...carol.event, original: undefined } }).includes('Winter2024'), 'the password is in no field but the line itself');
    assert.equal(events[3]?.labels?.['radius.tunnel'], 'tls');
    assert.ok(events.slice(2, 6).every((e) => selected(e, { category: 'authentication' })));
    assert.equal(selected(events[6]!, { category: 'firewall' }), false, 'a refused RADIUS request is no firewall verdict');
  });

  void it('reads the same messages from syslog, and FreeRADIUS 2 lines without a request number', async () => {
    const { events, formats } = await readLogText(dirs.fresh(), 'messages', [
      'Nov 23 10:00:01 radius01 radiusd[812]: (5) Login OK: [bob/<via Auth-Type = PAP>] (from client vpn-gw port 0 cli 203.0.113.5)',
      'Nov 23 10:00:02 radius01 radiusd[812]: Login incorrect: [eve] (from client ap02 port 3 cli AABB.CCDD.EEFF)',
    ].join('\n'));
    assert.deepEqual(formats, ['syslog']);
    assert.deepEqual(events.map((e) => [e.event.dataset, e.event.outcome, e.user?.name, e.source?.ip ?? e.source?.mac, e.labels?.['radius.nas_port']]), [
      ['freeradius', 'success', 'bob', '203.0.113.5', '0'],
      ['freeradius', 'failure', 'eve', 'aa:bb:cc:dd:ee:ff', '3'],
    ]);
  });

  void it('survives hostile lines: a user that writes a fake client, markup, prototype names, endless text', async () => {
    const lines = [
      'Sat Nov 23 10:00:00 2024 : Auth: (1) Login incorrect: [x] (from client evil port 0 cli 6.6.6.6) junk] (from client vpn-gw port 0 cli 203.0.113.9)',
      'Sat Nov 23 10:00:01 2024 : Auth: (2) Login OK: [<script>alert(1)</script>] (from client __proto__ port 0 cli constructor)',
      `Sat Nov 23 10:00:02 2024 : Auth: (3) Login incorrect (${'('.repeat(3000)}): [${'['.repeat(3000)}] (from client a port 0)`,
      'Sat Nov 23 10:00:03 2024 : __proto__: polluted',
    ];
    const { events, errors } = await readAs('freeradius', `${lines.join('\n')}\n`);
    assert.deepEqual(errors.map((e) => e.line), [4], 'a level that is no word is no FreeRADIUS line: reported, and kept as text');
    assert.equal(events.length, lines.length);
    assert.equal(events[3]?.vigil.format, 'plaintext');
    for (const event of events) assertSoundEvent(event);
    assert.deepEqual(events.map((e) => [e.user?.name, e.source?.ip, e.labels?.['radius.nas']]), [
      // The line ends with the server's own client part: the user's text is the user's.
      ['x] (from client evil port 0 cli 6.6.6.6) junk', '203.0.113.9', 'vpn-gw'],
      // A `/` ends the user: what follows is the password FreeRADIUS may log.
      ['<script>alert(1)<', undefined, '__proto__'],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
    ]);
    assertNoPollution();
  });
});
