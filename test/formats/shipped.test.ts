import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { eventsOf, line, read, selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice, packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Shipped logs: each line a shipper carried read by the format of its log, with the shipper's time, host and fields. */

const dirs = tempDirs('shipped');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };
const filebeat = (message: string, path: string, time: string, host = 'bastion') =>
  line({ '@timestamp': time, log: { file: { path }, offset: 0 }, message, input: { type: 'filestream' }, host: { name: host }, agent: { type: 'filebeat', version: '8.11.0' } });
const hit = (index: string, id: string, source: unknown) => line({ _index: index, _id: id, _score: 1, _source: source });

void describe('shipped logs', () => {
  void it('reads what Filebeat, Logstash, Vector and Loki carried, and Elasticsearch hits, with the formats of their logs', async () => {
    const { events, errors, formats } = await collectEvents([join(FIXTURES, 'shipped-json', 'input.jsonl')], OPTIONS);
    assert.deepEqual(formats, ['shipped-json']);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.dataset, e.event.action ?? null, e.user?.name ?? null, e.source?.ip ?? null, e.host?.name ?? null, e['@timestamp']]),
      [
        ['syslog', 'sshd', 'ssh-login', 'root', '203.0.113.66', 'bastion', '2024-11-23T10:00:01.000Z'],
        ['web-access', 'web.access', 'http-request', null, '198.51.100.7', 'web01', '2024-11-23T10:00:02.000Z'],
        ['windows-json', 'windows.security', 'logon-failed', 'administrator', '203.0.113.66', 'DC01.corp.local', '2024-11-23T10:00:03.000Z'],
        ['syslog', 'sshd', 'ssh-login', 'root', '203.0.113.66', 'bastion', '2024-11-23T10:00:04.000Z'],
        ['suricata-eve', 'suricata.alert', 'ids-alert', null, '203.0.113.66', 'sensor01', '2024-11-23T10:00:05.123Z'],
        ['syslog', 'sudo', 'sudo-command', 'alice', null, 'bastion', '2024-11-23T10:00:06.000Z'],
        ['shipped-json', 'json', 'login', null, '10.1.2.3', null, '2024-11-23T10:00:07.000Z'],
        ['generic-json', 'json', null, 'carol', '192.0.2.44', null, '2024-11-23T10:00:08.000Z'],
        // GELF (the program's tag put back from its fields; Docker's container line), Graylog's own document in a
        // hit (its UTC time without a zone), a Fluent Bit record of a Kubernetes container.
        ['syslog', 'sshd', 'ssh-login', 'root', '203.0.113.66', 'bastion', '2024-11-23T10:00:09.250Z'],
        ['web-access', 'web.access', 'http-request', null, '198.51.100.7', 'docker01', '2024-11-23T10:00:10.000Z'],
        ['syslog', 'sshd', 'ssh-login', 'root', '203.0.113.66', 'bastion', '2024-11-23T10:00:11.000Z'],
        ['syslog', 'sudo', 'sudo-command', 'alice', null, 'node-1', '2024-11-23T10:00:12.500Z'],
      ],
    );
    assert.equal(events[8]?.event.original, 'sshd[411]: Failed password for root from 203.0.113.66 port 50140 ssh2');
    assert.equal(events[8]?.process?.pid, 411);
    assert.equal(events[11]?.labels?.['kubernetes.pod_name'], 'jump-7d9');
    // The line as its log wrote it is the original; the shipper's fields are labels, but the line, its time and host.
    assert.ok(events[0]?.event.original?.startsWith('Nov 23 10:00:01 bastion sshd[411]: Failed password'));
    assert.deepEqual(events[0]?.labels, { 'ssh.method': 'password', 'log.file.path': '/var/log/auth.log', 'log.offset': '0', 'input.type': 'filestream', 'agent.type': 'filebeat', 'agent.version': '8.11.0', 'ecs.version': '8.0.0' });
    // The hit's document was read by the Windows reader: Sigma reads its fields; the hit's index and id are labels.
    assert.equal(read(events[2]!, { product: 'windows', service: 'security' }, 'SubStatus'), '0xc000006a');
    assert.equal(events[2]?.labels?._index, '.ds-logs-system.security-default-2024.11.23-000001');
    assert.equal(selected(events[1]!, { category: 'webserver' }), true);
    // What no format reads keeps its whole document (a Loki line and its labels through the alias table).
    assert.equal(events[6]?.message, 'user bob failed to log in from 10.1.2.3');
    assert.deepEqual(events[6]?.labels, { job: 'payments', level: 'warn' });
  });

  void it("gives a syslog line the shipper's year and zone, keeps a line's own zoned time, and reads Loki's offsets", async () => {
    const events = await eventsOf('shipped.json', [
      filebeat('Dec 31 23:59:59 bastion sshd[1]: Failed password for root from 203.0.113.9 port 4000 ssh2', '/var/log/auth.log', '2020-01-01T04:59:59.000Z'),
      filebeat('198.51.100.7 - - [23/Nov/2024:10:00:02 +0100] "GET / HTTP/1.1" 200 1 "-" "curl/8"', '/var/log/nginx/access.log', '2024-11-23T09:00:03.999Z'),
      line({ labels: { filename: '/var/log/auth.log' }, line: 'Nov 23 11:00:06 bastion su[7]: FAILED SU (to root) alice on pts/0', timestamp: '2024-11-23T11:00:06.25+01:00' }),
    ].join(''));
    assert.deepEqual(events.map((e) => [e.vigil.format, e['@timestamp']]), [
      ['syslog', '2020-01-01T04:59:59.000Z'],
      ['web-access', '2024-11-23T09:00:02.000Z'],
      ['syslog', '2024-11-23T10:00:06.250Z'],
    ]);
  });

  void it('reads each file a shipper read with the format of its own log, and a document of no shipper as generic JSON', async () => {
    const events = await eventsOf('mixed.jsonl', [
      filebeat('Nov 23 10:00:01 web01 sshd[9]: Invalid user oracle from 203.0.113.7 port 4242', '/var/log/syslog', '2024-11-23T10:00:01Z', 'web01'),
      filebeat('203.0.113.7 - - [23/Nov/2024:10:00:02 +0000] "GET /wp-login.php HTTP/1.1" 404 10 "-" "curl/8"', '/var/log/syslog', '2024-11-23T10:00:02Z', 'web01'),
      line({ level: 'info', message: 'cache warmed', time: '2024-11-23T10:00:03Z' }),
    ].join(''));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.action ?? null]), [['syslog', 'ssh-invalid-user'], ['web-access', 'http-request'], ['generic-json', null]]);
  });

  void it('raises incidents from shipped logs as from the logs themselves, and re-ingesting adds nothing', async () => {
    const dir = dirs.fresh();
    const lines: string[] = [];
    for (let i = 0; i < 12; i++) {
      const second = String(i).padStart(2, '0');
      lines.push(filebeat(`Nov 23 10:00:${second} bastion sshd[411]: Failed password for root from 203.0.113.66 port ${String(50000 + i)} ssh2`, '/var/log/auth.log', `2024-11-23T10:00:${second}.000Z`));
    }
    lines.push(filebeat('Nov 23 10:00:30 bastion sshd[411]: Accepted password for root from 203.0.113.66 port 50100 ssh2', '/var/log/auth.log', '2024-11-23T10:00:30.000Z'));
    lines.push(hit('winlogbeat-8.11.0', 'a1', {
      '@timestamp': '2024-11-23T10:05:00.000Z', agent: { type: 'winlogbeat' }, host: { name: 'dc01' },
      winlog: { channel: 'Security', event_id: 1102, computer_name: 'dc01.corp.local', provider_name: 'Microsoft-Windows-Eventlog', user_data: { SubjectUserName: 'mallory', SubjectDomainName: 'CORP' } },
      message: 'The audit log was cleared.',
    }));
    const file = join(dir, 'export.ndjson');
    writeFileSync(file, lines.join(''));
    assert.deepEqual(await ingestTwice(dirs.fresh(), [file]), [14, 0], 're-ingesting adds nothing');
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.some((t) => t.startsWith('Brute force followed by a successful login')), titles.join(' | '));
    assert.ok(titles.some((t) => t.startsWith('Windows event log cleared')), titles.join(' | '));
  });

  void it('reads a search response saved whole (curl, Dev Tools), pretty or on one line, paging ids and counts left out', async () => {
    const response = {
      took: 12, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
      hits: {
        total: { value: 2, relation: 'eq' }, max_score: 1,
        hits: [
          { _index: 'filebeat-8.11.0', _id: 'a', _score: 1, _source: JSON.parse(filebeat('Nov 23 10:00:01 bastion sshd[411]: Failed password for root from 203.0.113.66 port 50122 ssh2', '/var/log/auth.log', '2024-11-23T10:00:01Z')) as unknown },
          { _index: 'filebeat-8.11.0', _id: 'b', _score: 1, _source: JSON.parse(filebeat('Nov 23 10:00:04 bastion sshd[412]: Accepted password for root from 203.0.113.66 port 50130 ssh2', '/var/log/auth.log', '2024-11-23T10:00:04Z')) as unknown },
        ],
      },
    };
    for (const text of [`${JSON.stringify(response, null, 2)}\n`, `${JSON.stringify(response)}\n`]) {
      const dir = dirs.fresh();
      const file = join(dir, 'search.json');
      writeFileSync(file, text);
      const { events, errors, formats } = await collectEvents([file], OPTIONS);
      assert.deepEqual([errors, formats], [[], ['shipped-json']]);
      assert.deepEqual(events.map((e) => [e.vigil.format, e.event.action, e.event.outcome, e.labels?._id]), [['syslog', 'ssh-login', 'failure', 'a'], ['syslog', 'ssh-login', 'success', 'b']]);
    }
  });

  void it("reads Upsun's (Platform.sh's) forwarded journal lines: the container's host name left out of the line", async () => {
    const upsun = (message: string) => line({
      timestamp: 1732356001, container: { service: 'frontend', hostname: 'frontend.0', vendor: 'upsun', project: 'p1' }, component: { id: [{ type: 'unit', name: 'nginx.service' }] },
      type: 'log.journald', level: 'INFO', message,
    });
    const events = await eventsOf('upsun.json', [
      upsun('frontend.0 nginx: 198.51.100.7 - - [23/Nov/2024:10:00:02 +0000] "GET /wp-login.php HTTP/1.1" 404 10 "-" "curl/8"'),
      upsun('frontend.0 sshd[77]: Failed password for root from 203.0.113.66 port 50122 ssh2'),
    ].join(''));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.dataset, e.event.action, e.host?.name, e.source?.ip, e['@timestamp']]), [
      ['syslog', 'web.access', 'http-request', 'frontend.0', '198.51.100.7', '2024-11-23T10:00:02.000Z'],
      ['syslog', 'sshd', 'ssh-login', 'frontend.0', '203.0.113.66', '2024-11-23T10:00:01.000Z'],
    ]);
    assert.equal(events[0]?.labels?.['container.project'], 'p1');
    assert.equal(selected(events[0], { category: 'webserver' }), true);
  });

  void it("keeps what GELF, Graylog and Fluent records no format reads: GELF's message, Graylog's source as the host", async () => {
    const events = await eventsOf('graylog.json', [
      line({ version: '1.1', host: 'app01', short_message: 'payment worker started', full_message: 'payment worker started\n  at main()', timestamp: 1732356003, level: 6, _logger: 'worker' }),
      line({ gl2_message_id: '01JD', source: 'app02', message: 'cache warmed for 10.1.2.3', timestamp: '2024-11-23 10:00:04.000', gl2_source_input: '65a' }),
      line({ host: 'app03', ident: 'billing', message: 'invoice 42 sent', time: '2024-11-23T10:00:05+01:00' }),
    ].join(''));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.message, e.host?.name, e['@timestamp']]), [
      ['shipped-json', 'payment worker started', 'app01', '2024-11-23T10:00:03.000Z'],
      ['shipped-json', 'cache warmed for 10.1.2.3', 'app02', '2024-11-23T10:00:04.000Z'],
      // A program without a pid and without a decoder: no tag is put back, the record through the alias table.
      ['shipped-json', 'invoice 42 sent', 'app03', '2024-11-23T09:00:05.000Z'],
    ]);
    assert.equal(events[0]?.labels?.full_message, 'payment worker started\n  at main()');
  });

  void it('survives hostile documents: prototype-named fields, markup, odd types', async () => {
    const text = [
      line({ '@timestamp': '2024-11-23T10:00:00Z', agent: { type: 'filebeat' }, __proto__: 'polluted', constructor: { prototype: 'x' }, log: { file: { path: '__proto__' } }, message: '<script>alert(1)</script> from 203.0.113.1' }),
      line({ '@timestamp': ['x'], agent: { type: 'filebeat' }, message: 42, host: { name: {} } }),
      line({ _index: '__proto__', _id: { a: 1 }, _source: { toString: 'y', '@version': 1, '@timestamp': 7, message: ['a'] } }),
      line({ labels: { __proto__: 'z', host: 5 }, line: '', timestamp: 'not a time' }),
      line({ version: '1.1', short_message: 'x', host: ['h'], timestamp: { a: 1 }, _application_name: 'sshd]: evil', _process_id: '__proto__', __proto__: 'p' }),
      line({ gl2_message_id: '__proto__', source: { toString: 1 }, message: '<img src=x onerror=alert(1)>', application_name: 'constructor', process_id: 99 }),
      line({ ident: 'hasOwnProperty', message: 'sudo: constructor : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh', pid: 'toString' }),
      '{"_index":"i","_source":{"agent":{"type":"filebeat"},"message":"Nov 23 10:00:01 h sshd[1]: Failed password for __proto__ from 203.0.113.2 port 1 ssh2"}}\n',
      // Too deep for JSON.stringify to write back as the record of its format: read as a document.
      `{"_index":"deep","_source":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}\n`,
    ].join('');
    const { events } = await readAs('shipped-json', text);
    assert.equal(events.length, 9, 'every document is an event');
    assert.equal(events[8]?.labels?._index, 'deep');
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.message, '<script>alert(1)</script> from 203.0.113.1', 'kept as text: the edges escape it');
    assert.equal(events[7]?.user?.name, '__proto__');
    // A program name that could break the tag is not put back in front of the line.
    assert.equal(events[4]?.message, 'x');
    assert.equal(events[4]?.vigil.format, 'shipped-json');
    // A program without a decoder or a pid puts no tag in front: the line is read as it is (here a sudo line).
    assert.deepEqual([events[6]?.vigil.format, events[6]?.user?.name, events[6]?.event.original?.slice(0, 5)], ['syslog', 'constructor', 'sudo:']);
    assertNoPollution();
  });
});
