import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selected } from '../detect/mapping/helpers.ts';
import { readLogText } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { tempDirs } from '../helpers/temp.ts';

/** dnsmasq's query log and DHCP leases (through syslog, or Pi-hole's pihole.log without a host). */

const dirs = tempDirs('dnsmasq');
const DNS = { category: 'dns' };

const PIHOLE = [
  'Nov 23 10:00:00 dnsmasq[812]: query[A] evil-c2.example from 192.168.1.23',
  'Nov 23 10:00:00 dnsmasq[812]: forwarded evil-c2.example to 1.1.1.1',
  'Nov 23 10:00:00 dnsmasq[812]: reply evil-c2.example is 203.0.113.77',
  'Nov 23 10:00:01 dnsmasq[812]: query[AAAA] Ads.Example.net from 192.168.1.23',
  'Nov 23 10:00:01 dnsmasq[812]: gravity blocked ads.example.net is ::',
  'Nov 23 10:00:02 dnsmasq[812]: query[PTR] 5.1.168.192.in-addr.arpa from 192.168.1.40',
  'Nov 23 10:00:02 dnsmasq[812]: /etc/hosts 5.1.168.192.in-addr.arpa is printer.lan',
  'Nov 23 10:00:03 dnsmasq[812]: cached www.example.org is <CNAME>',
  'Nov 23 10:00:03 dnsmasq[812]: cached edge.example.net is 93.184.216.34',
  'Nov 23 10:00:04 dnsmasq[812]: reply nx.example.com is NXDOMAIN',
  'Nov 23 10:00:04 dnsmasq[812]: reply v4only.example is NODATA-IPv6',
  'Nov 23 10:00:05 dnsmasq[812]: reply error is SERVFAIL',
  'Nov 23 10:00:05 dnsmasq[812]: regex blacklisted tracker.example is 0.0.0.0',
  'Nov 23 10:00:06 dnsmasq[812]: validation result is SECURE',
];

