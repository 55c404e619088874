import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combinedTail, splitAccessLine } from '../../src/ingest/formats/web/access-line.ts';
import { splitPrefix } from '../../src/ingest/formats/web-access.ts';
import { prng, randomEdits, pickFrom } from '../helpers/random-text.ts';

/**
 * The access-line scanner replaced two regular expressions; they stay here as the oracle. Random and
 * mutated lines must give exactly the regexes' results (match or not, and every captured field).
 */

const LINE = /^([^[\]"]{1,600}?) \[([^\]]{10,40})\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)(.*)$/;
const COMBINED_TAIL = /^ "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"(.*)$/;

const SEEDS = [
  '192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a.html HTTP/1.0" 200 2326',
  '2001:DB8::5 - bob [10/Oct/2000:13:55:36 +0000] "POST /login?next=%2F&x=1 HTTP/1.1" 403 - "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64)"',
  'www.example.com:443 192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-" rt=0.001 uct="0.000"',
  '192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "\\x16\\x03\\x01\\x02\\x00" 400 226 "-" "-"',
  '192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET /\\"quoted\\" HTTP/1.1" 200 12 "ref \\" x" "agent \\\\" extra',
];

/** Pieces that move a line across the regexes' boundaries: brackets, quotes, escapes, digits, line breaks. */
const PIECES = ['[', ']', '"', '\\', '\\"', '\\\\', ' ', '-', '0', '7', '200', ' 200 ', '" ', ' "', '\n', '\r', '\u2028', '\u2029', 'é', '\u0000', 'x'.repeat(600), '1'.repeat(12)];

function viaRegex(text: string): unknown {
  const m = LINE.exec(text);
  if (m === null) return undefined;
  const rest = m[6] ?? '';
  const tail = COMBINED_TAIL.exec(rest);
  return {
    prefix: m[1], time: m[2], request: m[3], status: m[4], bytes: m[5], rest,
    tail: tail === null ? undefined : { referrer: tail[1], agent: tail[2], rest: tail[3] },
  };
}

function viaScanner(text: string): unknown {
  const line = splitAccessLine(text);
  if (line === undefined) return undefined;
  const tail = combinedTail(text, line.restStart);
  return {
    prefix: line.prefix, time: line.time, request: line.request, status: line.status, bytes: line.bytes, rest: text.slice(line.restStart),
    tail: tail === undefined ? undefined : { referrer: tail.referrer, agent: tail.agent, rest: text.slice(tail.restStart) },
  };
}

/** A line built from random parts, most of them close to valid (lengths around the 1–600 and 10–40 limits). */
function builtLine(random: () => number): string {
  const word = (n: number) => Array.from({ length: n }, () => pickFrom(random, ['a', '1', '.', ':', '-', 'x', ' ', '"', '\\', ']'])).join('');
  const prefix = random() < 0.1 ? 'p'.repeat(595 + Math.floor(random() * 10)) : word(Math.floor(random() * 12));
  const time = random() < 0.3 ? 't'.repeat(8 + Math.floor(random() * 35)) : '10/Oct/2000:13:55:36 -0700';
  const status = pickFrom(random, ['200', '20', '2000', 'abc', '404']);
  const bytes = pickFrom(random, ['-', '123', '', '--', '12a']);
  const tail = random() < 0.5 ? ` "${word(Math.floor(random() * 8))}" "${word(Math.floor(random() * 8))}"${word(Math.floor(random() * 5))}` : word(Math.floor(random() * 6));
  return `${prefix} [${time}] "${word(Math.floor(random() * 20))}" ${status} ${bytes}${tail}`;
}

describe('access-line scanner = the regexes it replaced', () => {
  it('agrees on 40,000 random, built and mutated lines', () => {
    const random = prng(20_240_611);
    let matched = 0;
    let combined = 0;
    for (let i = 0; i < 40_000; i++) {
      const base = i % 3 === 0 ? builtLine(random) : pickFrom(random, SEEDS);
      const text = i % 7 === 0 ? base : randomEdits(base, random, PIECES);
      const want = viaRegex(text);
      assert.deepEqual(viaScanner(text), want, `line ${JSON.stringify(text)}`);
      if (want !== undefined) {
        matched++;
        if ((want as { tail?: unknown }).tail !== undefined) combined++;
      }
    }
    // Both outcomes are exercised: lines that match, with and without the combined tail, and lines that do not.
    assert.ok(matched > 5_000 && matched < 35_000, `${matched} matched`);
    assert.ok(combined > 1_000, `${combined} combined`);
  });

  it('agrees on the limits of the prefix and time lengths and on escapes before line breaks', () => {
    const cases = [
      `${'a'.repeat(600)} [${'t'.repeat(10)}] "" 200 -`,
      `${'a'.repeat(601)} [${'t'.repeat(10)}] "" 200 -`,
      `a [${'t'.repeat(9)}] "" 200 -`,
      `a [${'t'.repeat(40)}] "" 200 -`,
      `a [${'t'.repeat(41)}] "" 200 -`,
      ' [10/Oct/2000:13:55:36 -0700] "" 200 -',
      'a [10/Oct/2000:13:55:36 -0700] "x\\\n" 200 -',
      'a [10/Oct/2000:13:55:36 -0700] "x\\\u2028" 200 -',
      'a [10/Oct/2000:13:55:36 -0700] "x\n" 200 -',
      'a [10/Oct/2000:13:55:36 -0700] "x" 200 - \r',
      'a [10/Oct/2000:13:55:36 -0700] "x" 200 12 "r" "u\\',
      'a [10/Oct/2000:13:55:36 -0700] "x" 200 12 "r" "u\\"',
      'a\n [10/\nOct] "x" 200 12',
    ];
    for (const text of cases) assert.deepEqual(viaScanner(text), viaRegex(text), JSON.stringify(text));
  });
});

/** The prefix split as it was, by String.prototype.split. */
function oldSplitPrefix(prefix: string): unknown {
  const tokens = prefix.split(' ');
  if (tokens.some((token) => token === '')) return undefined;
  const [a, b, c, d] = tokens;
  if (a === undefined || b === undefined) return undefined;
  if (tokens.length === 2) return { client: a, user: b };
  if (tokens.length === 3) return { client: a, ident: b, user: c };
  if (tokens.length === 4) return { vhost: a, client: b, ident: c, user: d };
  return undefined;
}

describe('access-line prefix split by indexOf = by split', () => {
  it('agrees on every arrangement of up to six tokens and spaces', () => {
    const random = prng(5);
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: Math.floor(random() * 9) }, () => pickFrom(random, [' ', ' ', 'a', 'bb', '-', '1.2.3.4', '\t'])).join('');
      assert.deepEqual(splitPrefix(text), oldSplitPrefix(text), JSON.stringify(text));
    }
  });
});
