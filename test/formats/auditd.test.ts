import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Draft, FormatParser, ParseOutcome, Sample } from '../../src/ingest/format.ts';
import { auditdFormat } from '../../src/ingest/formats/auditd.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

const SYSCALL = 'type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=2 ppid=2686 pid=3538 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=1 comm="cat" exe="/usr/bin/cat" key="sshd_config"';
const EXECVE = 'type=EXECVE msg=audit(1364481363.243:24287): argc=3 a0="cat" a1="-n" a2=2F6574632F737368202F636F6E666967';
const PROCTITLE = 'type=PROCTITLE msg=audit(1364481363.243:24287): proctitle=636174002D6E';
const NEXT = "type=USER_AUTH msg=audit(1364481364.000:24288): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=203.0.113.9 addr=203.0.113.9 terminal=ssh res=failed'";

function feed(lines: string[]): { outcomes: ParseOutcome[]; parser: FormatParser } {
  const parser = auditdFormat.createParser({ fileName: 'x' });
  let offset = 0;
  const outcomes = lines.map((text, i) => {
    const outcome = parser.parse({ text, line: i + 1, offset });
    offset += text.length + 1;
    return outcome;
  });
  return { outcomes, parser };
}

function all(lines: string[]): Draft[] {
  const { outcomes, parser } = feed(lines);
  return [...outcomes.flatMap((o) => (o.kind === 'events' ? o.drafts : [])), ...(parser.flush?.() ?? [])];
}

function one(lines: string[]): Draft {
  const drafts = all(lines);
  assert.equal(drafts.length, 1);
  const [d] = drafts;
  assert.ok(d !== undefined);
  return d;
}

function sample(lines: string[]): Sample {
  return { fileName: 'x', lines, values: [] };
}

void describe('auditd joining', () => {
  void it('holds records of one serial and emits them joined when the serial changes', () => {
    const { outcomes, parser } = feed([SYSCALL, EXECVE, PROCTITLE, NEXT]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['pending', 'pending', 'pending', 'events']);
    const joined = outcomes[3]?.kind === 'events' ? outcomes[3].drafts[0] : undefined;
    assert.ok(joined !== undefined);
    assert.equal(joined.line, 1);
    assert.equal(joined.offset, 0);
    assert.equal(joined.original, [SYSCALL, EXECVE, PROCTITLE].join('\n'));
    assert.equal(joined.time, '1364481363.243');
    assert.equal(joined.fields.event?.action, 'execve');
    assert.deepEqual(joined.fields.event?.category, ['process']);
    assert.equal(joined.fields.process?.command_line, 'cat -n /etc/ssh /config');
    assert.equal(joined.fields.labels?.serial, '24287');
    assert.equal(joined.fields.labels?.key, 'sshd_config');
    const rest = parser.flush?.() ?? [];
    assert.equal(rest.length, 1);
    assert.equal(rest[0]?.fields.event?.action, 'user-auth');
    assert.equal(rest[0]?.line, 4);
    assert.deepEqual(parser.flush?.(), []);
  });

  void it('emits at EOE without waiting for the next serial', () => {
    const { outcomes } = feed([SYSCALL, 'type=EOE msg=audit(1364481363.243:24287): ']);
    assert.deepEqual(outcomes.map((o) => o.kind), ['pending', 'events']);
  });

  void it('falls back to the decoded PROCTITLE (NULs as spaces) without EXECVE', () => {
    const d = one([SYSCALL, PROCTITLE]);
    assert.equal(d.fields.process?.command_line, 'cat -n');
    assert.equal(d.fields.event?.action, 'execve');
  });

  void it('joins chunked EXECVE arguments', () => {
    const d = one([SYSCALL, 'type=EXECVE msg=audit(1364481363.243:24287): argc=2 a0="sh" a1_len=10 a1[0]="echo " a1[1]=68656C6C6F']);
    assert.equal(d.fields.process?.command_line, 'sh echo hello');
  });
});

