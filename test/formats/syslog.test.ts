import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Draft } from '../../src/ingest/format.ts';
import { syslogFormat } from '../../src/ingest/formats/syslog.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

function parse(text: string): Draft | undefined {
  const outcome = syslogFormat.createParser({ fileName: 'x' }).parse({ text, line: 1, offset: 0 });
  if (outcome.kind !== 'events') return undefined;
  assert.equal(outcome.drafts.length, 1);
  return outcome.drafts[0];
}

function must(text: string): Draft {
  const draft = parse(text);
  assert.ok(draft !== undefined, `rejected: ${text}`);
  return draft;
}

const sniff = (lines: string[]) => syslogFormat.sniff({ fileName: 'x', lines, values: [] });

describe('syslog headers', () => {
  it('reads RFC 3164 with one- or two-space single-digit days, with and without <PRI>', () => {
    for (const stamp of ['Mar  3 09:15:01', 'Mar 3 09:15:01']) {
      const d = must(`${stamp} web01 sshd[2101]: Server listening on 0.0.0.0 port 22.`);
      assert.equal(d.time, stamp);
      assert.equal(d.dataset, 'sshd');
      assert.equal(d.fields.host?.name, 'web01');
      assert.equal(d.fields.event?.provider, 'sshd');
      assert.equal(d.fields.process?.name, 'sshd');
      assert.equal(d.fields.process?.pid, 2101);
      assert.equal(d.fields.message, 'Server listening on 0.0.0.0 port 22.');
      assert.equal(d.fields.event?.action, undefined);
    }
    const pri = must('<86>Mar  3 11:10:04 web01 sshd[2200]: Accepted password for bob from 10.0.0.16 port 51700 ssh2');
    assert.equal(pri.time, 'Mar  3 11:10:04');
    assert.deepEqual(pri.fields.labels, { 'syslog.priority': '86', 'syslog.facility': 'authpriv', 'syslog.severity': 'info', 'ssh.method': 'password' });
  });

  it('reads ISO-stamped (rsyslog high precision) lines and keeps the stamp as found', () => {
    const d = must('2023-11-14T00:20:42.738197+01:00 myserver sshd[1112652]: User root from 192.168.1.1 not allowed because not listed in AllowUsers');
    assert.equal(d.time, '2023-11-14T00:20:42.738197+01:00');
    assert.equal(d.fields.host?.name, 'myserver');
    assert.equal(d.fields.event?.action, 'ssh-user-not-allowed');
    assert.equal(d.fields.event?.reason, 'not listed in AllowUsers');
    assert.equal(d.fields.source?.ip, '192.168.1.1');
  });

  it("reads journalctl's short-full and short-unix stamps; an ambiguous zone abbreviation is kept apart", () => {
    const full = must('Sat 2024-11-23 10:00:00 UTC web01 sshd[4242]: Failed password for root from 203.0.113.7 port 22 ssh2');
    assert.deepEqual([full.time, full.fields.host?.name, full.fields.event?.action, full.fields.source?.ip], ['2024-11-23 10:00:00 UTC', 'web01', 'ssh-login', '203.0.113.7']);
    const offset = must('Sat 2024-11-23 11:00:00.250000 +0100 web01 sudo[9]: pam_unix(sudo:session): session closed for user root');
    assert.equal(offset.time, '2024-11-23 11:00:00.250000 +0100');
    const cet = must('Sat 2024-11-23 11:00:00 CET web01 sshd[4242]: Accepted password for bob from 198.51.100.2 port 22 ssh2');
    assert.deepEqual([cet.time, cet.fields.labels?.['syslog.zone'], cet.fields.event?.outcome], ['2024-11-23 11:00:00', 'CET', 'success']);
    const unix = must('1732356000.123456 web01 sshd[4242]: Invalid user guest from 192.0.2.8 port 41000');
    assert.deepEqual([unix.time, unix.fields.host?.name, unix.fields.event?.action], ['1732356000.123456', 'web01', 'ssh-invalid-user']);
    for (const text of ['Sat 2024-11-23 10:00:00 UTC just words here', '1732356000.123456 plain words', '1732356000.123 192.0.2.1 TCP_MISS/200 512 GET http://example.com/ - DIRECT/93.184.216.34 text/html']) {
      assert.equal(parse(text), undefined, text);
    }
  });

  it('reads RFC 5424 with structured data in labels, escapes, NILVALUEs and a BOM', () => {
    const d = must('<38>1 2022-01-19T14:23:55+00:00 OPNsense.localdomain sshd 44255 - [meta sequenceId="1"][x@1 a="q\\"uo\\]te" b=""] Invalid user tutu from 1.2.3.4 port 33166');
    assert.equal(d.time, '2022-01-19T14:23:55+00:00');
    assert.equal(d.fields.host?.name, 'OPNsense.localdomain');
    assert.equal(d.fields.process?.pid, 44255);
    assert.equal(d.fields.labels?.['meta.sequenceId'], '1');
    assert.equal(d.fields.labels?.['x@1.a'], 'q"uo]te');
    assert.equal(d.fields.labels?.['x@1.b'], '');
    assert.equal(d.fields.event?.action, 'ssh-invalid-user');
    assert.equal(d.fields.user?.name, 'tutu');

    const nil = must('<13>1 - - - - ID9 - \uFEFFhello world');
    assert.equal(nil.time, undefined);
    assert.equal(nil.fields.host, undefined);
    assert.equal(nil.fields.message, 'hello world');
    assert.equal(nil.fields.labels?.['syslog.msgid'], 'ID9');
    assert.equal(nil.dataset, 'syslog');

    // Malformed structured data: the line is kept, the rest becomes the message.
    assert.equal(must('<13>1 2024-01-01T00:00:00Z h app - - [broken').fields.message, '[broken');
  });

  it('reads tags without pid, the old prog(module)[pid] form, path programs and host-less lines', () => {
    const noPid = must('Jun 19 04:09:02 combo cups: cupsd startup succeeded');
    assert.equal(noPid.fields.process?.name, 'cups');
    assert.equal(noPid.fields.process?.pid, undefined);

    const old = must('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown');
    assert.equal(old.fields.process?.name, 'sshd');
    assert.equal(old.fields.process?.pid, 19939);
    assert.equal(old.dataset, 'sshd');
    assert.equal(old.fields.labels?.['pam.module'], 'pam_unix');

    const path = must('Mar  3 10:17:02 web01 /usr/sbin/cron[6003]: (root) CMD (true)');
    assert.equal(path.fields.process?.name, 'cron');
    assert.equal(path.fields.process?.executable, '/usr/sbin/cron');
    assert.equal(path.dataset, 'cron');

    const hostless = must('Mar  3 10:17:02 sshd[1]: Connection closed by 192.0.2.1 port 22');
    assert.equal(hostless.fields.host, undefined);
    assert.equal(hostless.fields.process?.name, 'sshd');

    const untagged = must('Jun 19 04:09:11 combo syslogd 1.4.1: restart.');
    assert.equal(untagged.fields.host?.name, 'combo');
    assert.equal(untagged.fields.process, undefined);
    assert.equal(untagged.fields.message, 'syslogd 1.4.1: restart.');
    assert.equal(untagged.dataset, 'syslog');
  });

  it('moves the kernel uptime stamp out of the message', () => {
    const d = must('Mar  3 11:05:00 fw01 kernel: [   86.000001] EXT4-fs (sda1): mounted filesystem');
    assert.equal(d.fields.message, 'EXT4-fs (sda1): mounted filesystem');
    assert.equal(d.fields.labels?.['kernel.uptime'], '86.000001');
    assert.equal(d.dataset, 'syslog');
    assert.equal(d.fields.event?.action, undefined);
  });

  it('rejects what is not syslog', () => {
    for (const text of [
      '',
      'this is not a syslog line',
      'Foo 33 25:61:61 host prog: x',
      'Mar 32 10:00:00 host prog: x',
      '<999>Mar  3 11:10:06 web01 sshd[1]: x',
      '<13>1 yesterday host app - - - x',
      '2024-01-01T10:00:00Z INFO Server started: port 8080',
      '2024-01-01T10:00:00Z just some words',
      '192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326',
      'type=SYSCALL msg=audit(1684329817.579:2995): arch=c000003e syscall=59',
    ]) {
      assert.equal(parse(text), undefined, text);
    }
  });
});

