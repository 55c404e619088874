import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyValues, wordValue } from '../../src/ingest/formats/syslog/util.ts';
import { isSpace } from '../../src/util/space.ts';
import { ownValue } from '../../src/ingest/values.ts';
import { pickFrom, prng, randomEdits } from '../helpers/random-text.ts';

/**
 * PAM's `key=value` words are read in place (wordValue) instead of splitting them with `/\s+/` into an
 * object (keyValues, kept as the oracle): every key must get the same value on random and mutated text.
 */

const KEYS = ['user', 'ruser', 'rhost', 'tty', 'logname', 'uid'];
const SEEDS = [
  ' logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186  user=root',
  ' logname=zbadguy uid=4001 euid=0 tty=/dev/pts/12 ruser=zbadguy rhost=  user=zbadguy',
  'user=a user=b ruser=c',
  'xuser=1 user==2 =user=3 a=user=4\tuser=5',
];
const PIECES = ['=', ' ', '\t', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u180e', 'user=', 'ruser=', 'rhost=', 'tty=', '==', 'r', 'x', '1.2.3.4'];

describe('PAM words read in place = keyValues', () => {
  it('isSpace is \\s for every UTF-16 code unit', () => {
    for (let code = 0; code <= 0xffff; code++) assert.equal(isSpace(code), /\s/.test(String.fromCharCode(code)), `U+${code.toString(16)}`);
  });

  it('agrees on 30,000 random and mutated texts for every key', () => {
    const random = prng(7_707);
    let found = 0;
    for (let i = 0; i < 30_000; i++) {
      const text = i % 5 === 0 ? Array.from({ length: 1 + Math.floor(random() * 12) }, () => pickFrom(random, PIECES)).join('') : randomEdits(pickFrom(random, SEEDS), random, PIECES);
      const pairs = keyValues(text);
      for (const key of KEYS) {
        const want = ownValue(pairs, key);
        assert.equal(wordValue(text, key), want, `${key} in ${JSON.stringify(text)}`);
        if (want !== undefined) found++;
      }
    }
    assert.ok(found > 50_000, `${found} values found`);
  });
});