void describe('auditd fields', () => {
  void it('maps a SYSCALL', () => {
    const d = one([SYSCALL]);
    assert.equal(d.dataset, 'auditd');
    assert.deepEqual(d.fields.process, { pid: 3538, parent: { pid: 2686 }, executable: '/usr/bin/cat', name: 'cat' });
    assert.equal(d.fields.user?.id, '1000');
    assert.equal(d.fields.event?.outcome, 'success');
    assert.equal(d.fields.labels?.syscall, '59');
    assert.equal(d.fields.labels?.auid, '1000');
  });

  void it('maps USER_AUTH with the nested msg and a failed result', () => {
    const d = one([NEXT]);
    assert.deepEqual(d.fields.event, { category: ['authentication'], type: ['info'], action: 'user-auth', outcome: 'failure', module: 'auditd' });
    assert.equal(d.fields.user?.name, 'root');
    assert.equal(d.fields.user?.id, undefined);
    assert.equal(d.fields.source?.ip, '203.0.113.9');
    assert.equal(d.fields.labels?.op, 'PAM:authentication');
  });

  void it('decodes USER_CMD cmd= hex and maps ADD_USER / ADD_GROUP as iam', () => {
    const cmd = one(["type=USER_CMD msg=audit(1364481365.000:1): pid=2 uid=1000 auid=1000 ses=1 msg='cwd=\"/root\" cmd=6C73202D6C61 exe=\"/usr/bin/sudo\" terminal=pts/0 res=success'"]);
    assert.equal(cmd.fields.process?.command_line, 'ls -la');
    assert.equal(cmd.fields.process?.working_directory, '/root');
    assert.equal(cmd.fields.event?.action, 'user-cmd');
    const add = one(["type=ADD_USER msg=audit(1364481366.000:2): pid=3 uid=0 auid=1000 ses=1 msg='op=add-user acct=\"eve\" exe=\"/usr/sbin/useradd\" hostname=? addr=? terminal=pts/0 res=success'"]);
    assert.deepEqual(add.fields.event?.type, ['user', 'creation']);
    assert.deepEqual(add.fields.event?.category, ['iam']);
    assert.equal(add.fields.user?.target?.name, 'eve');
    assert.equal(add.fields.user?.id, '1000');
    assert.equal(add.fields.source, undefined);
    const group = one(["type=ADD_GROUP msg=audit(1364481366.000:3): pid=3 uid=0 auid=1000 ses=1 msg='op=add-group grp=\"ops\" exe=\"/usr/sbin/groupadd\" res=success'"]);
    assert.equal(group.fields.event?.action, 'add-group');
    assert.equal(group.fields.user?.group?.name, 'ops');
  });

  void it('reads node= and syslog-relayed lines (node → host.name)', () => {
    const node = one(['node=web01 ' + NEXT]);
    assert.equal(node.fields.host?.name, 'web01');
    const relayed = one(['Mar 28 14:36:04 web02 audispd: node=web02.example.com ' + NEXT]);
    assert.equal(relayed.fields.host?.name, 'web02.example.com');
    assert.equal(relayed.time, '1364481364.000');
    const bare = one(['Mar 28 14:36:04 web03 auditd[99]: ' + NEXT]);
    assert.equal(bare.fields.host?.name, 'web03');
  });

  void it('reads enriched fields after \\x1d, and ones glued without it', () => {
    const enriched = one([SYSCALL + '\x1dARCH=x86_64 SYSCALL=execve AUID="alice" UID="alice" EUID="root"']);
    assert.equal(enriched.fields.user?.name, 'alice');
    assert.equal(enriched.fields.user?.effective?.name, 'root');
    assert.equal(enriched.fields.labels?.key, 'sshd_config');
    const glued = one(['type=ANOM_ABEND msg=audit(1364481367.000:4): auid=1000 uid=1000 ses=1 pid=7 comm="su" exe="/usr/bin/su" sig=11 res=1AUID="bob" UID="bob"']);
    assert.equal(glued.fields.user?.name, 'bob');
    assert.equal(glued.fields.labels?.sig, '11');
    assert.equal(glued.fields.event?.outcome, undefined);
  });

  void it('converts ausearch -i times to ISO text', () => {
    const d = one(['type=USER_LOGIN msg=audit(03/28/2013 14:36:03.243:24290) : pid=1 uid=root auid=alice msg=\'op=login acct="alice" exe="/usr/sbin/sshd" res=success\'']);
    assert.equal(d.time, '2013-03-28T14:36:03.243');
    assert.equal(d.fields.event?.outcome, 'success');
    assert.equal(d.fields.user?.name, 'alice');
    assert.equal(d.fields.user?.id, undefined);
  });

  void it('rejects malformed lines and treats ausearch separators as META', () => {
    const { outcomes } = feed(['hello world', 'type=SYSCALL msg=audit(abc:1): x=1', 'type=SYSCALL arch=x', '----', 'time->Thu Mar 28 14:36:03 2013']);
    assert.deepEqual(outcomes.map((o) => o.kind), ['error', 'error', 'error', 'meta', 'meta']);
  });

  void it('never throws on random input', () => {
    const parser = auditdFormat.createParser({ fileName: 'x' });
    const junk = ["type=X msg=audit(1364481363.243:1): msg='", 'type=X msg=audit(1364481363.243:1): a0=ZZ key= ="', 'type=EXECVE msg=audit(1364481363.243:1): a99999999999[99999999]=41', 'type=EXECVE msg=audit(1364481363.243:2): a1[999999]=41 a2=1'];
    for (const text of junk) assert.doesNotThrow(() => parser.parse({ text, line: 1, offset: 0 }));
    for (let i = 0; i < 300; i++) {
      const body = Array.from({ length: 60 }, () => String.fromCharCode(Math.floor(Math.random() * 128))).join('');
      assert.doesNotThrow(() => parser.parse({ text: `type=SYSCALL msg=audit(1364481363.243:${i}): ${body}`, line: i, offset: 0 }));
    }
    assert.doesNotThrow(() => parser.flush?.());
  });

  void it('reads an arch value that names an Object.prototype member as an unknown arch', () => {
    const parser = auditdFormat.createParser({ fileName: 'x' });
    for (const arch of ['constructor', '__proto__', 'toString']) {
      const text = SYSCALL.replace('arch=c000003e', `arch=${arch}`).replace('syscall=59', 'syscall=11');
      assert.doesNotThrow(() => parser.parse({ text, line: 1, offset: 0 }));
    }
    assert.doesNotThrow(() => parser.flush?.());
  });
});