describe('sshd', () => {
  it('decodes failed passwords, including two-space, empty and injected user names', () => {
    const d = must('Dec 10 08:24:11 LabSZ sshd[24361]: Failed password for invalid user  0101 from 5.188.10.180 port 59213 ssh2');
    assert.deepEqual(d.fields.event, {
      provider: 'sshd', category: ['authentication'], type: ['start'], action: 'ssh-login', outcome: 'failure',
    });
    assert.equal(d.fields.user?.name, '0101');
    assert.deepEqual(d.fields.source, { ip: '5.188.10.180', port: 59213 });
    assert.equal(d.fields.labels?.['ssh.invalid_user'], 'true');

    const empty = must('Dec 10 08:24:11 h sshd[1]: Failed password for invalid user  from 203.0.113.9 port 4242 ssh2');
    assert.equal(empty.fields.user, undefined);
    assert.equal(empty.fields.source?.ip, '203.0.113.9');

    // The user name is attacker-chosen: the address is the LAST `from IP port N`.
    const injected = must('Dec 10 08:24:11 h sshd[1]: Failed password for x from 6.6.6.6 port 1 ssh2 from 203.0.113.9 port 4242 ssh2');
    assert.equal(injected.fields.source?.ip, '203.0.113.9');
    assert.equal(injected.fields.user?.name, 'x from 6.6.6.6 port 1 ssh2');
  });

  it('counts `message repeated N times` and keeps the inner message', () => {
    const d = must('Dec 10 07:13:56 LabSZ sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]');
    assert.equal(d.fields.event?.action, 'ssh-login');
    assert.equal(d.fields.event?.outcome, 'failure');
    assert.equal(d.fields.event?.count, 5);
    assert.equal(d.fields.message, 'Failed password for root from 5.36.59.76 port 42393 ssh2');
    assert.equal(d.fields.source?.ip, '5.36.59.76');
  });

  it('keeps `Failed none` (method probing) out of ssh-login', () => {
    const d = must('Dec 10 08:24:40 LabSZ sshd[24363]: Failed none for invalid user 0 from 5.188.10.180 port 49811 ssh2');
    assert.equal(d.fields.event?.action, 'ssh-auth-none');
  });

  it('decodes accepted logins with the key', () => {
    const d = must('Sep  6 09:57:21 bullseye sshd[581]: Accepted publickey for vagrant from 192.168.121.1 port 56296 ssh2: RSA SHA256:1M4RzhMyWuFS/86uPY/ce2prh/dVTHW7iD2RhpquOZA');
    assert.equal(d.fields.event?.outcome, 'success');
    assert.equal(d.fields.event?.action, 'ssh-login');
    assert.equal(d.fields.user?.name, 'vagrant');
    assert.equal(d.fields.labels?.['ssh.method'], 'publickey');
    assert.equal(d.fields.labels?.['ssh.key'], 'RSA SHA256:1M4RzhMyWuFS/86uPY/ce2prh/dVTHW7iD2RhpquOZA');
  });

  it('decodes invalid users with and without a port', () => {
    const a = must('Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186');
    assert.equal(a.fields.event?.action, 'ssh-invalid-user');
    assert.equal(a.fields.event?.outcome, 'failure');
    assert.equal(a.fields.user?.name, 'webmaster');
    assert.deepEqual(a.fields.source, { ip: '173.234.31.186' });
    const b = must('Feb 12 14:10:24 sd-126005 sshd-session[16379]: Invalid user pascal5 from 192.168.1.3 port 53502');
    assert.equal(b.dataset, 'sshd');
    assert.deepEqual(b.fields.source, { ip: '192.168.1.3', port: 53502 });
  });

  it('decodes PAM failures with an IP or a host name as rhost, in both tag forms', () => {
    const ipHost = must('Dec 10 06:55:48 LabSZ sshd[24200]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186  user=root');
    assert.equal(ipHost.fields.event?.action, 'pam-auth-failure');
    assert.equal(ipHost.fields.source?.ip, '173.234.31.186');
    assert.equal(ipHost.fields.user?.name, 'root');
    const named = must('Dec 10 06:55:48 LabSZ sshd[24200]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=ns.Example.com ');
    assert.deepEqual(named.fields.source, { domain: 'ns.example.com' });
    assert.equal(named.fields.user, undefined);
    const old = must('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4  user=guest');
    assert.equal(old.fields.event?.action, 'pam-auth-failure');
    assert.equal(old.fields.source?.ip, '218.188.2.4');
    assert.equal(old.fields.user?.name, 'guest');
    const more = must('Dec 10 06:55:48 LabSZ sshd[1]: PAM 4 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root');
    assert.equal(more.fields.event?.action, 'pam-auth-failure');
    assert.equal(more.fields.event?.count, 4);
    const unknown = must('Dec 10 06:55:46 LabSZ sshd[24200]: pam_unix(sshd:auth): check pass; user unknown');
    assert.equal(unknown.fields.event?.action, 'pam-user-unknown');
  });

  it('decodes connection-level messages', () => {
    const cases: [string, string, string | undefined, number | undefined][] = [
      ['Received disconnect from 1.2.3.4 port 22:11: Bye Bye [preauth]', 'ssh-disconnect', '1.2.3.4', 22],
      ['Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]', 'ssh-disconnect', '1.2.3.4', undefined],
      ['Disconnected from authenticating user root 179.43.183.98 port 59402 [preauth]', 'ssh-disconnect', '179.43.183.98', 59402],
      ['Connection closed by invalid user root 206.81.24.125 port 45362 [preauth]', 'ssh-connection-closed', '206.81.24.125', 45362],
      ['Connection closed by 118.27.24.104 port 33594 [preauth]', 'ssh-connection-closed', '118.27.24.104', 33594],
      ['Connection closed by 118.27.24.104 [preauth]', 'ssh-connection-closed', '118.27.24.104', undefined],
      ['reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!', 'ssh-reverse-mapping-failed', '173.234.31.186', undefined],
      ['Address 192.0.2.78 maps to mail.example.org, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!', 'ssh-reverse-mapping-failed', '192.0.2.78', undefined],
      ['Did not receive identification string from 103.79.141.133', 'ssh-no-identification', '103.79.141.133', undefined],
      ['Unable to negotiate with 206.189.59.169 port 34386: no matching host key type found. Their offer: ssh-rsa [preauth]', 'ssh-negotiation-failed', '206.189.59.169', 34386],
      ['fatal: Timeout before authentication for 192.168.9.212 port 47056', 'ssh-auth-timeout', '192.168.9.212', 47056],
      ['error: maximum authentication attempts exceeded for invalid user admin from 1.2.3.4 port 22 ssh2 [preauth]', 'ssh-max-auth-exceeded', '1.2.3.4', 22],
      ['refused connect from example.com (192.168.1.1)', 'ssh-connection-refused', '192.168.1.1', undefined],
    ];
    for (const [message, action, address, port] of cases) {
      const d = must(`Jan  1 00:00:00 h sshd[1]: ${message}`);
      assert.equal(d.fields.event?.action, action, message);
      assert.equal(d.fields.source?.ip, address, message);
      assert.equal(d.fields.source?.port, port, message);
    }
    const reverse = must('Jan  1 00:00:00 h sshd[1]: reverse mapping checking getaddrinfo for NS.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!');
    assert.equal(reverse.fields.source?.domain, 'ns.example.com');
    const closed = must('Jan  1 00:00:00 h sshd[1]: Connection closed by authenticating user root 1.2.3.4 port 5 [preauth]');
    assert.equal(closed.fields.user?.name, 'root');
    assert.equal(closed.fields.labels?.['ssh.preauth'], 'true');
  });

  it('decodes sessions', () => {
    const opened = must('Dec 10 09:32:20 LabSZ sshd[24680]: pam_unix(sshd:session): session opened for user fztu by (uid=0)');
    assert.equal(opened.fields.event?.action, 'session-opened');
    assert.deepEqual(opened.fields.event?.category, ['session']);
    assert.equal(opened.fields.user?.name, 'fztu');
    const closed = must('Dec 10 09:32:20 LabSZ sshd[24680]: pam_unix(sshd:session): session closed for user fztu');
    assert.equal(closed.fields.event?.action, 'session-closed');
  });
});

