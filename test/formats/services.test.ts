import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { eventOf, eventsOf, selected } from '../detect/mapping/helpers.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Network services' logins, from syslog by program name and from their own log files. */

const summary = (e: VigilEvent | undefined) => [e?.event.dataset, e?.event.action, e?.event.outcome, e?.user?.name, e?.source?.ip];

describe('network services in syslog', () => {
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<unknown>]> = [
    ['mail dovecot: imap-login: Login: user=<bob@example.org>, method=PLAIN, rip=198.51.100.7, lip=10.0.0.5, mpid=9, TLS, session=<x>', ['dovecot', 'login', 'success', 'bob@example.org', '198.51.100.7']],
    ['mail dovecot: auth-worker(9): conn unix:auth-worker (pid=1,uid=2): auth-worker<4>: sql(admin,203.0.113.9): unknown user (given password: hunter2)', ['dovecot', 'login', 'failure', 'admin', '203.0.113.9']],
    ['mx1 postfix/submission/smtpd[7]: 4Xyz: client=unknown[198.51.100.8], sasl_method=PLAIN, sasl_username=carol', ['postfix', 'login', 'success', 'carol', '198.51.100.8']],
    ['mx1 postfix/smtps/smtpd[7]: warning: host.example.net[2001:db8::9]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=dave', ['postfix', 'login', 'failure', 'dave', '2001:db8::9']],
    ['ftp pure-ftpd: (?@203.0.113.9) [WARNING] Authentication failed for user [root]', ['pure-ftpd', 'login', 'failure', 'root', '203.0.113.9']],
    ['db mysqld[12]: 2026-11-23T08:00:00.000000Z 344 [Note] Access denied for user \'root\'@\'203.0.113.9\' (using password: YES)', ['mysql', 'login', 'failure', 'root', '203.0.113.9']],
    ['db postgres[13]: [3-1] user=app,db=shop,host=203.0.113.9 FATAL:  password authentication failed for user "app"', ['postgresql', 'login', 'failure', 'app', '203.0.113.9']],
    ['gw ovpn-server[14]: 203.0.113.10:51234 TLS Auth Error: Auth Username/Password verification failed for peer', ['openvpn', 'login', 'failure', undefined, '203.0.113.10']],
    ['router dropbear[15]: Bad password attempt for \'root\' from 203.0.113.11:40000', ['dropbear', 'login', 'failure', 'root', '203.0.113.11']],
    ['router dropbear[15]: Pubkey auth succeeded for \'root\' with ssh-ed25519 key SHA256:abc from 10.0.0.2:40001', ['dropbear', 'login', 'success', 'root', '10.0.0.2']],
    ['nas smbd[16]: Auth: [SMB2,(null)] user [CORP]\\[bob] at [Mon, 23 Nov 2026 08:00:01.0 UTC] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] workstation [X] remote host [ipv4:203.0.113.12:445] mapped to', ['samba', 'login', 'failure', 'bob', '203.0.113.12']],
    ['pve pvedaemon[17]: authentication failure; rhost=::ffff:203.0.113.13 user=root@pam msg=Authentication failure', ['proxmox', 'login', 'failure', 'root', '203.0.113.13']],
    ['mx exim[18]: 1oWxyz-000abc-De <= a@example.org H=(laptop) [198.51.100.14]:50123 P=esmtpsa A=dovecot_login:a@example.org S=1', ['exim', 'login', 'success', 'a@example.org', '198.51.100.14']],
  ];
  for (const [line, expected] of cases) {
    it(`reads ${line.split(' ')[1]!.replace(/\[.*/, '')}: ${line.slice(line.indexOf(': ') + 2, line.indexOf(': ') + 50)}…`, async () => {
      const e = await eventOf('syslog', `Nov 23 08:00:00 ${line}\n`);
      assert.equal(e.vigil.format, 'syslog');
      assert.deepEqual(summary(e), expected);
      assert.equal(selected(e, { category: 'authentication' }), true);
    });
  }

  it('keeps the given password out of the reason, says when the account does not exist, and counts Dovecot\'s attempts', async () => {
    const [unknown, failed] = await eventsOf('syslog', [
      'Nov 23 08:00:00 mail dovecot: auth: passwd-file(karen@example.org,192.0.2.1): unknown user (SHA1 of given password: 21bd12)',
      'Nov 23 08:00:01 mail dovecot: pop3-login: Disconnected (auth failed, 3 attempts in 30 secs): user=<bob>, method=PLAIN, rip=192.0.2.2, lip=10.0.0.5, session=<s>',
      '',
    ].join('\n'));
    assert.equal(unknown?.event.reason, 'unknown user');
    assert.equal(unknown?.labels?.['auth.unknown_user'], 'true');
    assert.deepEqual([failed?.event.count, failed?.event.reason, failed?.labels?.['auth.unknown_user']], [3, 'auth failed', undefined]);
  });

  it('reads Postfix refusals as denied mail with the reason, sender and recipient', async () => {
    const e = await eventOf('syslog', 'Nov 23 08:00:00 mx1 postfix/smtpd[7]: NOQUEUE: reject: RCPT from spam.example.net[203.0.113.20]: 454 4.7.1 <x@example.org>: Relay access denied; from=<s@example.net> to=<x@example.org> proto=ESMTP helo=<spam>\n');
    assert.deepEqual([e.event.category, e.event.action, e.event.reason, e.source?.domain, e.labels?.['mail.from'], e.labels?.['mail.to'], e.labels?.['smtp.helo']],
      [['email'], 'smtp-reject', 'Relay access denied', 'spam.example.net', 's@example.net', 'x@example.org', 'spam']);
  });

  it('leaves a program\'s other messages as its events, without a login', async () => {
    const e = await eventOf('syslog', 'Nov 23 08:00:00 mail dovecot: master: Dovecot v2.3.16 starting up for imap, pop3\n');
    assert.deepEqual([e.event.dataset, e.event.action, e.event.category], ['dovecot', undefined, undefined]);
  });
});

