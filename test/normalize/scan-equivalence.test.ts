import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scanText } from '../../src/normalize/scan.ts';
import { pickFrom, prng, randomEdits } from '../helpers/random-text.ts';
import { oldScanText } from './scan-oracle.ts';

/** The indicator scanner after each speed-up finds exactly the candidates of the version before it. */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const SEEDS = [
  '88.176.206.172 - - [20/Nov/2026:00:00:11 +0000] "GET /static/js/vendor.c91f2e.js HTTP/1.1" 200 5871 "https://shop.example.com/products" "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1"',
  'Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
  'Hashes: MD5=D5BD15D81F2F6C899950B18D0463090B,SHA256=F2F9AA76FBB1D93E089E7C7D1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D fe80::1:2:3:4:5 a_b.example.com 01.2.3.4 1.2.3.4.5 10.0.0.1. -x-.example.org.',
  ...readFileSync(join(FIXTURES, 'windows-json', 'input.jsonl'), 'utf8').split('\n').filter((l) => l !== '').slice(0, 3),
];
const PIECES = ['.', '..', '-', '_', '0', '1', '25', '255', '256', '00', 'a', 'Z', 'com', 'io', 'x'.repeat(64), 'f'.repeat(32), 'A'.repeat(40), ':', '::', ' ', '/', '@', 'é', '1.2.3.4', 'a.b'];

describe('indicator scanner = its previous version', () => {
  it('finds the same candidates in 30,000 random and mutated texts', () => {
    const random = prng(2_026);
    let candidates = 0;
    for (let i = 0; i < 30_000; i++) {
      const text = i % 4 === 0 ? Array.from({ length: 1 + Math.floor(random() * 30) }, () => pickFrom(random, PIECES)).join('') : randomEdits(pickFrom(random, SEEDS), random, PIECES);
      const want = oldScanText(text);
      assert.deepEqual(scanText(text), want, JSON.stringify(text).slice(0, 300));
      candidates += (want.ipv4?.length ?? 0) + (want.hosts?.length ?? 0) + (want.hex?.length ?? 0);
    }
    assert.ok(candidates > 30_000, `${candidates} candidates`);
  });
});
