import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ianaTransport } from '../../src/ingest/iana-transport.ts';
import { eventsOf } from '../detect/mapping/helpers.ts';

/** One IANA protocol table for every reader that takes protocol numbers: the same number is the same transport. */

const NUMBERS = ['1', '2', '6', '17', '47', '50', '51', '58', '132'];

/** One log per reader, each line naming the protocol by number. */
const READERS: [string, string, (proto: string) => string][] = [
  ['netfilter', 'kern.log', (p) => `Mar  3 11:00:01 fw01 kernel: [1.0] IPTABLES-DROP: IN=eth0 OUT= SRC=203.0.113.5 DST=192.0.2.10 LEN=40 PROTO=${p} SPT=1 DPT=2\n`],
  ['CEF', 'cef.log', (p) => `CEF:0|Vendor|Firewall|1|100|deny|5|rt=1717236000250 src=10.1.2.3 dst=203.0.113.10 proto=${p} act=blocked\n`],
  ['FortiGate', 'forti.log', (p) => `date=2026-11-22 time=10:00:01 devname="FGT" logid="0000000013" type="traffic" subtype="forward" srcip=10.10.40.21 dstip=93.184.215.14 proto=${p} action="deny"\n`],
  ['VPC Flow Logs', 'vpc.log', (p) => `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n2 1 eni-1 203.0.113.12 172.31.16.139 0 0 ${p} 4 336 1732356000 1732356060 REJECT OK\n`],
  ['Windows Firewall', 'pfirewall.log', (p) => `#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\n2024-11-23 10:00:00 DROP ${p} 203.0.113.5 10.0.0.5 - - 52 - - - - - - - RECEIVE 4\n`],
  ['Windows Filtering Platform', 'wfp.json', (p) => `${JSON.stringify({ EventID: 5157, Channel: 'Security', ProviderName: 'Microsoft-Windows-Security-Auditing', Computer: 'ws1', TimeCreated: '2024-11-23T10:00:00Z', Protocol: p, SourceAddress: '10.0.0.5', DestAddress: '203.0.113.5', Direction: '%%14593' })}\n`],
  ['generic JSON', 'app.json', (p) => `${JSON.stringify({ timestamp: '2024-11-23T10:00:00Z', src_ip: '10.0.0.5', dst_ip: '203.0.113.5', protocol: p, action: 'deny' })}\n`],
];

void describe('IANA protocol numbers', () => {
  void it('names the transports logs write as numbers, and nothing else', () => {
    assert.deepEqual(NUMBERS.map(ianaTransport), ['icmp', 'igmp', 'tcp', 'udp', 'gre', 'esp', 'ah', 'ipv6-icmp', 'sctp']);
    assert.equal(ianaTransport('253'), undefined, 'reserved for experiments');
    assert.equal(ianaTransport('tcp'), undefined);
  });

  for (const [reader, fileName, log] of READERS) {
    void it(`${reader} gives each number the table's name`, async () => {
      const transports: (string | undefined)[] = [];
      for (const proto of NUMBERS) {
        const events = await eventsOf(fileName, log(proto));
        transports.push(events.at(-1)?.network?.transport);
      }
      assert.deepEqual(transports, NUMBERS.map(ianaTransport));
    });
  }
});