describe('sudo, su, account management, cron', () => {
  it('decodes sudo commands and refusals', () => {
    const ok = must('Mar  3 09:20:00 web01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash');
    assert.equal(ok.dataset, 'sudo');
    assert.equal(ok.fields.event?.action, 'sudo-command');
    assert.equal(ok.fields.event?.outcome, 'success');
    assert.equal(ok.fields.user?.name, 'alice');
    assert.equal(ok.fields.user?.effective?.name, 'root');
    assert.equal(ok.fields.user?.target?.name, 'root');
    assert.equal(ok.fields.process?.command_line, '/bin/bash');
    assert.equal(ok.fields.process?.working_directory, '/home/alice');

    const wrong = must('Mar  3 09:20:10 web01 sudo:      bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/apt install nmap ; x');
    assert.equal(wrong.fields.event?.action, 'sudo-auth-failure');
    assert.equal(wrong.fields.event?.outcome, 'failure');
    assert.equal(wrong.fields.event?.count, 3);
    assert.equal(wrong.fields.process?.command_line, '/usr/bin/apt install nmap ; x');

    const denied = must('Mar  3 09:20:20 web01 sudo:      eve : user NOT in sudoers ; TTY=pts/2 ; PWD=/tmp ; USER=root ; COMMAND=/bin/cat /etc/shadow');
    assert.equal(denied.fields.event?.action, 'sudo-command');
    assert.equal(denied.fields.event?.outcome, 'failure');
    assert.equal(denied.fields.event?.reason, 'user NOT in sudoers');
    assert.deepEqual(denied.fields.event?.type, ['denied']);

    const pam = must('Dec  7 14:52:59 h sudo: pam_unix(sudo:auth): authentication failure; logname=zbadguy uid=4001 euid=0 tty=/dev/pts/12 ruser=zbadguy rhost=  user=zbadguy');
    assert.equal(pam.fields.event?.action, 'pam-auth-failure');
    assert.equal(pam.fields.user?.name, 'zbadguy');
    assert.equal(pam.fields.source, undefined);
  });

  it('decodes su in its flavours and counts a switch once', () => {
    const ok = must('Mar  3 09:21:00 web01 su[4100]: Successful su for root by alice');
    assert.equal(ok.dataset, 'su');
    assert.equal(ok.fields.event?.action, 'su-login');
    assert.equal(ok.fields.event?.outcome, 'success');
    assert.equal(ok.fields.user?.name, 'alice');
    assert.equal(ok.fields.user?.target?.name, 'root');
    const failed = must('Mar  3 09:21:32 web01 su[4101]: FAILED su for root by bob');
    assert.equal(failed.fields.event?.outcome, 'failure');
    const echo = must('Mar  3 09:21:32 web01 su[4101]: - pts/1 bob:root');
    assert.equal(echo.fields.event?.action, undefined);
    assert.equal(echo.fields.event?.outcome, 'failure');
    assert.equal(echo.fields.user?.name, 'bob');
    const pamAuth = must('Mar  3 09:21:30 web01 su[4101]: pam_unix(su:auth): authentication failure; logname=bob uid=1001 euid=0 tty=/dev/pts/1 ruser=bob rhost=  user=root');
    assert.equal(pamAuth.fields.user?.name, 'bob');
    assert.equal(pamAuth.fields.user?.target?.name, 'root');
    const session = must('Mar  3 09:21:00 web01 su[4100]: pam_unix(su:session): session opened for user root by alice(uid=1000)');
    assert.equal(session.fields.user?.name, 'alice');
    assert.equal(session.fields.user?.target?.name, 'root');
  });

  it('decodes account management', () => {
    const user = must('Mar  3 09:30:01 web01 useradd[5002]: new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash');
    assert.equal(user.dataset, 'useradd');
    assert.deepEqual(user.fields.event?.category, ['iam']);
    assert.deepEqual(user.fields.event?.type, ['user', 'creation']);
    assert.equal(user.fields.event?.action, 'user-created');
    assert.deepEqual(user.fields.user?.target, { name: 'bob', id: '1001' });
    const group = must('Mar  3 09:30:00 web01 groupadd[5001]: new group: name=bob, GID=1001');
    assert.equal(group.fields.event?.action, 'group-created');
    assert.equal(group.fields.user?.group?.name, 'bob');
    const member = must("Mar  3 09:30:02 web01 usermod[5003]: add 'bob' to group 'sudo'");
    assert.deepEqual(member.fields.event?.type, ['group', 'change']);
    assert.equal(member.fields.user?.target?.name, 'bob');
    assert.equal(member.fields.user?.group?.name, 'sudo');
    assert.equal(must("Mar  3 09:30:02 web01 usermod[5003]: add 'bob' to shadow group 'sudo'").fields.event?.action, undefined);
    const pw = must("Mar  3 09:30:05 web01 passwd[5004]: password for 'bob' changed by 'root'");
    assert.equal(pw.fields.event?.action, 'password-changed');
    assert.equal(pw.fields.user?.name, 'root');
    assert.equal(pw.fields.user?.target?.name, 'bob');
    const pamPw = must('Mar  3 09:30:06 web01 passwd[5005]: pam_unix(passwd:chauthtok): password changed for bob');
    assert.equal(pamPw.fields.event?.action, 'password-changed');
    assert.equal(pamPw.fields.user?.target?.name, 'bob');
    const del = must("Mar  3 09:40:00 web01 userdel[5010]: delete user 'bob'");
    assert.deepEqual(del.fields.event?.type, ['user', 'deletion']);
    assert.equal(del.dataset, 'userdel');
  });

  it('decodes cron commands and sessions', () => {
    const cmd = must('Mar  3 10:17:01 web01 CRON[6002]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)');
    assert.equal(cmd.dataset, 'cron');
    assert.equal(cmd.fields.event?.action, 'cron-command');
    assert.equal(cmd.fields.user?.name, 'root');
    assert.equal(cmd.fields.process?.command_line, 'cd / && run-parts --report /etc/cron.hourly');
    assert.equal(cmd.fields.process?.name, 'CRON');
    const session = must('Mar  3 10:17:01 web01 CRON[6001]: pam_unix(cron:session): session opened for user root by (uid=0)');
    assert.equal(session.fields.event?.action, 'session-opened');
    assert.equal(session.fields.user?.name, 'root');
  });
});