void describe('dnsmasq', () => {
  void it("reads Pi-hole's log: questions as DNS queries (the dns rules' events), forwards, answers and blocks", async () => {
    const { events, errors, formats } = await readLogText(dirs.fresh(), 'pihole.log', `${PIHOLE.join('\n')}\n`);
    assert.deepEqual([errors, formats], [[], ['syslog']]);
    assert.deepEqual(
      events.map((e) => [e.event.action, e.dns?.question?.name, e.dns?.question?.type, e.source?.ip ?? e.destination?.ip, e.dns?.answers, e.dns?.response_code]),
      [
        ['dns-query', 'evil-c2.example', 'A', '192.168.1.23', undefined, undefined],
        ['dns-forward', 'evil-c2.example', undefined, '1.1.1.1', undefined, undefined],
        ['dns-answer', 'evil-c2.example', undefined, undefined, ['203.0.113.77'], 'NOERROR'],
        ['dns-query', 'ads.example.net', 'AAAA', '192.168.1.23', undefined, undefined],
        ['dns-blocked', 'ads.example.net', undefined, undefined, ['::'], 'NOERROR'],
        ['dns-query', '5.1.168.192.in-addr.arpa', 'PTR', '192.168.1.40', undefined, undefined],
        ['dns-answer', '5.1.168.192.in-addr.arpa', undefined, undefined, ['printer.lan'], 'NOERROR'],
        ['dns-answer', 'www.example.org', undefined, undefined, undefined, undefined],
        ['dns-answer', 'edge.example.net', undefined, undefined, ['93.184.216.34'], 'NOERROR'],
        ['dns-answer', 'nx.example.com', undefined, undefined, undefined, 'NXDOMAIN'],
        ['dns-answer', 'v4only.example', undefined, undefined, undefined, 'NOERROR'],
        ['dns-answer', undefined, undefined, undefined, undefined, 'SERVFAIL'],
        ['dns-blocked', 'tracker.example', undefined, undefined, ['0.0.0.0'], 'NOERROR'],
        // DNSSEC's verdict is no answer: the line stays a plain dnsmasq line.
        [undefined, undefined, undefined, undefined, undefined, undefined],
      ],
    );
    assert.ok(events.every((e) => e.event.dataset === 'dnsmasq' && e.host === undefined));
    assert.deepEqual(events.filter((e) => selected(e, DNS)).map((e) => e.log.line), [1, 4, 6], "the dns rules read each client's question once");
    assert.deepEqual([events[4]?.event.type, events[4]?.event.outcome, events[4]?.event.reason], [['protocol', 'denied'], 'failure', 'gravity blocked']);
    assert.deepEqual([events[6]?.labels?.['dnsmasq.answer_source'], events[7]?.labels?.['dnsmasq.answer']], ['/etc/hosts', '<CNAME>']);
  });

  void it("reads log-queries=extra's serial and client port, and forwards to a port", async () => {
    const { events } = await readLogText(dirs.fresh(), 'syslog', [
      'Nov 23 10:00:06 gw01 dnsmasq[812]: 17 192.168.1.23/51234 query[TXT] x.example from 192.168.1.23',
      'Nov 23 10:00:06 gw01 dnsmasq[812]: 17 192.168.1.23/51234 forwarded x.example to 127.0.0.1#5335',
      'Nov 23 10:00:06 gw01 dnsmasq[812]: 17 192.168.1.23/51234 reply x.example is <TXT>',
    ].join('\n'));
    assert.deepEqual(events.map((e) => [e.host?.name, e.event.action, e.source?.ip, e.source?.port, e.destination?.port, e.labels?.['dnsmasq.serial'], e.labels?.['dnsmasq.client']]), [
      ['gw01', 'dns-query', '192.168.1.23', 51234, undefined, '17', undefined],
      ['gw01', 'dns-forward', undefined, undefined, 5335, '17', '192.168.1.23/51234'],
      ['gw01', 'dns-answer', undefined, undefined, undefined, '17', '192.168.1.23/51234'],
    ]);
  });

  void it("reads dnsmasq-dhcp's leases: the address, MAC and name of each device", async () => {
    const { events } = await readLogText(dirs.fresh(), 'syslog', [
      'Nov 23 10:00:05 gw01 dnsmasq-dhcp[812]: DHCPDISCOVER(br0) aa:bb:cc:dd:ee:ff',
      'Nov 23 10:00:05 gw01 dnsmasq-dhcp[812]: DHCPOFFER(br0) 192.168.1.23 aa:bb:cc:dd:ee:ff',
      'Nov 23 10:00:05 gw01 dnsmasq-dhcp[812]: DHCPACK(br0) 192.168.1.23 AA-BB-CC-DD-EE-FF laptop-alice',
      'Nov 23 10:00:06 gw01 dnsmasq-dhcp[812]: DHCPDISCOVER(br0) aa:bb:cc:dd:ee:01 no address available',
      'Nov 23 10:00:07 gw01 dnsmasq-dhcp[812]: DHCPREPLY(br0) 2001:db8::23 00:01:00:01:2c:3d:4e:5f:aa:bb:cc:dd:ee:ff phone-bob',
    ].join('\n'));
    assert.deepEqual(events.map((e) => [e.event.dataset, e.event.action, e.source?.ip, e.source?.mac, e.source?.domain, e.labels?.['dhcp.detail'] ?? e.labels?.['dhcp.client_id']]), [
      ['dnsmasq.dhcp', 'dhcp-discover', undefined, 'aa:bb:cc:dd:ee:ff', undefined, undefined],
      ['dnsmasq.dhcp', 'dhcp-offer', '192.168.1.23', 'aa:bb:cc:dd:ee:ff', undefined, undefined],
      ['dnsmasq.dhcp', 'dhcp-ack', '192.168.1.23', 'aa:bb:cc:dd:ee:ff', 'laptop-alice', undefined],
      ['dnsmasq.dhcp', 'dhcp-discover', undefined, 'aa:bb:cc:dd:ee:01', undefined, 'no address available'],
      ['dnsmasq.dhcp', 'dhcp-reply', '2001:db8::23', undefined, 'phone-bob', '00:01:00:01:2c:3d:4e:5f:aa:bb:cc:dd:ee:ff'],
    ]);
    assert.ok(events.every((e) => !selected(e, DNS)));
  });

  void it('survives hostile lines: markup and prototype names in questions, answers and DHCP names, endless words', async () => {
    const lines = [
      'query[A] <script>alert(1)</script> from 192.168.1.23',
      'query[__proto__] __proto__ from 192.168.1.23',
      'reply constructor is <img src=x onerror=alert(1)>',
      '__proto__ blocked toString is 0.0.0.0',
      `reply ${'a'.repeat(5000)} is ${'b '.repeat(3000)}`,
      'DHCPACK(__proto__) 192.168.1.23 aa:bb:cc:dd:ee:ff constructor',
      `forwarded x to ${'1'.repeat(100)}`,
    ].map((text, i) => `Nov 23 10:00:${String(10 + i)} gw01 ${text.startsWith('DHCP') ? 'dnsmasq-dhcp' : 'dnsmasq'}[1]: ${text}`);
    const { events, errors } = await readAs('syslog', `${lines.join('\n')}\n`);
    assert.deepEqual(errors, []);
    assert.equal(events.length, lines.length, 'every line is kept');
    for (const event of events) assertSoundEvent(event);
    assert.deepEqual(events.slice(0, 4).map((e) => [e.dns?.question?.name, e.dns?.question?.type, e.event.action]), [
      ['<script>alert(1)</script>', 'A', 'dns-query'],
      // Not a query type dnsmasq writes: the line stays a plain dnsmasq line.
      [undefined, undefined, undefined],
      ['constructor', undefined, 'dns-answer'],
      ['tostring', undefined, 'dns-blocked'],
    ]);
    assert.deepEqual([events[5]?.source?.domain, events[5]?.labels?.['dhcp.interface'], events[6]?.destination?.ip], ['constructor', '__proto__', undefined]);
    assertNoPollution();
  });
});
