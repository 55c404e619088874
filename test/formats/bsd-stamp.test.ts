import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BAD_STAMP, NO_STAMP, bsdStampLength } from '../../src/ingest/formats/syslog/bsd-stamp.ts';
import { pickFrom, prng, randomEdits } from '../helpers/random-text.ts';

/** The syslog header's RFC 3164 stamp, read by position first: the same outcome as the regex it used to run alone. */

const MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const BSD = /^([A-Z][a-z]{2}) +(\d{1,2}) (?:\d{4} )?\d{1,2}:\d{2}:\d{2}(?:\.\d{1,6})?(?= |$)/;

function viaRegex(text: string): number {
  const m = BSD.exec(text);
  if (m === null) return NO_STAMP;
  return !MONTHS.has(m[1] ?? '') || Number(m[2]) < 1 || Number(m[2]) > 31 ? BAD_STAMP : m[0].length;
}

const SEEDS = [
  'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186',
  'Jan  1 00:00:01 host CRON[1]: x',
  'Feb 29 2024 23:59:59.123456 host kernel: y',
  'Mar 3 9:05:01 h su: z',
  'Dec 10 06:55:46',
  'Foo 10 06:55:46 h p: q',
];
const PIECES = [' ', '  ', '0', '1', '3', '9', ':', '.', '.123', '2024 ', 'Dec', 'dec', 'DEC', 'Xyz', 'a', 'Z', '\t', '\u00a0', '\n', '32', '00'];

describe('BSD stamp by position = the regex', () => {
  it('agrees on 40,000 random and mutated lines', () => {
    const random = prng(3164);
    const seen = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const text = randomEdits(pickFrom(random, SEEDS), random, PIECES);
      const want = viaRegex(text);
      assert.equal(bsdStampLength(text), want, JSON.stringify(text));
      const kind = want === NO_STAMP ? 'none' : want === BAD_STAMP ? 'bad' : want === 15 ? 'fixed' : 'other';
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
    }
    for (const kind of ['none', 'bad', 'fixed', 'other']) assert.ok((seen.get(kind) ?? 0) > 500, `${kind}: ${seen.get(kind) ?? 0}`);
  });

  it('agrees on every day and a few months in both padded forms', () => {
    for (const month of ['Jan', 'Dec', 'Dez', 'JAN']) {
      for (let day = 0; day <= 40; day++) {
        for (const text of [`${month} ${String(day).padStart(2, ' ')} 10:11:12 h p: m`, `${month} ${String(day).padStart(2, '0')} 10:11:12`, `${month} ${day} 10:11:12x`]) {
          assert.equal(bsdStampLength(text), viaRegex(text), JSON.stringify(text));
        }
      }
    }
  });
});