describe('network services\' own log files', () => {
  const dirs = tempDirs('services');

  it('reads SQL Server\'s ERRORLOG as Windows writes it: UTF-16 with a byte-order mark, CRLF', async () => {
    const file = join(dirs.fresh(), 'ERRORLOG');
    const text = "2026-11-23 08:00:02.29 Logon       Login failed for user 'sa'. Reason: Password did not match that for the login provided. [CLIENT: 203.0.113.9]\r\n";
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { events, formats, errors } = await collectEvents([file], { tz: 'UTC' });
    assert.deepEqual([formats, errors.length, events.length], [['mssql'], 0, 1]);
    assert.deepEqual(summary(events[0]), ['mssql', 'login', 'failure', 'sa', '203.0.113.9']);
    assert.equal(events[0]?.['@timestamp'], '2026-11-23T08:00:02.290Z');
  });

  it('selects `product: linux, service: vsftpd` (SigmaHQ\'s vsftpd rule) on vsftpd.log and on syslog\'s vsftpd lines', async () => {
    const own = await eventOf('vsftpd.log', 'Mon Nov 23 08:00:00 2026 [pid 2] [bob] FAIL LOGIN: Client "192.0.2.5"\n');
    const viaSyslog = await eventOf('syslog', 'Nov 23 08:00:00 ftp vsftpd[2]: [bob] FAIL LOGIN: Client "192.0.2.5"\n');
    assert.equal(own.vigil.format, 'vsftpd');
    for (const e of [own, viaSyslog]) {
      assert.deepEqual(summary(e), ['vsftpd', 'login', 'failure', 'bob', '192.0.2.5']);
      assert.equal(selected(e, { product: 'linux', service: 'vsftpd' }), true);
      assert.equal(selected(e, { product: 'linux', service: 'proftpd' }), false);
    }
  });

  it('does not take a log of another application with a time then text for Exim or OpenVPN', async () => {
    const events = await eventsOf('app.log', '2026-11-23 08:00:00 worker started\n2026-11-23 08:00:01 job 17 finished from 10.0.0.1:4000\n');
    assert.deepEqual(events.map((e) => e.vigil.format), ['plaintext', 'plaintext']);
    const appLog = await eventsOf('app.log', '2026-11-23 08:00:00 [ERROR] connection refused\n2026-11-23 08:00:01 [Warning] retrying\n');
    assert.deepEqual(appLog.map((e) => e.vigil.format), ['plaintext', 'plaintext'], 'a level in brackets alone is not MySQL');
  });
});
