import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { describe, it } from 'node:test';
import { extractIndicators } from '../../src/normalize/indicators.ts';
import { classifyIp } from '../../src/util/ip-class.ts';
import type { Indicator, IndicatorType } from '../../src/schema/event.ts';

function of(type: IndicatorType, text: string): string[] {
  return extractIndicators(text).filter((i) => i.type === type).map((i) => i.value);
}

function find(text: string, value: string): Indicator | undefined {
  return extractIndicators(text).find((i) => i.value === value);
}

describe('IPv4', () => {
  it('finds valid addresses and rejects invalid octets and longer dotted runs', () => {
    assert.deepEqual(of('ipv4', 'Failed password for root from 203.0.113.7 port 22'), ['203.0.113.7']);
    assert.deepEqual(of('ipv4', 'bad 999.1.1.1 and 1.2.3.256 and 01.2.3.4x'), []);
    assert.deepEqual(of('ipv4', 'version 1.2.3.4.5 installed'), []);
    assert.deepEqual(of('ipv4', 'end of sentence 10.0.0.1.'), ['10.0.0.1']);
    assert.deepEqual(of('ipv4', 'src=192.168.1.10:443,dst=[8.8.8.8]'), ['192.168.1.10', '8.8.8.8']);
    assert.deepEqual(of('ipv4', '0.0.0.0 255.255.255.255'), ['0.0.0.0', '255.255.255.255']);
  });

  it('classifies addresses', () => {
    const cases: [string, string][] = [
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.32.0.1', 'public'],
      ['192.168.255.255', 'private'],
      ['127.0.0.1', 'loopback'],
      ['169.254.10.20', 'link-local'],
      ['192.0.2.5', 'documentation'],
      ['198.51.100.5', 'documentation'],
      ['203.0.113.5', 'documentation'],
      ['100.64.1.1', 'shared'],
      ['224.0.0.251', 'multicast'],
      ['0.0.0.0', 'unspecified'],
      ['255.255.255.255', 'reserved'],
      ['8.8.8.8', 'public'],
      ['185.220.101.4', 'public'],
    ];
    for (const [ip, cls] of cases) {
      assert.equal(classifyIp(ip), cls, ip);
      assert.equal(find(`seen ${ip} here`, ip)?.class, cls, ip);
    }
    assert.equal(classifyIp('999.1.1.1'), undefined);
    assert.equal(classifyIp('example.com'), undefined);
  });

  it('classifies the first and last address of every IPv4 range, and the neighbours just outside it', () => {
    const cases: [string, string][] = [
      ['0.0.0.0', 'unspecified'], ['0.0.0.1', 'reserved'], ['0.255.255.255', 'reserved'], ['1.0.0.0', 'public'],
      ['9.255.255.255', 'public'], ['10.0.0.0', 'private'], ['10.255.255.255', 'private'], ['11.0.0.0', 'public'],
      ['100.63.255.255', 'public'], ['100.64.0.0', 'shared'], ['100.127.255.255', 'shared'], ['100.128.0.0', 'public'],
      ['126.255.255.255', 'public'], ['127.0.0.0', 'loopback'], ['127.255.255.255', 'loopback'], ['128.0.0.0', 'public'],
      ['169.253.255.255', 'public'], ['169.254.0.0', 'link-local'], ['169.254.255.255', 'link-local'], ['169.255.0.0', 'public'],
      ['172.15.255.255', 'public'], ['172.16.0.0', 'private'], ['172.31.255.255', 'private'], ['172.32.0.0', 'public'],
      ['191.255.255.255', 'public'], ['192.0.0.0', 'reserved'], ['192.0.0.255', 'reserved'], ['192.0.1.0', 'public'],
      ['192.0.1.255', 'public'], ['192.0.2.0', 'documentation'], ['192.0.2.255', 'documentation'], ['192.0.3.0', 'public'],
      ['192.167.255.255', 'public'], ['192.168.0.0', 'private'], ['192.168.255.255', 'private'], ['192.169.0.0', 'public'],
      ['198.17.255.255', 'public'], ['198.18.0.0', 'reserved'], ['198.19.255.255', 'reserved'], ['198.20.0.0', 'public'],
      ['198.51.99.255', 'public'], ['198.51.100.0', 'documentation'], ['198.51.100.255', 'documentation'], ['198.51.101.0', 'public'],
      ['203.0.112.255', 'public'], ['203.0.113.0', 'documentation'], ['203.0.113.255', 'documentation'], ['203.0.114.0', 'public'],
      ['223.255.255.255', 'public'], ['224.0.0.0', 'multicast'], ['239.255.255.255', 'multicast'], ['240.0.0.0', 'reserved'],
      ['255.255.255.254', 'reserved'],
    ];
    for (const [ip, cls] of cases) assert.equal(classifyIp(ip), cls, ip);
    for (const bad of ['01.2.3.4', '1.2.3', '1.2.3.4.5', '1.2.3.256', '1..2.3', ' 1.2.3.4']) assert.equal(classifyIp(bad), undefined, bad);
  });

  it('takes for an IPv4 address exactly what net.isIPv4 takes', () => {
    const pieces = ['0', '00', '01', '1', '9', '10', '99', '100', '199', '249', '250', '255', '256', '300', '999', '1000', '', 'a', ' ', '-1', '+1'];
    let state = 7;
    const pick = () => pieces[(state = (state * 1103515245 + 12345) % 2147483648) % pieces.length]!;
    for (let i = 0; i < 20_000; i++) {
      const parts = Array.from({ length: 2 + (i % 4) }, pick);
      const text = parts.join(i % 13 === 0 ? '..' : '.');
      assert.equal(classifyIp(text) !== undefined, isIP(text) !== 0, text);
    }
  });
});