void describe('auditd: keys and values named like Object.prototype members', () => {
  void it('reads them as field names and values, in the record body and in the nested msg', async () => {
    for (const w of HOSTILE_WORDS) {
      const lines = [
        `node=${w} type=SYSCALL msg=audit(1364481363.243:1): arch=${w} syscall=${w} success=${w} ${w}=v pid=5 auid=1000 uid=${w} comm="${w}" exe="/usr/bin/${w}" key="${w}"`,
        `type=USER_AUTH msg=audit(1364481364.000:2): pid=1 uid=0 auid=4294967295 ses=1 msg='op=${w} acct="${w}" exe="/usr/sbin/sshd" hostname=${w} addr=203.0.113.9 terminal=${w} ${w}=x res=failed'`,
      ];
      const [syscall, auth] = await hostileEvents('auditd', lines.join('\n'), 2);
      assert.equal(syscall?.host?.name, w);
      assert.equal(syscall?.process?.name, w);
      assert.equal(syscall?.event.outcome, undefined);
      assertOwnField(syscall?.labels, 'arch', w);
      assertOwnField(syscall?.labels, 'syscall', w);
      assertOwnField(syscall?.labels, 'key', w);
      assert.equal(auth?.user?.name, w);
      assert.equal(auth?.source?.ip, '203.0.113.9');
      assert.equal(auth?.event.outcome, 'failure');
      assert.deepEqual(auth?.event.category, ['authentication']);
      assertOwnField(auth?.labels, 'op', w);
      assertOwnField(auth?.labels, 'terminal', w);
    }
  });
});

void describe('auditd sniff', () => {
  void it('claims audit records and nothing else', () => {
    assert.equal(auditdFormat.sniff(sample([SYSCALL, EXECVE, PROCTITLE])), 1);
    assert.equal(auditdFormat.sniff(sample(['Mar 28 14:36:04 web02 sshd[1]: Accepted password for root'])), 0);
  });
});