describe('netfilter', () => {
  const tail = 'MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00 SRC=203.0.113.5 DST=192.0.2.10 LEN=40 TOS=0x00 TTL=50 ID=1 PROTO=TCP SPT=44123 DPT=3389 WINDOW=1024 SYN URGP=0';

  it('reads the verdict and dataset from the prefix', () => {
    const cases: [string, string, string, string[], string | undefined][] = [
      ['[UFW BLOCK] IN=eth0 OUT= ', 'ufw', 'firewall-drop', ['denied'], 'failure'],
      ['[UFW ALLOW] IN=eth0 OUT= ', 'ufw', 'firewall-allow', ['allowed'], 'success'],
      ['[UFW AUDIT] IN=eth0 OUT= ', 'ufw', 'firewall-log', ['connection'], undefined],
      ['IPTABLES-DROP: IN=eth0 OUT= ', 'iptables', 'firewall-drop', ['denied'], 'failure'],
      ['DROP IN=eth0 OUT= ', 'iptables', 'firewall-drop', ['denied'], 'failure'],
      ['IN=eth0 OUT= ', 'iptables', 'firewall-log', ['connection'], undefined],
      ['FINAL_REJECT: IN=eth0 OUT= ', 'firewalld', 'firewall-drop', ['denied'], 'failure'],
      ['filter_IN_public_REJECT: IN=eth0 OUT= ', 'firewalld', 'firewall-drop', ['denied'], 'failure'],
      ['filter_IN_public_DROP: IN=eth0 OUT= ', 'firewalld', 'firewall-drop', ['denied'], 'failure'],
    ];
    for (const [prefix, dataset, action, type, outcome] of cases) {
      const d = must(`Mar  3 11:00:01 fw01 kernel: [86401.000001] ${prefix}${tail}`);
      assert.equal(d.dataset, dataset, prefix);
      assert.equal(d.fields.event?.action, action, prefix);
      assert.deepEqual(d.fields.event?.type, type, prefix);
      assert.deepEqual(d.fields.event?.category, ['network'], prefix);
      assert.equal(d.fields.event?.outcome, outcome, prefix);
      assert.equal(d.fields.source?.ip, '203.0.113.5');
      assert.equal(d.fields.source?.port, 44123);
      assert.equal(d.fields.destination?.ip, '192.0.2.10');
      assert.equal(d.fields.destination?.port, 3389);
      assert.equal(d.fields.network?.transport, 'tcp');
      assert.equal(d.fields.network?.interface?.in, 'eth0');
    }
  });

  it('reads fields in any order, IPv6, outbound and ICMP', () => {
    const v6 = must('Mar  3 11:00:06 fw01 kernel: [UFW BLOCK] PROTO=UDP SPT=5353 DPT=5353 SRC=2001:db8::77 DST=2001:DB8::10 IN=eth0 OUT= LEN=72');
    assert.equal(v6.fields.source?.ip, '2001:db8::77');
    assert.equal(v6.fields.destination?.ip, '2001:db8::10');
    assert.equal(v6.fields.network?.transport, 'udp');
    const out = must('Mar  3 11:00:07 fw01 kernel: [UFW BLOCK] IN= OUT=eth1 SRC=192.0.2.10 DST=203.0.113.250 LEN=60 PROTO=TCP SPT=40000 DPT=4444');
    assert.equal(out.fields.network?.interface?.out, 'eth1');
    assert.equal(out.fields.network?.interface?.in, undefined);
    assert.equal(out.fields.network?.direction, 'egress');
    const icmp = must('Mar  3 11:00:10 fw02 kernel: filter_IN_public_DROP: IN=ens3 OUT= SRC=203.0.113.9 DST=192.0.2.20 LEN=84 PROTO=ICMP TYPE=8 CODE=0 ID=12 SEQ=1');
    assert.equal(icmp.fields.network?.transport, 'icmp');
    assert.equal(icmp.fields.source?.port, undefined);
    assert.equal(icmp.fields.labels?.['netfilter.icmp_type'], '8');
  });

  it("reads UniFi's untagged lines: the kernel's, the verdict from the rule prefix's letter in either order", () => {
    const cases: [string, string, string, string][] = [
      ['[WAN_LOCAL-D-2147483647] DESCR="[WAN_LOCAL]Block All Traffic"', 'firewall-drop', '2147483647', 'WAN_LOCAL'],
      ['[LAN_IN-A-3000] DESCR="Allow printers"', 'firewall-allow', '3000', 'LAN_IN'],
      ['[WAN_IN-default-D]', 'firewall-drop', 'default', 'WAN_IN'],
      ['[LAN_IN-2000-R]', 'firewall-drop', '2000', 'LAN_IN'],
    ];
    for (const [prefix, action, id, ruleset] of cases) {
      const d = must(`Jun 13 23:29:15 UDMP ${prefix} IN=eth8 OUT= ${tail}`);
      assert.deepEqual([d.dataset, d.fields.event?.action, d.fields.event?.provider, d.fields.process?.name, d.fields.rule?.id, d.fields.labels?.['unifi.ruleset']], ['iptables', action, 'kernel', 'kernel', id, ruleset], prefix);
    }
    assert.equal(must(`Jun 13 23:29:15 UDMP [WAN_LOCAL-D-1] DESCR="[WAN_LOCAL]Block All Traffic" IN=eth8 OUT= ${tail}`).fields.labels?.['unifi.description'], '[WAN_LOCAL]Block All Traffic');
    // A prefix that only looks alike is read from its words.
    assert.equal(must(`Jun 13 23:29:15 gw [MY-RULE-X] IN=eth8 OUT= ${tail}`).fields.event?.action, 'firewall-log');
  });

  it('leaves kernel lines with invalid addresses as plain kernel lines', () => {
    const d = must('Mar  3 11:00:07 fw01 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=not-an-ip DST=192.0.2.1 PROTO=TCP');
    assert.equal(d.dataset, 'syslog');
    assert.equal(d.fields.source, undefined);
  });
});