describe('IPv6', () => {
  it('finds full, compressed and IPv4-mapped addresses', () => {
    assert.deepEqual(of('ipv6', 'from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 port 22'), ['2001:0db8:85a3:0000:0000:8a2e:0370:7334']);
    assert.deepEqual(of('ipv6', 'from 2001:db8::1 port 22'), ['2001:db8::1']);
    assert.deepEqual(of('ipv6', 'peer [FE80::1%eth0]:22'), ['fe80::1']);
    assert.deepEqual(of('ipv6', 'listening on ::1 and ::'), ['::1']);
    assert.deepEqual(of('ipv6', 'client ::ffff:192.0.2.128 connected'), ['::ffff:192.0.2.128']);
    assert.deepEqual(of('ipv4', 'client ::ffff:192.0.2.128 connected'), ['192.0.2.128']);
  });

  it('does not take times, MACs or code for addresses', () => {
    assert.deepEqual(of('ipv6', 'at 12:34:56 mac 00:1a:2b:3c:4d:5e'), []);
    assert.deepEqual(of('ipv6', 'std::string and Foo::Bar::baz'), []);
    assert.deepEqual(of('ipv6', '[System.Text.Encoding]::ASCII.GetString([Convert]::FromBase64String($x))'), []);
    assert.deepEqual(of('ipv6', 'a::b:c::d'), []);
  });

  it('finds an address followed by a colon or a full stop', () => {
    assert.deepEqual(of('ipv6', 'client 2001:db8::5: connection reset'), ['2001:db8::5']);
    assert.deepEqual(of('ipv6', 'connection from 2001:db8::7.'), ['2001:db8::7']);
    assert.deepEqual(of('ipv6', 'not ::ffff:1.2.3.4.5'), []);
  });

  it('classifies addresses, also when written with leading zeros or in full', () => {
    const cases: [string, string][] = [
      ['::1', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'link-local'],
      ['febf::1', 'link-local'],
      ['fd12:3456::1', 'private'],
      ['ff02::1', 'multicast'],
      ['2001:db8::', 'documentation'],
      ['2001:db8::1', 'documentation'],
      ['2001:0db8:85a3::8a2e:0370:7334', 'documentation'],
      ['2001:DB8:0:0:0:0:0:1', 'documentation'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:8.8.8.8', 'public'],
      ['::ffff:7f00:1', 'loopback'],
      ['2606:4700:4700::1111', 'public'],
      ['2001:4860:4860::8888', 'public'],
    ];
    for (const [ip, cls] of cases) assert.equal(classifyIp(ip), cls, ip);
  });
});

describe('names', () => {
  it('finds domains with known TLDs and not file names', () => {
    assert.deepEqual(of('domain', 'lookup example.com A'), ['example.com']);
    assert.deepEqual(of('domain', 'resolved Mail.Example.CO.UK ok'), ['mail.example.co.uk']);
    assert.deepEqual(of('domain', 'C:\\Windows\\System32\\svchost.exe -k netsvcs'), []);
    assert.deepEqual(of('domain', 'ran /tmp/script.sh and app.py and lib.so and notes.md'), []);
    assert.deepEqual(of('domain', 'config.yaml data.json report.pdf'), []);
  });

  it('finds URLs with their host as a domain, trimming trailing punctuation', () => {
    const text = 'GET http://evil.example.net:8080/payload.exe?x=1, then see https://203.0.113.9/a).';
    assert.deepEqual(of('url', text), ['http://evil.example.net:8080/payload.exe?x=1', 'https://203.0.113.9/a']);
    assert.deepEqual(of('domain', text), ['evil.example.net']);
    assert.deepEqual(of('ipv4', text), ['203.0.113.9']);
    assert.deepEqual(of('domain', 'fetch https://host.internal.zz/x'), ['host.internal.zz']);
  });

  it('finds emails without repeating their domain as a domain', () => {
    const text = 'mail from Alice.Smith+tag@Corp.Example.org to bob@example.com';
    assert.deepEqual(of('email', text), ['alice.smith+tag@corp.example.org', 'bob@example.com']);
    assert.deepEqual(of('domain', text), []);
  });
});

describe('hashes and CVEs', () => {
  it('types hex strings by length', () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const sha1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const text = `MD5=${md5},SHA1=${sha1} SHA256=${sha256} other=${'a'.repeat(48)} ${'b'.repeat(128)}`;
    assert.deepEqual(of('md5', text), [md5]);
    assert.deepEqual(of('sha1', text), [sha1.toLowerCase()]);
    assert.deepEqual(of('sha256', text), [sha256]);
    assert.equal(extractIndicators(text).length, 3);
  });

  it('finds CVE ids in any case', () => {
    assert.deepEqual(of('cve', 'exploit for cve-2021-44228 and CVE-2024-1234567; not CVE-21-1'), ['CVE-2021-44228', 'CVE-2024-1234567']);
  });
});

