import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { describe, it } from 'node:test';
import { compact, compactOwned, ip, ipOrDomain, ipPort, macAddress, str } from '../../src/ingest/values.ts';
import { classifyIp } from '../../src/util/ip-class.ts';
import { pickFrom, prng, randomEdits } from '../helpers/random-text.ts';

/**
 * `ip()` looks at the characters before it calls net.isIP (host names never reach the regexes) and checks
 * dotted quads by hand; the old version, which called net.isIP on everything, stays here as the oracle.
 */

function canonicalIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}

function oldIp(value: unknown): string | undefined {
  let s = str(value);
  if (s === undefined) return undefined;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone > 0) s = s.slice(0, zone);
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(s)) s = s.slice(7);
  const kind = isIP(s);
  if (kind === 4) return s;
  if (kind === 6) return canonicalIpv6(s);
  return undefined;
}

const SEEDS = [
  '173.234.31.186', '0.0.0.0', '255.255.255.255', '10.0.0.01', '1.2.3', '2001:DB8::5', '::1', '::', '[fe80::1%eth0]', 'fe80::1%eth0',
  '::ffff:192.0.2.1', '::FFFF:1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', 'LabSZ', 'ns.example.com', 'deadbeef', 'cafe::', '-', ' 1.2.3.4 ', '%1',
];
const PIECES = ['.', ':', '::', '%', '[', ']', '0', '1', '9', '25', '256', 'a', 'F', 'g', 'ffff', ' ', '\t', '\u00a0', '-', 'x'];

describe('ip() and classifyIp() with their cheap checks = net.isIP', () => {
  it('agrees on 50,000 random and mutated values', () => {
    const random = prng(4_6);
    let addresses = 0;
    for (let i = 0; i < 50_000; i++) {
      const text = i % 4 === 0 ? Array.from({ length: 1 + Math.floor(random() * 16) }, () => pickFrom(random, PIECES)).join('') : randomEdits(pickFrom(random, SEEDS), random, PIECES);
      const want = oldIp(text);
      assert.equal(ip(text), want, JSON.stringify(text));
      // classifyIp also skips net.isIPv6 for texts without a colon: it still knows exactly what net.isIP knows.
      assert.equal(classifyIp(text) !== undefined, isIP(text) !== 0, `classifyIp ${JSON.stringify(text)}`);
      if (want !== undefined) addresses++;
    }
    assert.ok(addresses > 2_000, `${addresses} addresses`);
  });

  it('keeps host names as domains and addresses as ips', () => {
    assert.deepEqual(ipOrDomain('LabSZ'), { domain: 'labsz' });
    assert.deepEqual(ipOrDomain('deadbeef'), { domain: 'deadbeef' });
    assert.deepEqual(ipOrDomain('2001:DB8::5'), { ip: '2001:db8::5' });
    assert.deepEqual(ipOrDomain('::ffff:192.0.2.1'), { ip: '192.0.2.1' });
    for (const value of [undefined, 42, true, {}, '']) assert.equal(ip(value), oldIp(value));
  });
});

describe('str()', () => {
  it('drops every placeholder, trimmed, and keeps any other text (long texts skip the placeholder set)', () => {
    for (const placeholder of ['', '-', '(null)', 'null', 'NULL', 'N/A', 'n/a', '(none)']) {
      assert.equal(str(placeholder), undefined, placeholder);
      assert.equal(str(`  ${placeholder}\t`), undefined, placeholder);
    }
    assert.equal(str(' (none)x '), '(none)x');
    assert.equal(str('Mozilla/5.0 (X11; Linux x86_64)'), 'Mozilla/5.0 (X11; Linux x86_64)');
    assert.equal(str('--'), '--');
  });
});

/** Every key in order, undefined values and array contents included: what two compacted trees must share. */
function shape(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(shape).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  return `{${Object.keys(value).map((key) => `${JSON.stringify(key)}:${shape((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

function randomTree(random: () => number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Math.floor(random() * 5);
  for (let i = 0; i < keys; i++) {
    const kind = random();
    const key = pickFrom(random, ['a', 'b', 'c', 'd', '__proto__', 'constructor', 'x.y']);
    const value = kind < 0.3 ? undefined : kind < 0.5 && depth < 4 ? randomTree(random, depth + 1) : kind < 0.6 ? [1, undefined, {}] : kind < 0.7 ? null : pickFrom(random, ['s', '', 0, false]);
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

describe('compactOwned()', () => {
  it('gives what compact() gives, keys in the same order, on 20,000 random trees', () => {
    const random = prng(31);
    for (let i = 0; i < 20_000; i++) {
      const tree = randomTree(random, 0);
      const want = shape(compact(tree));
      assert.equal(shape(compactOwned(tree)), want);
    }
  });
});

describe('ipPort()', () => {
  it('reads an address with its port as logs write it, and a bare address without one', () => {
    assert.deepEqual(ipPort('203.0.113.7:51234'), { ip: '203.0.113.7', port: 51234 });
    assert.deepEqual(ipPort('[2001:DB8::7]:443'), { ip: '2001:db8::7', port: 443 });
    assert.deepEqual(ipPort('2001:db8::7'), { ip: '2001:db8::7' });
    assert.deepEqual(ipPort('2001:db8::7:4000'), { ip: '2001:db8::7:4000' }, 'without brackets an IPv6 address keeps its last group');
    assert.deepEqual(ipPort('2001:db8::7:4000', true), { ip: '2001:db8::7', port: 4000 }, 'unless the log writes IPv6 and port so');
    assert.deepEqual(ipPort('2001:db8::7', true), { ip: '2001:db8::7' });
    assert.deepEqual(ipPort('host.example:80'), {});
    assert.deepEqual(ipPort('203.0.113.7:99999'), {});
    assert.deepEqual(ipPort('[not-an-ip]:80'), {});
    assert.deepEqual(ipPort(undefined), {});
  });
});

describe('macAddress()', () => {
  it('reads the ways devices and RADIUS servers write a MAC as one form, and nothing else', () => {
    assert.deepEqual(
      ['aa:bb:cc:dd:ee:ff', 'AA-BB-CC-DD-EE-FF', 'aabb.ccdd.eeff', 'AABBCCDDEEFF', 'DE-AD-BE-EF-00-01'].map(macAddress),
      ['aa:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:ff', 'aa:bb:cc:dd:ee:ff', 'de:ad:be:ef:00:01'],
    );
    assert.deepEqual(['203.0.113.5', 'aa:bb:cc:dd:ee', 'aa:bb:cc:dd:ee:ff:00', 'gg:bb:cc:dd:ee:ff', '', undefined, '__proto__'].map(macAddress), [undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