describe('other programs', () => {
  it('keeps the header fields, dataset syslog and no action', () => {
    const d = must('Mar  3 11:10:00 web01 systemd[1]: Started Session 42 of User alice.');
    assert.equal(d.dataset, 'syslog');
    assert.equal(d.fields.event?.action, undefined);
    assert.equal(d.fields.event?.provider, 'systemd');
    assert.equal(d.fields.process?.pid, 1);
  });
});

describe('syslog sniff', () => {
  it('claims syslog files and not others', () => {
    assert.ok(sniff(['Mar  3 09:15:01 web01 sshd[2101]: Failed password for root from 203.0.113.45 port 52144 ssh2']) >= 0.8);
    assert.ok(sniff(['<38>1 2022-01-19T14:23:55+00:00 OPNsense.localdomain sshd 44255 - - Invalid user tutu from 1.2.3.4']) >= 0.8);
    assert.equal(sniff([]), 0);
    assert.equal(sniff(['192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326']), 0);
    assert.equal(sniff(['type=SYSCALL msg=audit(1684329817.579:2995): arch=c000003e syscall=59']), 0);
    // CEF or LEEF carried by syslog belongs to the CEF/LEEF formats.
    assert.ok(sniff(['Jan 18 11:07:53 host CEF:0|Security|threatmanager|1.0|100|worm stopped|10|src=10.0.0.1']) < 0.5);
  });
});

