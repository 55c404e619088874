import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selected } from '../detect/mapping/helpers.ts';
import { readLogText } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Juniper SRX security logs (RT_FLOW sessions, RT_SCREEN screens, RT_IDP attacks), in Junos's text and structured syslog. */

const dirs = tempDirs('junos');
const FIREWALL = { category: 'firewall' };
const IDS = { category: 'ids' };

const SD_DENY =
  '<14>1 2024-11-23T10:00:00.000Z srx01 RT_FLOW - RT_FLOW_SESSION_DENY [junos@2636.1.1.1.2.129 source-address="203.0.113.5" source-port="51234" destination-address="192.0.2.10" destination-port="22" connection-tag="0" service-name="junos-ssh" protocol-id="6" icmp-type="0" policy-name="deny-all" source-zone-name="untrust" destination-zone-name="trust" application="UNKNOWN" nested-application="UNKNOWN" username="N/A" roles="N/A" packet-incoming-interface="ge-0/0/0.0" encrypted="UNKNOWN" reason="policy deny"] session denied 203.0.113.5/51234->192.0.2.10/22 0x0 junos-ssh 6(0) deny-all untrust trust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/0.0 UNKNOWN policy deny';
/** `structured-data brief`: the fields and no text. */
const SD_CLOSE =
  '<14>1 2024-11-23T10:00:05.000Z srx01 RT_FLOW - RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.40 reason="TCP FIN" source-address="10.0.0.5" source-port="50000" destination-address="198.51.100.7" destination-port="4444" service-name="None" nat-source-address="203.0.113.1" nat-source-port="40000" nat-destination-address="198.51.100.7" nat-destination-port="4444" src-nat-rule-name="r1" dst-nat-rule-name="N/A" protocol-id="6" policy-name="allow-out" source-zone-name="trust" destination-zone-name="untrust" session-id-32="12345" packets-from-client="10" bytes-from-client="550" packets-from-server="9" bytes-from-server="709" elapsed-time="3" application="UNKNOWN" nested-application="UNKNOWN" username="alice" roles="N/A" packet-incoming-interface="ge-0/0/1.0" encrypted="No"]';

const TEXT = [
  'Nov 23 10:00:01 srx01 RT_FLOW: RT_FLOW_SESSION_DENY: session denied 203.0.113.5/51234->192.0.2.10/23 0x0 junos-telnet 6(0) deny-all untrust trust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/0.0 UNKNOWN policy deny',
  // An old release: no connection tags, two NAT rule words.
  'Nov 23 10:00:02 srx01 RT_FLOW: RT_FLOW_SESSION_CLOSE: session closed TCP RST: 10.254.251.48/35639->72.14.203.188/5228 None 211.36.132.123/40488->72.14.203.188/5228 r1 None 6 TCP_1H trust untrust 80888035 46(4109) 42(4812) 13512',
  // A recent one: four NAT rule words, and the user, interface and application after the session id.
  'Nov 23 10:00:03 srx01 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.1.37.45/41013->180.225.82.115/4444 0x0 None 10.1.37.45/41013->180.225.82.115/4444 0x0 N/A N/A N/A N/A 6 1 V40 V30 1047299 N/A(N/A) reth2.0 UNKNOWN UNKNOWN UNKNOWN N/A N/A -1 N/A N/A N/A Off root',
  // `source rule <name>`: three words for the source NAT rule.
  'Nov 23 10:00:04 srx01 RT_FLOW: RT_FLOW_SESSION_CLOSE: session closed TCP CLIENT RST: 10.28.245.77/49706->142.250.120.156/443 0x0 junos-https 94.139.153.77/47698->142.250.120.156/443 0x0 source rule internet_offload2 N/A N/A 6 internet offload2_ssr offload2_bgw 1357210026769 10(2358) 7(5379) 3 UNKNOWN UNKNOWN N/A(N/A) reth1.947 UNKNOWN',
  // A NAT rule named by a number: the protocol is the number four words before the session id.
  'Nov 23 10:00:05 srx01 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 10.0.0.9/5555->198.51.100.8/443 0x0 junos-https 203.0.113.2/6666->198.51.100.8/443 0x0 source rule 100 N/A N/A 17 out trust untrust 4242 N/A(N/A) ge-0/0/1.0 UNKNOWN',
  'Nov 23 10:00:10 srx01 RT_SCREEN: RT_SCREEN_TCP: TCP port scan! source: 203.0.113.5:51234, destination: 192.0.2.10:22, zone name: untrust, interface name: ge-0/0/0.0, action: drop',
  'Nov 23 10:00:11 srx01 RT_IDP: IDP_ATTACK_LOG_EVENT: IDP: at 1732356011, SIGNATURE Attack log <203.0.113.5/51234->192.0.2.10/80> for TCP protocol and service SERVICE_IDP application HTTP by rule 1 of rulebase IPS in policy Recommended. attack: id=4242, repeat=0, action=DROP, threat-severity=HIGH, name=HTTP:SQL:INJ:GENERIC, NAT <0.0.0.0:0->0.0.0.0:0>, time-elapsed=0, inbytes=0, outbytes=0, inpackets=0, outpackets=0, intf:untrust:ge-0/0/0.0->trust:ge-0/0/1.0, packet-log-id: 0, alert=no, username=N/A, roles=N/A, message=-',
  'Nov 23 10:00:12 srx01 RT_FLOW: RT_FLOW_SESSION_CREATE_LS: some future layout',
];

