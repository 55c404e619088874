import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Check Point's Log Exporter (syslog format): connections, Threat Prevention and logins. */

const dirs = tempDirs('checkpoint');
const cp = (fields: string, stamp = '2024-11-23T10:00:01Z') => `<134>1 ${stamp} gw-cp CheckPoint 26203 - [${fields}]`;

describe('Check Point Log Exporter', () => {
  it('reads connections as firewall verdicts, Threat Prevention logs as IDS alerts and logins as authentication', async () => {
    const events = await eventsOf('checkpoint.log', [
      cp('action:"Drop"; ifdir:"inbound"; ifname:"eth1"; origin:"10.0.0.1"; time:"1732356001"; dst:"10.0.0.5"; product:"VPN-1 & FireWall-1"; proto:"6"; rule:"12"; rule_name:"Cleanup rule"; s_port:"51515"; service:"3389"; src:"203.0.113.9"'),
      cp('action:"Accept"; ifdir:"outbound"; origin:"10.0.0.1"; time:"1732356002"; dst:"198.51.100.7"; proto:"17"; s_port:"53000"; service:"53"; src:"10.0.0.5"; src_user_name:"Alice (alice)"; client_outbound_bytes:"60"; client_inbound_bytes:"120"'),
      cp('action:"Prevent"; ifdir:"inbound"; time:"1732356003"; product:"IPS"; src:"203.0.113.9"; dst:"10.0.0.8"; proto:"6"; s_port:"40000"; service:"80"; protection_name:"Apache Log4j Remote Code Execution (CVE-2021-44228)"; severity:"Critical"; attack:"Remote Code Execution"'),
      cp('action:"Detect"; time:"1732356004"; product:"Anti-Bot"; src:"10.0.0.7"; dst:"198.51.100.66"; protection_name:"Trojan.Win32.Emotet.TC.a"; malware_action:"Communication with C&C site"; severity:"High"'),
      cp('action:"Failed Log In"; time:"1732356005"; product:"Mobile Access"; src:"203.0.113.9"; user:"jdoe"; auth_status:"Failed Login"; reason:"Wrong user name or password"'),
      cp('action:"Log In"; time:"1732356006"; product:"Mobile Access"; src:"198.51.100.20"; user:"jdoe"; auth_status:"Successful Login"'),
      '',
    ].join('\n'));
    assert.deepEqual(
      events.map((e) => [e.event.dataset, e.event.action, e.event.outcome ?? null, e.source?.ip, e.destination?.port ?? null, e.network?.transport ?? null, e.rule?.category ?? null, e['@timestamp']]),
      [
        ['checkpoint.firewall', 'firewall-drop', 'failure', '203.0.113.9', 3389, 'tcp', null, '2024-11-23T10:00:01.000Z'],
        ['checkpoint.firewall', 'firewall-allow', 'success', '10.0.0.5', 53, 'udp', null, '2024-11-23T10:00:02.000Z'],
        ['checkpoint.threat', 'ids-alert', null, '203.0.113.9', 80, 'tcp', 'code-execution', '2024-11-23T10:00:03.000Z'],
        ['checkpoint.threat', 'ids-alert', null, '10.0.0.7', null, null, 'botnet', '2024-11-23T10:00:04.000Z'],
        ['checkpoint.auth', 'login-failed', 'failure', '203.0.113.9', null, null, null, '2024-11-23T10:00:05.000Z'],
        ['checkpoint.auth', 'login', 'success', '198.51.100.20', null, null, null, '2024-11-23T10:00:06.000Z'],
      ],
    );
    const [drop, accept, ips, bot, failed] = events;
    assert.equal(selected(drop!, { category: 'firewall' }), true);
    assert.deepEqual([drop?.network?.interface?.in, drop?.network?.direction, drop?.rule?.name, drop?.labels?.product], ['eth1', 'ingress', 'Cleanup rule', 'VPN-1 & FireWall-1']);
    assert.deepEqual([accept?.user?.name, accept?.network?.bytes, accept?.network?.direction], ['Alice (alice)', 180, 'egress']);
    assert.deepEqual([ips?.rule?.name, ips?.event.severity, ips?.event.type], ['Apache Log4j Remote Code Execution (CVE-2021-44228)', 1, ['denied']]);
    assert.equal(selected(ips!, { category: 'ids' }), true);
    assert.equal(selected(bot!, { category: 'firewall' }), false, 'a threat log is no verdict');
    assert.equal(failed?.user?.name, 'jdoe');
    assert.equal(selected(failed, { category: 'authentication' }), true);
  });

  it('raises the port scan and the IDS rules from Check Point logs', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) lines.push(cp(`action:"Drop"; ifdir:"inbound"; time:"${String(1732356060 + i)}"; src:"203.0.113.50"; dst:"10.0.0.5"; proto:"6"; s_port:"${String(40000 + i)}"; service:"${String(20 + i)}"`));
    lines.push(cp('action:"Prevent"; time:"1732356200"; product:"IPS"; src:"203.0.113.9"; dst:"10.0.0.8"; proto:"6"; service:"80"; protection_name:"Apache Log4j Remote Code Execution (CVE-2021-44228)"; attack:"Remote Code Execution"'));
    const dir = dirs.fresh();
    const file = join(dir, 'fw.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.includes('Port scan - many destination ports from one source'), titles.join(' | '));
    assert.ok(titles.includes('IDS alert of an exploitation attempt'), titles.join(' | '));
  });

  it('keeps a CheckPoint line without field lists as plain syslog, and survives hostile fields', async () => {
    const plain = await eventsOf('cp.log', `${cp('').replace('[]', 'policy installed on gw-cp')}\n`);
    assert.deepEqual([plain[0]?.event.dataset, plain[0]?.message], ['syslog', 'policy installed on gw-cp']);
    const { events } = await readAs('syslog', [
      cp('__proto__:"x"; constructor:"y"; action:"<script>"; src:"999.1.1.1"; s_port:"99999"; service:"-1"; proto:"toString"; time:"1e10"; user:"\\"quoted\\" <b>"'),
      cp(`action:"Drop"; ${'a:"b"; '.repeat(2000)}src:"203.0.113.1"`),
      cp('action:"unterminated; src:"203.0.113.2'),
    ].join('\n'));
    assert.equal(events.length, 3);
    for (const event of events) assertSoundEvent(event);
    assert.deepEqual([events[0]?.source?.ip, events[0]?.source?.port, events[0]?.user?.name], [undefined, undefined, '"quoted" <b>']);
    assert.equal(events[1]?.source?.ip, '203.0.113.1');
    assertNoPollution();
  });
});
