import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeswitchFormat } from '../../src/ingest/formats/service-logs/freeswitch.ts';
import { decodeFreeswitch } from '../../src/ingest/formats/services/freeswitch.ts';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { hostileEvents } from '../helpers/hostile.ts';

/** FreeSWITCH: SIP logins that fail, accounts that do not exist and clients its access lists refuse, from its own log or syslog. */

const { sample } = lineFormatHelpers(freeswitchFormat);

const summary = (message: string) => {
  const f = decodeFreeswitch(message);
  return [f?.event?.action, f?.event?.outcome, f?.user?.name, f?.source?.ip, f?.labels?.['auth.unknown_user'], f?.network?.protocol];
};

void describe('FreeSWITCH', () => {
  void it('reads failed SIP logins, unknown users and access-list refusals as failed logins, and challenges as such', () => {
    assert.deepEqual(summary("sofia_reg.c:3223 SIP auth failure (REGISTER) on sofia profile 'internal' for [1001@pbx.example.org] from ip 203.0.113.9"), ['login', 'failure', '1001', '203.0.113.9', undefined, 'sip']);
    assert.deepEqual(summary("sofia_reg.c:3223 Can't find user [2501@1.2.3.4] from 1.2.3.4"), ['login', 'failure', '2501', '1.2.3.4', 'true', 'sip']);
    assert.deepEqual(summary('sofia_reg.c:3223 IP 1.2.3.4 Rejected by register acl'), ['login', 'failure', undefined, '1.2.3.4', undefined, 'sip']);
    assert.deepEqual(summary('mod_event_socket.c:2694 IP 192.0.2.50 Rejected by acl "loopback.auto"'), ['login', 'failure', undefined, '192.0.2.50', undefined, 'esl']);
    assert.deepEqual(summary("sofia_reg.c:3165 SIP auth challenge (INVITE) on sofia profile 'external' for [100@pbx] from ip 198.51.100.20"), ['sip-auth-challenge', undefined, '100', '198.51.100.20', undefined, 'sip']);
    assert.equal(decodeFreeswitch("SIP auth failure (REGISTER) on sofia profile 'p' for [] from ip 1.2.3.4")?.user, undefined, 'no account named: no user');
    assert.equal(decodeFreeswitch('switch_core.c:2537 FreeSWITCH Started'), undefined);
  });

  void it("reads its own log (the idle CPU share, a call's UUID, older lines without either) and syslog alike", async () => {
    const [own, uuid, old, syslog] = await eventsOf('freeswitch.log', [
      "2023-03-06 15:11:14.385000 96.03% [WARNING] sofia_reg.c:3223 Can't find user [2501@1.2.3.4] from 1.2.3.4",
      '6f5b1a2c-9d3e-4c1b-8e7f-0a1b2c3d4e5f 2023-03-06 15:11:15.000001 95.00% [WARNING] sofia_reg.c:3223 IP 1.2.3.5 Rejected by register acl "domains"',
      "2014-01-23 15:42:03.941620 [WARNING] sofia_reg.c:1477 SIP auth failure (INVITE) on sofia profile 'internal' for [100@10.0.0.2] from ip 192.0.2.77",
      '',
    ].join('\n'));
    assert.deepEqual([own?.vigil.format, own?.event.dataset, own?.['@timestamp'], own?.labels?.['freeswitch.level']], ['freeswitch', 'freeswitch', '2023-03-06T15:11:14.385Z', 'WARNING']);
    assert.deepEqual([uuid?.source?.ip, uuid?.labels?.['freeswitch.acl']], ['1.2.3.5', 'domains']);
    assert.deepEqual([old?.user?.name, old?.labels?.['sip.method'], old?.labels?.['freeswitch.profile']], ['100', 'INVITE', 'internal']);
    assert.equal(syslog, undefined);
    const [fromSyslog] = await eventsOf('syslog', "Nov 23 10:01:00 pbx freeswitch[700]: sofia_reg.c:3223 SIP auth failure (REGISTER) on sofia profile 'internal' for [1001@pbx.example.org] from ip 203.0.113.9\n");
    assert.deepEqual([fromSyslog?.vigil.format, fromSyslog?.event.dataset, fromSyslog?.event.outcome, fromSyslog?.source?.ip], ['syslog', 'freeswitch', 'failure', '203.0.113.9']);
    assert.equal(own !== undefined && selected(own, { product: 'freeswitch' }), true);
    assert.equal(own !== undefined && selected(own, { category: 'authentication' }), true);
  });

  void it('is not taken for any log with an ISO time and a bracketed level', () => {
    assert.equal(freeswitchFormat.sniff(sample(['2026-11-23 08:00:00.123 [INFO] app started', '2026-11-23 08:00:01.456 [WARNING] login failed for admin from 203.0.113.9'])), 0);
    assert.ok(freeswitchFormat.sniff(sample(['2026-11-23 08:00:00.123456 [INFO] switch_core.c:2537 FreeSWITCH Started'])) > 0.9);
  });

  void it('survives hostile lines: markup in the account, runaway brackets, an address that is none', async () => {
    const hostile = [
      "2026-11-23 08:00:00.000001 [WARNING] sofia_reg.c:1 SIP auth failure (REGISTER) on sofia profile '<img src=x onerror=alert(1)>' for [<script>@x] from ip 1.2.3.4",
      `2026-11-23 08:00:01.000001 [WARNING] sofia_reg.c:1 Can't find user [${'['.repeat(300)}] from 1.2.3.4`,
      '2026-11-23 08:00:02.000001 [WARNING] sofia_reg.c:1 IP 999.1.2.3 Rejected by register acl',
      '',
    ].join('\n');
    const events = await hostileEvents('freeswitch', hostile, 3);
    assert.deepEqual(events.map((e) => e.source?.ip), ['1.2.3.4', undefined, undefined]);
    assert.equal(events[0]?.user?.name, '<script>', 'kept as text: the edges escape it');
  });
});