void describe('Juniper SRX', () => {
  void it('reads sessions in both syslog forms and in the text layouts of several releases', async () => {
    const { events, errors } = await readLogText(dirs.fresh(), 'srx.log', `${[SD_DENY, SD_CLOSE, ...TEXT].join('\n')}\n`);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      events.map((e) => [e.event.dataset, e.event.action, e.event.reason, e.source?.ip, e.source?.port, e.destination?.ip, e.destination?.port, e.network?.transport, e.rule?.name]),
      [
        ['juniper.flow', 'firewall-drop', 'policy deny', '203.0.113.5', 51234, '192.0.2.10', 22, 'tcp', 'deny-all'],
        ['juniper.flow', 'session-closed', 'TCP FIN', '10.0.0.5', 50000, '198.51.100.7', 4444, 'tcp', 'allow-out'],
        ['juniper.flow', 'firewall-drop', 'policy deny', '203.0.113.5', 51234, '192.0.2.10', 23, 'tcp', 'deny-all'],
        ['juniper.flow', 'session-closed', 'TCP RST', '10.254.251.48', 35639, '72.14.203.188', 5228, 'tcp', 'TCP_1H'],
        ['juniper.flow', 'firewall-allow', undefined, '10.1.37.45', 41013, '180.225.82.115', 4444, 'tcp', '1'],
        ['juniper.flow', 'session-closed', 'TCP CLIENT RST', '10.28.245.77', 49706, '142.250.120.156', 443, 'tcp', 'internet'],
        ['juniper.flow', 'firewall-allow', undefined, '10.0.0.9', 5555, '198.51.100.8', 443, 'udp', 'out'],
        ['juniper.screen', 'ids-alert', undefined, '203.0.113.5', 51234, '192.0.2.10', 22, undefined, 'TCP port scan'],
        ['juniper.idp', 'ids-alert', undefined, '203.0.113.5', 51234, '192.0.2.10', 80, 'tcp', 'HTTP:SQL:INJ:GENERIC'],
        // A layout no release above writes: kept as the plain line it is.
        ['syslog', undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined],
      ],
    );
    const [deny, close, , oldClose, create, nat] = events;
    assert.deepEqual([close?.user?.name, close?.source?.bytes, close?.destination?.bytes, close?.network?.bytes, close?.network?.packets, close?.labels?.['junos.nat-source-address']], ['alice', 550, 709, 1259, 19, '203.0.113.1']);
    assert.deepEqual([oldClose?.labels?.['junos.nat-rules'], oldClose?.labels?.['junos.session-id-32'], oldClose?.labels?.['junos.elapsed-time']], ['r1 None', '80888035', '13512']);
    assert.deepEqual([nat?.labels?.['junos.nat-rules'], nat?.labels?.['junos.source-zone-name'], nat?.network?.interface?.in], ['source rule internet_offload2 N/A N/A', 'offload2_ssr', 'reth1.947']);
    assert.deepEqual([create?.event.type, create?.event.outcome, deny?.event.type, deny?.event.outcome], [['connection', 'start', 'allowed'], 'success', ['connection', 'denied'], 'failure']);
    assert.deepEqual(events.map((e) => selected(e, FIREWALL)), [true, true, true, true, true, true, true, false, false, false]);
    assert.deepEqual(events.map((e) => selected(e, IDS)), [false, false, false, false, false, false, false, true, true, false]);
    assert.deepEqual([events[7]?.rule?.category, events[8]?.rule?.category, events[8]?.event.severity, events[8]?.event.type], ['scan', 'sql-injection', 1, ['denied']]);
    assert.equal(events[6]?.labels?.['junos.nat-rules'], 'source rule 100 N/A N/A');
    // The structured fields are read, not the text after them (which writes the connection tag as 0x0).
    assert.equal(deny?.labels?.['junos.connection-tag'], '0');
  });

  void it("raises the pack's firewall and IDS alerts from SRX logs", async () => {
    const dir = dirs.fresh();
    const { events } = await readLogText(dir, 'srx.log', `${TEXT.join('\n')}\n`);
    assert.equal(events.length, TEXT.length);
    const titles = await packAlertTitles(dirs.fresh(), [`${dir}/srx.log`]);
    assert.deepEqual([...new Set(titles)].sort(), ['Allowed connection to a port favoured by attack tools', 'IDS alert of an exploitation attempt', 'IDS alert of network reconnaissance']);
  });

  void it('survives hostile lines: markup, prototype names, endless words, broken endpoints', async () => {
    const lines = [
      '<14>1 2024-11-23T10:00:00Z srx01 RT_FLOW - RT_FLOW_SESSION_DENY [junos@2636.1.1.1.2.129 source-address="<script>" __proto__="x" constructor="y" reason="<b>"]',
      `Nov 23 10:00:01 srx01 RT_FLOW: RT_FLOW_SESSION_CLOSE: session closed ${'x'.repeat(200)}: 1.2.3.4/1->5.6.7.8/2 ${'1 '.repeat(5000)}`,
      'Nov 23 10:00:02 srx01 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 1.2.3.4/99999->__proto__/2 None',
      `Nov 23 10:00:03 srx01 RT_SCREEN: RT_SCREEN_IP: ${'!'.repeat(300)} source: __proto__, constructor: x`,
      `Nov 23 10:00:04 srx01 RT_IDP: IDP_ATTACK_LOG_EVENT: IDP: <1.2.3.4/1->5.6.7.8/2> attack: __proto__=polluted, name=<img src=x>, ${'a=b, '.repeat(3000)}`,
    ];
    const { events, errors } = await readAs('syslog', `${lines.join('\n')}\n`);
    assert.deepEqual(errors, []);
    assert.equal(events.length, lines.length, 'every line is kept');
    for (const event of events) assertSoundEvent(event);
    // A close reason past 100 characters and a screen with no attack name are no SRX layout: plain lines.
    assert.deepEqual(events.map((e) => e.event.dataset), ['juniper.flow', 'syslog', 'juniper.flow', 'syslog', 'juniper.idp']);
    assert.deepEqual([events[2]?.source?.port, events[2]?.destination?.ip], [undefined, undefined], 'an impossible port and a name are no endpoint');
    assert.deepEqual([events[0]?.source?.ip, events[0]?.labels?.['junos.__proto__'], events[4]?.rule?.name], [undefined, 'x', '<img src=x>']);
    assertNoPollution();
  });
});