describe('syslog robustness', () => {
  it('never throws on random input and stays fast on long hostile lines', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['Mar  3 09:15:01 h sshd[1]: ', 'Failed password for ', ' from ', ' port ', '<13>1 ', '[a b="', '\\', '"]', 'SRC=', 'IN=', ' : ', 'COMMAND=', 'pam_unix(', '(uid=', '\u0000', '\uFFFD', ' '];
    const parser = syslogFormat.createParser({ fileName: 'x' });
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const n = Math.floor(random() * 12);
      for (let j = 0; j < n; j++) text += random() < 0.5 ? (pieces[Math.floor(random() * pieces.length)] ?? '') : String.fromCharCode(Math.floor(random() * 0x3000));
      lines.push(text);
      assert.doesNotThrow(() => parser.parse({ text, line: i + 1, offset: 0 }));
    }
    assert.doesNotThrow(() => sniff(lines.slice(0, 50)));

    const long = `Mar  3 09:15:01 h sshd[1]: Failed password for ${' from 1.2.3.4 port 1'.repeat(20000)} x`;
    const start = performance.now();
    parser.parse({ text: long, line: 1, offset: 0 });
    parser.parse({ text: `Mar  3 09:15:01 h kernel: ${'SRC=1.1.1.1 DST=2.2.2.2 IN=x '.repeat(20000)}`, line: 1, offset: 0 });
    assert.ok(performance.now() - start < 2000, 'hostile long lines parse in linear-ish time');
  });
});

