import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** SonicWall (SonicOS) key=value logs: connections, drops, alerts and logins. */

const dirs = tempDirs('sonicwall');
const sw = (pairs: string, time = '2024-11-23 10:00:01') => `<134>id=firewall sn=C0EAE4000001 time="${time}" fw=198.51.100.1 pri=6 ${pairs}`;

void describe('SonicWall', () => {
  void it('reads connections and drops as verdicts, alerts as IDS alerts and logins as authentication', async () => {
    const events = await fixtureEvents('sonicwall', 'input.log');
    assert.deepEqual(
      events.map((e) => [e.event.dataset, e.event.action, e.event.code, e.source?.ip, e.destination?.port, e.rule?.category ?? null]),
      [
        ['sonicwall.firewall', 'firewall-allow', '98', '10.0.0.5', 443, null],
        ['sonicwall.threat', 'ids-alert', '82', '203.0.113.9', 23, 'scan'],
        ['sonicwall.firewall', 'firewall-drop', '36', '203.0.113.9', 3389, null],
        ['sonicwall.auth', 'admin-login-failed', '30', '203.0.113.9', 443, null],
        ['sonicwall.threat', 'ids-alert', '608', '203.0.113.9', 80, 'code-execution'],
      ],
    );
    const [opened, scan, dropped, login, ips] = events;
    // An endpoint is address:port:interface[:name]; `proto=tcp/https` is the transport and the service.
    assert.deepEqual([opened?.destination?.domain, opened?.network?.interface?.in, opened?.network?.interface?.out, opened?.network?.protocol], ['www.example.com', 'X0', 'X1', 'https']);
    assert.equal(selected(dropped!, { category: 'firewall' }), true);
    assert.equal(selected(scan!, { category: 'ids' }), true);
    assert.equal(selected(login!, { category: 'authentication' }), true);
    assert.deepEqual([ips?.rule?.name, ips?.rule?.id, ips?.labels?.ipscat], ['WEB-ATTACKS Apache Log4j Remote Code Execution', '15949', 'WEB-ATTACKS']);
    assert.equal(opened?.['@timestamp'], '2024-11-23T10:00:01.000Z', '" UTC" makes the time UTC');
  });

  void it('takes a time without UTC in --tz, reads single-quoted values and a syslog header in front', async () => {
    const events = await eventsOf('sonicwall.log', [
      `Nov 23 10:00:09 fw01 ${sw("m=97 msg=\"Web site hit\" src=10.0.0.5:51000:X0 dst=198.51.100.7:80:X1 proto=tcp/http appName='General HTTP' dstname=example.com arg=/index.html", '2024-11-23 11:00:09')}`,
      sw('m=29 msg="Administrator login allowed" src=10.0.0.9:50000:X0 dst=10.0.0.1:443:X0 usr="admin"'),
      '',
    ].join('\n'));
    assert.deepEqual(events.map((e) => [e.event.action, e['@timestamp'], e.vigil.time.source]), [
      ['firewall-allow', '2024-11-23T11:00:09.000Z', 'assumed_zone'],
      ['admin-login', '2024-11-23T10:00:01.000Z', 'assumed_zone'],
    ]);
    assert.equal(events[0]?.labels?.appName, 'General HTTP');
    const v6 = await eventsOf('sonicwall6.log', `${sw('m=98 msg="Connection Opened" src=2001:db8::5:51000:X0 dst=2001:db8:1::7:443:X1:www.example.com proto=tcp/https')}\n`);
    assert.deepEqual([v6[0]?.source?.ip, v6[0]?.source?.port, v6[0]?.destination?.ip, v6[0]?.destination?.port, v6[0]?.destination?.domain], ['2001:db8::5', 51000, '2001:db8:1::7', 443, 'www.example.com']);
  });

  void it('raises the port scan rule from dropped connections', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) lines.push(sw(`m=36 msg="TCP packet dropped" src=203.0.113.50:${String(40000 + i)}:X1 dst=10.0.0.5:${String(20 + i)}:X0 proto=tcp/${String(20 + i)} fw_action="drop"`, `2024-11-23 10:01:${String(i).padStart(2, '0')} UTC`));
    const file = join(dirs.fresh(), 'sonicwall.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.includes('Port scan - many destination ports from one source'), titles.join(' | '));
  });

  void it('survives hostile lines: prototype-named pairs, markup, bad endpoints, unterminated quotes', async () => {
    const { events } = await readAs('sonicwall', [
      sw('m=1 msg="<script>alert(1)</script>" __proto__=x constructor="y" src=999.1.1.1:99999:__proto__ dst=::: proto=/ usr="toString"'),
      sw(`m=2 msg="unterminated src=${'1:'.repeat(5000)}`),
      sw("m=3 msg='IPS Detection Alert: ' sid=__proto__"),
    ].join('\n'));
    assert.equal(events.length, 3);
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.message, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assert.deepEqual([events[0]?.source?.ip, events[0]?.source?.port], [undefined, undefined]);
    assertNoPollution();
  });
});
