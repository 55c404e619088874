import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipv6Candidates } from '../../src/normalize/scan.ts';
import { pickFrom, prng, randomEdits } from '../helpers/random-text.ts';

/** IPv6 candidates are matched only at the starts of hex-and-colon runs: the same matches as the global regex. */

const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-f]{0,4})(?![\w:]|\.\w)/gi;

function viaScanner(text: string): string[] {
  const out: string[] = [];
  ipv6Candidates(text, (match) => out.push(match));
  return out;
}

const SEEDS = [
  '"QueryResults":"::ffff:93.184.220.29;","Image":"C:\\\\Program Files","UtcTime":"2026-11-20 00:00:08.047"',
  'from 2001:DB8::5: reset; fe80::1%eth0 [::1]:443 1:2:3:4:5:6:7:8 1:2:3:4:5:6:1.2.3.4 std::string [Convert]::FromBase64String',
  'a:b:c:d 12:34:56 ::  ::: x::y deadbeef::cafe.io abcd:ef01::1.2.3.4.5 ::1.a',
];
const PIECES = [':', '::', '.', '0', '1', 'a', 'F', 'g', '_', 'ffff', '1.2.3.4', ' ', '"', '[', ']', '%', 'z', '12345'];

describe('IPv6 candidates at run starts = the global regex', () => {
  it('agrees on 40,000 random and mutated texts', () => {
    const random = prng(6_6);
    let matches = 0;
    for (let i = 0; i < 40_000; i++) {
      const text = i % 4 === 0 ? Array.from({ length: 1 + Math.floor(random() * 24) }, () => pickFrom(random, PIECES)).join('') : randomEdits(pickFrom(random, SEEDS), random, PIECES);
      const want = [...text.matchAll(IPV6_CANDIDATE)].map((m) => m[0]);
      assert.deepEqual(viaScanner(text), want, JSON.stringify(text));
      matches += want.length;
    }
    assert.ok(matches > 40_000, `${matches} matches`);
  });
});