describe('real logs (../shared/data)', () => {
  const openssh = join(SHARED, 'loghub', 'OpenSSH', 'OpenSSH_2k.log');
  const opensshV2 = join(SHARED, 'loghub-2.0', '2k_dataset', 'OpenSSH', 'OpenSSH_2k.log');
  const linux = join(SHARED, 'loghub', 'Linux', 'Linux_2k.log');

  function drafts(file: string): Draft[] {
    const parser = syslogFormat.createParser({ fileName: file });
    const out: Draft[] = [];
    readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
      const text = raw.replace(/\r$/, '');
      if (text === '') return;
      const outcome = parser.parse({ text, line: i + 1, offset: 0 });
      assert.equal(outcome.kind, 'events', `line ${i + 1} rejected: ${text}`);
      if (outcome.kind === 'events') out.push(...outcome.drafts);
    });
    return out;
  }

  it('OpenSSH_2k: 528 failed password attempts from 23 IPs', (t) => {
    if (!existsSync(openssh)) {
      t.skip('OpenSSH_2k.log absent');
      return;
    }
    const perIp = new Map<string, number>();
    for (const d of drafts(openssh)) {
      if (d.fields.event?.action !== 'ssh-login' || d.fields.event.outcome !== 'failure') continue;
      const address = d.fields.source?.ip ?? '?';
      perIp.set(address, (perIp.get(address) ?? 0) + (d.fields.event.count ?? 1));
    }
    assert.equal([...perIp.values()].reduce((a, b) => a + b, 0), 528);
    assert.equal(perIp.size, 23);
    const expected = { '183.62.140.253': 286, '187.141.143.180': 80, '103.99.0.122': 46, '112.95.230.3': 26, '5.188.10.180': 18, '185.190.58.151': 17 };
    for (const [address, count] of Object.entries(expected)) assert.equal(perIp.get(address), count, address);
  });

  it('OpenSSH_2k: the loghub v1 (CRLF) and v2 (LF) copies give identical drafts', (t) => {
    if (!existsSync(openssh) || !existsSync(opensshV2)) {
      t.skip('OpenSSH_2k.log copies absent');
      return;
    }
    assert.deepEqual(drafts(openssh), drafts(opensshV2));
  });

  it('Linux_2k: 489 sshd PAM authentication failures from 47 rhosts', (t) => {
    if (!existsSync(linux)) {
      t.skip('Linux_2k.log absent');
      return;
    }
    const perHost = new Map<string, number>();
    for (const d of drafts(linux)) {
      if (d.dataset !== 'sshd' || d.fields.event?.action !== 'pam-auth-failure') continue;
      const host = d.fields.source?.ip ?? d.fields.source?.domain ?? '?';
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
    }
    assert.equal([...perHost.values()].reduce((a, b) => a + b, 0), 489);
    assert.equal(perHost.size, 47);
    assert.equal([...perHost.values()].filter((n) => n >= 10).length, 27);
    assert.equal(perHost.get('?'), undefined);
  });
});

describe('syslog sniffing of untagged free text', () => {
  it('leaves time-prefixed lines without any program tag to the plain-text reader', () => {
    const lines = ['Apr 15 02:30:00 failed login from 198.51.100.16', 'Apr 15 08:45:00 successful login from 10.0.0.5'];
    assert.equal(syslogFormat.sniff({ fileName: 'x', lines, values: [] }), 0);
  });
});

describe('syslog: the remote peer of messages no decoder knows', () => {
  const parse = (line: string) => {
    const outcome = syslogFormat.createParser({ fileName: 'x' }).parse({ text: line, line: 1, offset: 0 });
    assert.equal(outcome.kind, 'events');
    return outcome.kind === 'events' ? outcome.drafts[0]!.fields : {};
  };

  it('takes `from IP (host)` of ftpd, klogind and snmpd lines', () => {
    const ftp = parse('Jun 17 07:07:00 combo ftpd[29504]: connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005');
    assert.deepEqual(ftp.source, { ip: '24.54.76.216', domain: '24-54-76-216.bflony.adelphia.net' });
    const krb = parse('Jun 19 04:08:57 combo klogind[26017]: Authentication failed from 163.27.187.39 (163.27.187.39): Permission denied in replay cache code');
    assert.equal(krb.source?.ip, '163.27.187.39');
    assert.equal(krb.source?.domain, undefined);
    assert.equal(krb.event?.outcome, 'failure');
    assert.equal(parse('Jun 20 09:01:02 combo snmpd[2318]: Received SNMP packet(s) from 67.170.148.126').source?.ip, '67.170.148.126');
    assert.equal(parse('Jul 10 01:02:03 combo ftpd[1]: ANONYMOUS FTP LOGIN FROM 84.102.20.2,  (anonymous)').source?.ip, '84.102.20.2');
  });

  it('takes `from IP port N` of sshd lines without a specific rule', () => {
    const fields = parse('Oct 10 01:48:14 username sshd[386400]: Magic value check failed (4289475479) on obfuscated handshake from 94.232.46.213 port 62730');
    assert.deepEqual(fields.source, { ip: '94.232.46.213', port: 62730 });
  });
});

