import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';

/** pfSense and OPNsense `filterlog` verdicts in syslog (RFC 5424 and BSD headers), read as firewall events. */

test('filterlog lines: verdict, endpoints, protocol, interface and direction, for IPv4 and IPv6, TCP, UDP and ICMP', async () => {
  const events = await eventsOf('filter.log', [
    '<134>1 2025-11-06T11:32:42.868451+00:00 firewall.lan filterlog 92653 - - 7,,,1000000102,vtnet0.5,match,block,in,4,0x0,,64,19008,0,DF,6,tcp,60,192.168.5.6,192.168.1.100,42970,80,0,S,523876198,,64240,,mss;sackOK;TS;nop;wscale',
    '<134>1 2025-11-06T11:42:14.270789+00:00 firewall.lan filterlog 92653 - - 621,,,1644355515,vtnet0.10,match,block,in,6,0x00,0x07c63,64,TCP,6,44,fdfd:ace:ace:10:d8:cdbf:f6f8:6d69,fdfd:ace:ace:5::6,65382,443,0,S,1927530165,,0,,mss',
    'Nov  6 11:50:00 opnsense filterlog[4321]: 80,,,02f4bab031b57d1e30553ce08e0ec131,igb0,match,pass,out,4,0x0,,64,31337,0,none,17,udp,76,10.0.0.5,9.9.9.9,53211,53,56',
    'Nov  6 11:51:00 opnsense filterlog[4321]: 5,,,1000000103,igb1,match,block,in,4,0x0,,242,0,0,none,1,icmp,28,203.0.113.9,198.51.100.1,request,4660,1',
    'Nov  6 11:52:00 opnsense filterlog[4321]: something filterlog does not write',
  ].join('\n') + '\n');
  assert.deepEqual(
    events.map((e) => [e.event.dataset, e.event.type?.[0], e.event.outcome, e.source?.ip, e.source?.port, e.destination?.ip, e.destination?.port, e.network?.transport, e.network?.direction]),
    [
      ['filterlog', 'denied', 'failure', '192.168.5.6', 42970, '192.168.1.100', 80, 'tcp', 'ingress'],
      ['filterlog', 'denied', 'failure', 'fdfd:ace:ace:10:d8:cdbf:f6f8:6d69', 65382, 'fdfd:ace:ace:5::6', 443, 'tcp', 'ingress'],
      ['filterlog', 'allowed', 'success', '10.0.0.5', 53211, '9.9.9.9', 53, 'udp', 'egress'],
      ['filterlog', 'denied', 'failure', '203.0.113.9', undefined, '198.51.100.1', undefined, 'icmp', 'ingress'],
      ['syslog', undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    ],
  );
  assert.deepEqual([events[0]?.network?.interface, events[2]?.network?.interface], [{ in: 'vtnet0.5' }, { out: 'igb0' }]);
  assert.equal(events[0]?.labels?.['filterlog.tcp_flags'], 'S');
  assert.equal(events[1]?.labels?.['filterlog.tcp_flags'], 'S');
  assert.deepEqual(events.map((e) => selected(e, { category: 'firewall' })), [true, true, true, true, false]);
});
