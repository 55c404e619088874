import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { urlHostOf, urlMatches, withoutUrlTrailer } from '../../src/normalize/scan.ts';
import { pickFrom, prng, randomEdits } from '../helpers/random-text.ts';

/**
 * URLs are found from each `://` by hand instead of by three regular expressions, kept here as the oracle:
 * random and mutated texts must give exactly the same URLs, trimmed values and hosts.
 */

const URL = /\b(?:https?|ftp):\/\/[^\s"'<>`\\^{}|]{1,2000}/gi;
const URL_TRAILER = /[.,;:)\]]+$/;
const URL_HOST = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:?#]+)/i;

function viaRegex(text: string): [string, string, string | undefined][] {
  return [...text.matchAll(URL)].map((m) => {
    const value = m[0].replace(URL_TRAILER, '');
    return [m[0], value, URL_HOST.exec(value)?.[1]];
  });
}

function viaScanner(text: string): [string, string, string | undefined][] {
  const out: [string, string, string | undefined][] = [];
  urlMatches(text, (match) => {
    const value = withoutUrlTrailer(match);
    out.push([match, value, urlHostOf(value)]);
  });
  return out;
}

const SEEDS = [
  '"GET /p HTTP/1.1" 200 5 "https://shop.example.com/search?q=running+shoes" "Mozilla/5.0 (X11)"',
  'see http://user:pw@evil.example.net:8080/payload.exe?x=1, and ftp://203.0.113.9/a).',
  'xhttp://no HTTPS://Upper.Example.COM/#frag ftp://@/ http://a@ http:///x https://[::1]:443/',
  'http://a/?u=http://b/c;http://c.example.org]',
  '<a href=\'http://x.io\'>`https://y.io`</a>{ftp://z}|http://q^',
];
const PIECES = ['://', 'http', 'HTTPS', 'ftp', 'Ftp', 's', 'p', 'x', '_', '1', '@', '/', ':', '?', '#', '.', ',', ';', ')', ']', ' ', '\t', '\u00a0', '\u2028', '"', "'", '<', '`', '\\', '^', '{', '|', 'é', 'a'.repeat(1999), 'b'.repeat(2003)];

describe('URL scanner = the regexes it replaced', () => {
  it('agrees on 40,000 random and mutated texts', () => {
    const random = prng(1_998);
    let urls = 0;
    for (let i = 0; i < 40_000; i++) {
      const text = i % 4 === 0 ? Array.from({ length: 1 + Math.floor(random() * 14) }, () => pickFrom(random, PIECES)).join('') : randomEdits(pickFrom(random, SEEDS), random, PIECES);
      const want = viaRegex(text);
      assert.deepEqual(viaScanner(text), want, JSON.stringify(text).slice(0, 300));
      urls += want.length;
    }
    assert.ok(urls > 40_000, `${urls} URLs`);
  });

  it('agrees around the 2,000-character body limit', () => {
    for (const n of [1, 1999, 2000, 2001, 4001]) {
      for (const text of [`http://${'a'.repeat(n)}`, `http://${'a'.repeat(n)}http://b`, `http://${'a'.repeat(n - 1)}:http://b`, `x ftp://${'.'.repeat(n)}`]) {
        assert.deepEqual(viaScanner(text), viaRegex(text), `${text.slice(0, 20)}… (${text.length})`);
      }
    }
  });
});