describe('syslog: netfilter lines without a kernel tag', () => {
  it('reads SRC/DST/PROTO/SPT/DPT after an appliance rule name', () => {
    const outcome = syslogFormat.createParser({ fileName: 'x' }).parse({
      text: 'Jun 13 23:29:15 UDMP-DTC [WAN_LOCAL-D-2147483647] DESCR="no rule description" IN=eth8 OUT= MAC=aa:bb:cc:dd:ee:ff:11:22:33:44:55:66:08:00 SRC=192.168.1.1 DST=192.168.1.25 LEN=60 TOS=00 PREC=0x00 TTL=64 ID=0 DF PROTO=UDP SPT=38451 DPT=54329 LEN=40',
      line: 1, offset: 0,
    });
    assert.equal(outcome.kind, 'events');
    const fields = outcome.kind === 'events' ? outcome.drafts[0]!.fields : {};
    assert.equal(fields.source?.ip, '192.168.1.1');
    assert.equal(fields.source?.port, 38451);
    assert.equal(fields.destination?.ip, '192.168.1.25');
    assert.equal(fields.destination?.port, 54329);
    assert.equal(fields.rule?.name, 'WAN_LOCAL-D-2147483647');
    assert.equal(fields.network?.transport, 'udp');
    assert.equal(fields.host?.name, 'UDMP-DTC');
  });
});

void describe('syslog: keys and values named like Object.prototype members', () => {
  void it('reads them as plain text in every keyed position (netfilter, PAM, useradd, sudo, RFC 5424, tag)', async () => {
    for (const w of HOSTILE_WORDS) {
      const lines = [
        `Jan 15 10:00:00 fw kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.5 DST=10.0.0.1 LEN=60 PROTO=${w} SPT=1 DPT=22 ${w}=1`,
        `Jan 15 10:00:01 h sshd[1]: pam_unix(sshd:auth): authentication failure; ${w}=x logname= tty=${w} ruser= rhost=203.0.113.6 user=root`,
        `Jan 15 10:00:02 h useradd[2]: new user: name=${w}, UID=1001, ${w}=1, home=/home/x, shell=${w}, from=/dev/pts/0`,
        `Jan 15 10:00:03 h sudo: alice : TTY=${w} ; PWD=/tmp ; USER=${w} ; COMMAND=/bin/${w}`,
        `<34>1 2024-01-15T10:00:04Z h ${w} 1 - [${w} ${w}="v"] message`,
        `Jan 15 10:00:05 ${w} ${w}[3]: ${w}`,
      ];
      const [netfilter, pam, useradd, sudo, rfc5424, tagged] = await hostileEvents('syslog', lines.join('\n'), lines.length);
      assert.equal(netfilter?.network?.transport, w.toLowerCase());
      assert.equal(netfilter?.destination?.port, 22);
      assert.equal(pam?.user?.name, 'root');
      assert.equal(pam?.source?.ip, '203.0.113.6');
      assertOwnField(pam?.labels, 'pam.tty', w);
      assert.equal(useradd?.user?.target?.name, w);
      assertOwnField(useradd?.labels, 'iam.shell', w);
      assert.equal(sudo?.user?.target?.name, w);
      assertOwnField(sudo?.labels, 'sudo.tty', w);
      assertOwnField(rfc5424?.labels, `${w}.${w}`, 'v');
      assert.equal(rfc5424?.process?.name, w);
      assert.equal(tagged?.host?.name, w);
      assert.equal(tagged?.message, w);
    }
  });
});

describe('web servers logging to syslog', () => {
  it('reads an nginx or Apache access line inside a syslog message as a web access event', () => {
    const d = must('Sep 15 16:13:46 web-01 nginx[2869]: 81.150.104.130 - - [15/Sep/2021:16:13:46 +0000] "POST /wp-login.php HTTP/1.1" 401 53 "-" "curl/8.0"');
    assert.equal(d.dataset, 'web.access');
    assert.equal(d.fields.source?.ip, '81.150.104.130');
    assert.equal(d.fields.url?.path, '/wp-login.php');
    assert.equal(d.fields.http?.request?.method, 'POST');
    assert.equal(d.fields.http?.response?.status_code, 401);
    assert.equal(d.fields.event?.outcome, 'failure');
    assert.equal(d.fields.user_agent?.original, 'curl/8.0');
    const apache = must('Sep 15 16:13:47 web-01 httpd[77]: 2001:db8::5 - bob [15/Sep/2021:16:13:47 +0000] "GET /.env HTTP/1.1" 404 0');
    assert.equal(apache.dataset, 'web.access');
    assert.equal(apache.fields.source?.ip, '2001:db8::5');
  });

  it("reads their error lines as the error log format does, and keeps their other messages as plain syslog", () => {
    const d = must('Sep 15 16:13:48 web-01 nginx[2869]: 2021/09/15 16:13:48 [error] 2869#2869: *1 open() "/x" failed (2: No such file or directory), client: 192.0.2.9, server: web-01, request: "GET /x HTTP/1.1", host: "web-01"');
    assert.deepEqual([d.dataset, d.fields.source?.ip, d.fields.url?.path, d.fields.message], ['nginx.error', '192.0.2.9', '/x', 'open() "/x" failed (2: No such file or directory)']);
    const other = must('Sep 15 16:13:49 web-01 nginx[2869]: signal process started');
    assert.equal(other.dataset, 'syslog');
  });
});
