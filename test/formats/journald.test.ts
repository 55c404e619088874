import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { journalTime } from '../../src/ingest/formats/journald.ts';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { eventOf, eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';
import { tempDirs } from '../helpers/temp.ts';

/** The systemd journal exported by `journalctl -o json`: entries read as the syslog lines they stand for. */

const dirs = tempDirs('journald');
const BOOT = '5d1e0c9a2f4b4c4e8e2a1b3c4d5e6f70';
const MACHINE = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
/** 2026-11-23T10:00:00.123456Z */
const T0 = 1795428000123456;

function entry(offsetSeconds: number, program: string, message: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const us = T0 + offsetSeconds * 1_000_000;
  return {
    __CURSOR: `s=8f3c0d2e4a6b48c1a0e1f2a3b4c5d6e7;i=${(0x1a2b + offsetSeconds).toString(16)};b=${BOOT};m=1f2e3d;t=${us.toString(16)};x=9c8b7a6f5e4d3c2b`,
    __REALTIME_TIMESTAMP: String(us),
    __MONOTONIC_TIMESTAMP: String(523001234 + offsetSeconds * 1_000_000),
    _BOOT_ID: BOOT,
    _MACHINE_ID: MACHINE,
    _HOSTNAME: 'bastion',
    _TRANSPORT: 'syslog',
    PRIORITY: '6',
    SYSLOG_FACILITY: '4',
    SYSLOG_IDENTIFIER: program,
    _PID: '4242',
    SYSLOG_PID: '4242',
    _COMM: program,
    _EXE: `/usr/sbin/${program}`,
    _CMDLINE: `${program}: root [priv]`,
    _SYSTEMD_UNIT: 'ssh.service',
    MESSAGE: message,
    ...extra,
  };
}

const jsonLines = (entries: readonly Record<string, unknown>[]) => entries.map((e) => JSON.stringify(e)).join('\n') + '\n';

void describe('systemd journal export (journalctl -o json)', () => {
  void it("reads an sshd entry as sshd's syslog line, with the journal's own time, host and process", async () => {
    const e = await eventOf('journal.json', jsonLines([entry(0, 'sshd', 'Failed password for invalid user admin from 203.0.113.7 port 51234 ssh2', { _SOURCE_REALTIME_TIMESTAMP: String(T0 - 3_600_000_000) })]));
    assert.deepEqual(
      [e.vigil.format, e.event.dataset, e.event.action, e.event.outcome, e.user?.name, e.source?.ip, e.source?.port, e.host?.name, e.process?.name, e.process?.pid, e['@timestamp'], e.vigil.time.source],
      ['journald', 'sshd', 'ssh-login', 'failure', 'admin', '203.0.113.7', 51234, 'bastion', 'sshd', 4242, '2026-11-23T10:00:00.123Z', 'record'],
    );
    assert.deepEqual([e.labels?._SYSTEMD_UNIT, e.labels?._CMDLINE, e.labels?.['syslog.facility'], e.labels?.['syslog.severity'], e.labels?._SOURCE_REALTIME_TIMESTAMP], ['ssh.service', 'sshd: root [priv]', 'auth', 'info', String(T0 - 3_600_000_000)]);
    assert.equal(e.process?.command_line, undefined, "_CMDLINE is the logging daemon's, not a command the message tells of");
    assert.deepEqual(e.vigil.indicators.map((i) => i.value), ['203.0.113.7'], 'boot, machine and cursor ids are not MD5 indicators');
    assert.equal(selected(e, { product: 'linux', service: 'sshd' }), true);
    assert.equal(selected(e, { product: 'linux', service: 'auth' }), true);
    assert.equal(read(e, { product: 'linux', service: 'sshd' }, 'event.action'), 'ssh-login');
  });

  void it("reads the kernel's firewall lines, sudo's commands and JSON that a service wrote to stdout", async () => {
    const events = await eventsOf('journal.json', jsonLines([
      entry(1, 'kernel', '[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=192.0.2.99 DST=10.0.0.5 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 DF PROTO=TCP SPT=40000 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0', { _TRANSPORT: 'kernel', SYSLOG_FACILITY: '0', PRIORITY: '4' }),
      entry(2, 'sudo', 'deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/id', { SYSLOG_FACILITY: '10' }),
      entry(3, 'api', '{"level":"warn","msg":"login failed","user":"mallory","ip":"203.0.113.50"}', { _TRANSPORT: 'stdout' }),
    ]));
    assert.deepEqual(events.map((e) => [e.event.dataset, e.event.action, e.source?.ip ?? e.user?.name]), [
      ['ufw', 'firewall-drop', '192.0.2.99'],
      ['sudo', 'sudo-command', 'deploy'],
      ['syslog', 'login', '203.0.113.50'],
    ]);
    assert.equal(selected(events[0]!, { category: 'firewall' }), true);
    assert.equal(selected(events[1]!, { product: 'linux', category: 'process_creation' }), true);
    assert.equal(read(events[1]!, { product: 'linux', category: 'process_creation' }, 'Image'), '/usr/bin/id');
  });

  void it('decodes byte arrays, takes the first value of a repeated field, and names the fields journalctl left out', async () => {
    const bytes = [...Buffer.from('Failed password for '), 0xff, ...Buffer.from('root from 192.0.2.7 port 22 ssh2')];
    const events = await eventsOf('journal.json', jsonLines([
      entry(0, 'sshd', bytes),
      entry(1, 'sshd', 'Invalid user guest from 192.0.2.8 port 41000', { _SYSTEMD_UNIT: ['ssh.service', 'ssh@1.service'] }),
      entry(2, 'backup', null, { _TRANSPORT: 'stdout' }),
    ]));
    assert.deepEqual([events[0]?.event.action, events[0]?.user?.name, events[0]?.source?.ip], ['ssh-login', '\ufffdroot', '192.0.2.7']);
    assert.deepEqual([events[1]?.event.action, events[1]?.labels?._SYSTEMD_UNIT], ['ssh-invalid-user', 'ssh.service']);
    assert.deepEqual([events[2]?.message, events[2]?.labels?.['journal.omitted']], ['', 'MESSAGE']);
  });

  void it('reads json-pretty output (concatenated pretty objects) alike', async () => {
    const text = [entry(0, 'sshd', 'Accepted publickey for deploy from 198.51.100.20 port 40022 ssh2'), entry(1, 'sshd', 'Failed password for root from 198.51.100.21 port 22 ssh2')]
      .map((e) => JSON.stringify(e, null, '\t'))
      .join('\n');
    const events = await eventsOf('journal-pretty.json', `${text}\n`);
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.outcome, e.source?.ip]), [['journald', 'success', '198.51.100.20'], ['journald', 'failure', '198.51.100.21']]);
  });

  void it('keeps microseconds and refuses impossible times', () => {
    assert.equal(journalTime(String(T0)), '2026-11-23T10:00:00.123456Z');
    assert.equal(journalTime('0'), '1970-01-01T00:00:00.000000Z');
    assert.equal(journalTime('99999999999999999'), undefined);
    assert.equal(journalTime('1e15'), undefined);
    assert.equal(journalTime(undefined), undefined);
  });

  void it('raises the SSH brute force, then its success, from a journal export', async () => {
    const dir = dirs.fresh();
    const failures = Array.from({ length: 12 }, (_, i) => entry(i * 5, 'sshd', `Failed password for root from 203.0.113.66 port ${String(40000 + i)} ssh2`));
    writeFileSync(join(dir, 'journal.json'), jsonLines([...failures, entry(70, 'sshd', 'Accepted password for root from 203.0.113.66 port 40100 ssh2')]));
    const store = openStore(join(dir, 'v.db'));
    try {
      const run = await ingest(store, [join(dir, 'journal.json')], { tz: 'UTC', actor: 'test' });
      assert.deepEqual([run.totals.inserted, run.files[0]?.format], [13, 'journald']);
      const incidents = analyzeStore(store, { actor: 'test' }).incidents;
      assert.ok(incidents.some((i) => i.entities.source_ip.includes('203.0.113.66') && i.entities.host.includes('bastion')), 'an incident names the attacking address and the host');
      assert.match(incidents.map((i) => i.title).join(' | '), /brute force followed by a successful login/i);
    } finally {
      store.close();
    }
  });

  void it("reads the kernel's audit records it carries as auditd does: an event's records joined by serial", async () => {
    const audit = (serial: number, offsetMs: number, message: string) => ({
      __REALTIME_TIMESTAMP: String(T0 + offsetMs * 1000 + 900),
      _TRANSPORT: 'audit',
      _HOSTNAME: 'bastion',
      SYSLOG_FACILITY: '32',
      SYSLOG_IDENTIFIER: 'audit',
      _AUDIT_TYPE: '1300',
      _AUDIT_ID: String(serial),
      _SOURCE_REALTIME_TIMESTAMP: String(T0 + offsetMs * 1000),
      MESSAGE: message,
    });
    const events = await eventsOf('journal.json', jsonLines([
      audit(4521, 0, 'USER_LOGIN pid=4242 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.7 terminal=ssh res=failed\''),
      audit(4522, 5, 'SYSCALL arch=c000003e syscall=59 success=yes exit=0 a0=55d5 a1=55d6 a2=55d7 a3=0 items=2 ppid=900 pid=4400 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="curl" exe="/usr/bin/curl" key="exec"'),
      audit(4522, 5, 'EXECVE argc=3 a0="curl" a1="-o" a2="/tmp/x.sh"'),
      entry(1, 'sshd', 'Failed password for root from 203.0.113.7 port 51234 ssh2'),
      audit(4522, 5, 'PATH item=0 name="/usr/bin/curl" inode=1 dev=fd:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL'),
      audit(4522, 5, 'PROCTITLE proctitle=6375726C002D6F002F746D702F782E7368'),
    ]));
    const login = events.find((e) => e.event.action === 'user-login');
    const exec = events.find((e) => e.event.action === 'execve');
    assert.deepEqual([login?.vigil.format, login?.event.dataset, login?.event.outcome, login?.source?.ip, login?.user?.name, login?.host?.name, login?.['@timestamp']], ['journald', 'auditd', 'failure', '203.0.113.7', 'root', 'bastion', '2026-11-23T10:00:00.123Z']);
    assert.ok(exec !== undefined);
    assert.deepEqual([exec.process?.executable, exec.labels?.records, exec.event.original.split('\n').length], ['/usr/bin/curl', 'SYSCALL,EXECVE,PATH,PROCTITLE', 4]);
    assert.equal(selected(exec, { product: 'linux', service: 'auditd' }), true);
    assert.equal(selected(exec, { product: 'linux', category: 'process_creation' }), true);
    assert.deepEqual(read(exec, { product: 'linux', service: 'auditd' }, 'type'), ['SYSCALL', 'EXECVE', 'PATH', 'PROCTITLE'], "Sigma's auditd rules read the records");
    assert.deepEqual(read(exec, { product: 'linux', service: 'auditd' }, 'a2'), ['/tmp/x.sh', '55d7'], 'EXECVE\'s and SYSCALL\'s a2, as in audit.log');
    assert.equal(selected(exec, { product: 'linux', service: 'syslog' }), false, "an audit record is auditd's, not a syslog line");
    assert.equal(events.filter((e) => e.event.dataset === 'sshd').length, 1, 'the syslog entry among them is read as before');
    assert.equal(events.length, 3);
  });

  void it('survives hostile entries: prototype-named fields, markup, odd values', async () => {
    const text = jsonLines([
      { ...entry(0, 'sshd', 'Invalid user <script>alert(1)</script> from 192.0.2.66 port 41000'), ['__proto__']: { polluted: 'yes' }, constructor: 'x', toString: ['a', 'b'] },
      entry(1, '__proto__', { nested: 'object' }, { __REALTIME_TIMESTAMP: '99999999999999999', _PID: '-1', SYSLOG_PID: 'x' }),
      entry(2, 'sshd', [256, -1, 'x'], { PRIORITY: '99', SYSLOG_FACILITY: 'hostile' }),
    ]);
    const events = await hostileEvents('journald', text, 3);
    assert.equal(events[0]?.user?.name, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assert.equal(events[0]?.labels?.constructor, 'x');
    assert.equal(events[1]?.['@timestamp'], undefined);
    assert.equal(events[1]?.process?.pid, undefined);
    assert.equal(events[2]?.message, 'x');
  });
});
