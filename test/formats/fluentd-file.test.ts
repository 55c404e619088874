import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice, packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Fluentd's out_file output: time, tag and the record an input made of a line. */

const dirs = tempDirs('fluentd');
const out = (second: string, tag: string, record: object) => `2024-11-23T10:00:${second}+0000\t${tag}\t${JSON.stringify(record)}\n`;

void describe("Fluentd's out_file output", () => {
  void it('reads syslog records, kept lines, container records and other records by their formats, with the tag', async () => {
    const events = await fixtureEvents('fluentd-file', 'input.log');
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.action, e.user?.name ?? null, e.source?.ip ?? null, e.labels?.['fluentd.tag'], e['@timestamp']]),
      [
        ['syslog', 'ssh-login', 'root', '203.0.113.66', 'syslog.auth', '2024-11-23T10:00:01.000Z'],
        ['web-access', 'http-request', null, '198.51.100.7', 'nginx.access', '2024-11-23T10:00:02.000Z'],
        ['generic-json', 'login', 'bob', '10.1.2.3', 'app.log', '2024-11-23T10:00:03.000Z'],
        ['syslog', 'sudo-command', 'alice', null, 'kube.var.log.containers.jump', '2024-11-23T10:00:04.500Z'],
      ],
    );
    // The syslog record's tag is put back: the line reads as sshd wrote it; the container record keeps its metadata.
    assert.equal(events[0]?.event.original, 'sshd[411]: Failed password for root from 203.0.113.66 port 50122 ssh2');
    assert.equal(events[3]?.labels?.['kubernetes.pod_name'], 'jump-7d9');
    assert.equal(selected(events[1]!, { category: 'webserver' }), true);
  });

  void it('raises incidents from what Fluentd wrote, and re-ingesting adds nothing', async () => {
    let text = '';
    for (let i = 0; i < 12; i++) text += out(String(i).padStart(2, '0'), 'syslog.auth', { host: 'bastion', ident: 'sshd', pid: '411', message: `Failed password for root from 203.0.113.66 port ${String(50000 + i)} ssh2` });
    text += out('30', 'syslog.auth', { host: 'bastion', ident: 'sshd', pid: '411', message: 'Accepted password for root from 203.0.113.66 port 50100 ssh2' });
    const file = join(dirs.fresh(), 'buffer.log');
    writeFileSync(file, text);
    assert.deepEqual(await ingestTwice(dirs.fresh(), [file]), [13, 0], 're-ingesting adds nothing');
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.some((t) => t.startsWith('Brute force followed by a successful login')), titles.join(' | '));
  });

  void it('survives hostile lines: prototype-named fields, markup, bad JSON, odd types', async () => {
    const { events } = await readAs('fluentd-file', [
      out('00', '__proto__', { __proto__: { polluted: 1 }, message: '<script>alert(1)</script> from 203.0.113.1', constructor: 'x' }),
      out('01', 'x', { log: 5, ident: ['sshd'], message: {} }),
      '2024-11-23T10:00:02+0000\tt\t{"message": "unterminated\n',
      out('03', 't', { message: 'toString', ident: 'hasOwnProperty', host: 'h' }),
    ].join(''));
    assert.equal(events.length, 4, 'every line is an event');
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.message, '<script>alert(1)</script> from 203.0.113.1', 'kept as text: the edges escape it');
    assertNoPollution();
  });
});
