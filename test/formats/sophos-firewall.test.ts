import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Sophos Firewall (SFOS/XG) key=value logs: verdicts, IDP alerts, web filter and logins. */

const dirs = tempDirs('sophos');
const sfos = (pairs: string, time = '10:00:01', zone = 'UTC') => `device="SFW" date=2024-11-23 time=${time} timezone="${zone}" device_name="XG230" log_id=010101600001 ${pairs}`;

void describe('Sophos Firewall', () => {
  void it('reads firewall verdicts, IDP alerts with their classification, and administrator logins', async () => {
    const events = await fixtureEvents('sophos-firewall', 'input.log');
    assert.deepEqual(
      events.map((e) => [e.event.dataset, e.event.action, e.source?.ip, e.destination?.port ?? null, e.rule?.category ?? null, e.host?.name]),
      [
        ['sophos.firewall', 'firewall-drop', '203.0.113.9', 22, null, 'XG230'],
        ['sophos.firewall', 'firewall-allow', '10.0.0.5', 443, null, 'XG230'],
        ['sophos.idp', 'ids-alert', '203.0.113.9', 80, 'Attempted User Privilege Gain', 'XG230'],
        ['sophos.auth', 'admin-login-failed', '203.0.113.9', null, null, 'XG230'],
      ],
    );
    const [denied, allowed, idp, login] = events;
    assert.equal(selected(denied!, { category: 'firewall' }), true);
    assert.deepEqual([denied?.rule?.id, allowed?.rule?.id, allowed?.rule?.name, allowed?.network?.bytes, allowed?.user?.name], [undefined, '5', 'LAN to WAN', 10000, 'alice']);
    assert.equal(selected(idp!, { category: 'ids' }), true);
    assert.equal(selected(login!, { category: 'authentication' }), true);
    assert.equal(login?.message, 'User admin failed to login to WebAdmin from 203.0.113.9 using HTTPS because of wrong credentials');
  });

  void it('takes UTC, GMT and offsets as zones and another abbreviation as --tz; reads web filter and anti-virus logs', async () => {
    const events = await eventsOf('sophos.log', [
      sfos('log_type="Firewall" log_subtype="Denied" status="Deny" src_ip=203.0.113.9 dst_ip=10.0.0.5 protocol="UDP" src_port=1 dst_port=53', '10:00:01', 'GMT'),
      sfos('log_type="Firewall" log_subtype="Allowed" status="Allow" src_ip=10.0.0.5 dst_ip=198.51.100.7', '10:00:02', '+01:00'),
      sfos('log_type="Content Filtering" log_component="HTTP" log_subtype="Denied" status="Deny" user_name="bob" src_ip=10.0.0.6 dst_ip=198.51.100.9 domain="bad.example" url="http://bad.example/x.exe" http_category="Malware"', '10:00:03', 'IST'),
      sfos('log_type="Anti-Virus" log_component="HTTP" log_subtype="Virus" virus="EICAR-AV-Test" src_ip=198.51.100.9 dst_ip=10.0.0.6 url="http://bad.example/eicar.com"'),
      '',
    ].join('\n'));
    assert.deepEqual(events.map((e) => [e.event.action, e['@timestamp'], e.vigil.time.source]), [
      ['firewall-drop', '2024-11-23T10:00:01.000Z', 'record'],
      ['firewall-allow', '2024-11-23T09:00:02.000Z', 'record'],
      ['web-filter', '2024-11-23T10:00:03.000Z', 'assumed_zone'],
      ['malware-detected', '2024-11-23T10:00:01.000Z', 'record'],
    ]);
    assert.deepEqual([events[2]?.url?.original, events[2]?.destination?.domain, events[2]?.event.type], ['http://bad.example/x.exe', 'bad.example', ['denied']]);
    assert.equal(events[3]?.rule?.name, 'EICAR-AV-Test');
  });

  void it('raises the port scan rule from denied connections', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) lines.push(sfos(`log_type="Firewall" log_subtype="Denied" status="Deny" src_ip=203.0.113.50 dst_ip=10.0.0.5 protocol="TCP" src_port=${String(40000 + i)} dst_port=${String(20 + i)}`, `10:01:${String(i).padStart(2, '0')}`));
    const file = join(dirs.fresh(), 'sophos.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.includes('Port scan - many destination ports from one source'), titles.join(' | '));
  });

  void it('survives hostile lines: prototype-named pairs, markup, bad addresses, unterminated quotes', async () => {
    const { events } = await readAs('sophos-firewall', [
      sfos('log_type="__proto__" __proto__=x constructor="y" src_ip=999.1.1.1 src_port=99999 message="<script>alert(1)</script>" user_name="toString"'),
      sfos(`log_type="Firewall" message="unterminated ${'a="b '.repeat(3000)}`),
    ].join('\n'));
    assert.equal(events.length, 2);
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.message, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assert.deepEqual([events[0]?.source?.ip, events[0]?.source?.port], [undefined, undefined]);
    assertNoPollution();
  });
});