describe('limits and hostile input', () => {
  it('reports each indicator once', () => {
    assert.deepEqual(extractIndicators('8.8.8.8 8.8.8.8 EXAMPLE.com example.com'), [
      { type: 'ipv4', value: '8.8.8.8', class: 'public' },
      { type: 'domain', value: 'example.com' },
    ]);
  });

  it('caps the number of indicators and the text scanned', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.1`).join(' ');
    assert.equal(extractIndicators(many).length, 64);
    const late = `${'x '.repeat(100_000)} 8.8.4.4`;
    assert.deepEqual(extractIndicators(late), []);
  });

  it('returns quickly on hostile text', () => {
    const inputs = [
      '.'.repeat(1024 * 1024),
      'a.'.repeat(512 * 1024),
      'a-'.repeat(512 * 1024),
      '1.'.repeat(512 * 1024),
      ':'.repeat(1024 * 1024),
      'a:'.repeat(512 * 1024),
      '1:'.repeat(512 * 1024),
      `${'a'.repeat(70)}.`.repeat(15_000),
      `${'x.'.repeat(40_000)}@${'y.'.repeat(40_000)}`,
      `http://${'a'.repeat(1024 * 1024)}`,
      '\u001b[31m'.repeat(100_000),
      'f'.repeat(1024 * 1024),
      'CVE-'.repeat(250_000),
    ];
    for (const text of inputs) {
      const started = performance.now();
      extractIndicators(text);
      const ms = performance.now() - started;
      assert.ok(ms < 500, `${JSON.stringify(text.slice(0, 12))}… took ${Math.round(ms)} ms`);
    }
  });

  it('reads indicators through ANSI colour codes', () => {
    const text = '\u001b[1;31mblocked\u001b[0m 203.0.113.50 \u001b[32mexample.com\u001b[0m';
    assert.deepEqual(of('ipv4', text), ['203.0.113.50']);
    assert.deepEqual(of('domain', text), ['example.com']);
  });
});
