import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Splunk exports: each row's _raw read by the format of its log, with Splunk's time, host and fields. */

const dirs = tempDirs('splunk');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };
const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
const csv = (rows: string[][]) => ['_time,host,source,sourcetype,_raw', ...rows.map((row) => row.map(quoted).join(','))].join('\r\n') + '\r\n';
const result = (fields: Record<string, unknown>) => `${JSON.stringify({ preview: false, offset: 0, result: fields })}\n`;

void describe('Splunk exports', () => {
  void it("reads each row's _raw with its log's format: classic and XML Windows events, sshd; what none reads is text", async () => {
    const { events, errors, formats } = await collectEvents([join(FIXTURES, 'splunk-csv', 'input.csv')], OPTIONS);
    assert.deepEqual(formats, ['splunk-csv']);
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.dataset, e.event.action ?? null, e.user?.name ?? null, e.source?.ip ?? null, e.host?.name, e['@timestamp']]),
      [
        ['windows-text', 'windows.security', 'logon-failed', 'administrator', '203.0.113.66', 'DC01.corp.local', '2024-11-23T10:00:01.000Z'],
        ['windows-xml', 'windows.security', 'logon', 'administrator', '203.0.113.66', 'DC01.corp.local', '2024-11-23T10:00:09.123Z'],
        ['splunk-csv', 'custom:app', 'login', null, '10.1.2.3', 'app01', '2024-11-23T10:00:10.000Z'],
        ['syslog', 'sshd', 'ssh-login', 'root', '203.0.113.66', 'bastion', '2024-11-23T10:00:11.000Z'],
        ['splunk-csv', 'linux_secure', null, null, null, 'bastion', '2024-11-23T10:00:12.000Z'],
      ],
    );
    // The record's own original, not the CSV row; Splunk's fields as labels under the event's own.
    assert.ok(events[3]?.event.original?.startsWith('Nov 23 10:00:11 bastion sshd[411]: Accepted password'));
    assert.deepEqual(events[3]?.labels, { 'ssh.method': 'password', 'splunk.host': 'bastion', 'splunk.source': '/var/log/auth.log', 'splunk.sourcetype': 'linux_secure', 'splunk.index': 'main' });
    // The classic Windows event's message was read back into its fields: Sigma reads them.
    assert.equal(read(events[0]!, { product: 'windows', service: 'security' }, 'SubStatus'), '0xc000006a');
    // The sourcetype's format (syslog) rejects the last row: reported with its line, and the row is still an event.
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.line, events[4]?.log.line);
    assert.match(errors[0]?.reason ?? '', /^syslog: .*\(in splunk-csv, key "linux_secure"\)$/);
  });

  void it("reads the JSON export: notices are not events, Splunk's internal fields are not labels, multivalue fields are joined", async () => {
    const { events, errors } = await collectEvents([join(FIXTURES, 'splunk-json', 'input.json')], OPTIONS);
    assert.deepEqual(errors, []);
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.action]), [['syslog', 'ssh-login'], ['web-access', 'http-request'], ['suricata-eve', 'ids-alert'], ['syslog', 'firewall-drop']]);
    assert.deepEqual(events[0]?.labels, { 'ssh.method': 'password', 'splunk.host': 'bastion', 'splunk.index': 'main', 'splunk.source': '/var/log/auth.log', 'splunk.sourcetype': 'linux_secure', 'splunk.tag': 'authentication, failure' });
    assert.equal(events[3]?.['@timestamp'], '2024-11-23T10:00:04.000Z', 'an epoch _time');
    assert.equal(selected(events[1]!, { category: 'webserver' }), true);
  });

  void it("gives a syslog line Splunk's year and zone; a record's own zoned time is kept", async () => {
    const events = await eventsOf('export.json', [
      result({ _raw: 'Dec 31 23:59:59 bastion sshd[1]: Failed password for root from 203.0.113.9 port 4000 ssh2', _time: '2019-12-31T23:59:59.000-05:00', sourcetype: 'linux_secure', host: 'bastion' }),
      result({ _raw: '{"timestamp":"2024-11-23T10:00:03.456789+0000","event_type":"alert","src_ip":"203.0.113.9","dest_ip":"10.0.0.1","proto":"TCP","alert":{"signature":"x","signature_id":1,"severity":2}}', _time: '2024-11-23T10:00:03.000+00:00', sourcetype: 'suricata' }),
      result({ _raw: 'no time in this line at all, from 192.0.2.1', _time: 'not a time', sourcetype: 'odd' }),
    ].join(''));
    assert.deepEqual(events.map((e) => e['@timestamp']), ['2020-01-01T04:59:59.000Z', '2024-11-23T10:00:03.456Z', undefined]);
  });

  void it('reads each record of a sourcetype that holds two logs with the format of its own log', async () => {
    const events = await eventsOf('mixed.csv', csv([
      ['2024-11-23T10:00:01.000+00:00', 'web01', '/var/log/syslog', 'syslog', 'Nov 23 10:00:01 web01 sshd[9]: Invalid user oracle from 203.0.113.7 port 4242'],
      ['2024-11-23T10:00:02.000+00:00', 'web01', '/var/log/syslog', 'syslog', '203.0.113.7 - - [23/Nov/2024:10:00:02 +0000] "GET /wp-login.php HTTP/1.1" 404 10 "-" "curl/8"'],
    ]));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.action]), [['syslog', 'ssh-invalid-user'], ['web-access', 'http-request']]);
  });

  void it('reads every record of a sourcetype whose first record nothing reads with the format of the first one read', async () => {
    // Past the 100 sniffs a key is given, records were read as the export's own text before.
    const rows = [['2024-11-23T10:00:00.000+00:00', 'web01', '/var/log/auth.log', 'linux_secure', '\u0001\u0002 cut']];
    for (let i = 1; i <= 150; i++) rows.push([`2024-11-23T10:00:${String(i % 60).padStart(2, '0')}.000+00:00`, 'web01', '/var/log/auth.log', 'linux_secure', `Nov 23 10:00:00 web01 sshd[9]: Failed password for root from 203.0.113.7 port ${String(40000 + i)} ssh2`]);
    const events = await eventsOf('auth.csv', csv(rows));
    assert.equal(events.length, 151);
    assert.deepEqual(new Set(events.slice(1).map((e) => `${e.vigil.format} ${e.event.action ?? ''}`)), new Set(['syslog ssh-login']));
  });

  void it('raises incidents from an export as from the logs themselves: brute force then success over sshd lines', async () => {
    const dir = dirs.fresh();
    const rows: string[][] = [];
    for (let i = 0; i < 12; i++) {
      const second = String(i).padStart(2, '0');
      rows.push([`2024-11-23T10:00:${second}.000+00:00`, 'bastion', '/var/log/auth.log', 'linux_secure', `Nov 23 10:00:${second} bastion sshd[411]: Failed password for root from 203.0.113.66 port ${String(50000 + i)} ssh2`]);
    }
    rows.push(['2024-11-23T10:00:30.000+00:00', 'bastion', '/var/log/auth.log', 'linux_secure', 'Nov 23 10:00:30 bastion sshd[411]: Accepted password for root from 203.0.113.66 port 50100 ssh2']);
    const file = join(dir, 'export.csv');
    writeFileSync(file, csv(rows));
    const store = openStore(join(dir, 'v.db'));
    try {
      const first = await ingest(store, [file], { tz: 'UTC', actor: 'test' });
      assert.equal(first.totals.inserted, 13);
      const again = await ingest(store, [file], { tz: 'UTC', actor: 'test' });
      assert.equal(again.totals.inserted, 0, 're-ingesting adds nothing');
      const titles = analyzeStore(store, { actor: 'test' }).incidents.map((i) => i.title);
      assert.ok(titles.some((t) => t.startsWith('Brute force followed by a successful login from 203.0.113.66')), titles.join(' | '));
    } finally {
      store.close();
    }
  });

  void it('survives hostile rows: prototype-named fields, markup, odd values, no _raw', async () => {
    const header = '_time,__proto__,constructor,toString,sourcetype,_raw';
    const text = `${header}\r\n${['2024-11-23T10:00:00Z', 'polluted', 'x', 'y', '__proto__', '<script>alert(1)</script> from 203.0.113.1'].map(quoted).join(',')}\r\n${['', '', '', '', '', ''].map(quoted).join(',')}\r\n`;
    const { events, errors } = await readAs('splunk-csv', text);
    assert.equal(events.length, 2, 'the row without _raw is still kept (as a CSV row)');
    assert.equal(errors.length, 1);
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.message, '<script>alert(1)</script> from 203.0.113.1', 'kept as text: the edges escape it');
    assert.deepEqual(events[0]?.labels, { 'splunk.constructor': 'x', 'splunk.toString': 'y', 'splunk.sourcetype': '__proto__' }, 'fields named _… are Splunk\'s own, not labels');
    const json = await readAs('splunk-json', `${result({ _raw: 42, __proto__: 'x' })}${result({ _raw: ['a'], _time: {} })}{"preview":false,"result":{"_raw":"ok","_time":[1],"host":{"a":1},"sourcetype":"__proto__"}}\n`);
    for (const event of json.events) assertSoundEvent(event);
    assert.equal(json.events.at(-1)?.message, 'ok');
    assertNoPollution();
  });
});
