import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unescapeServerText } from '../../src/ingest/formats/web/server-escapes.ts';
import { pickFrom, prng } from '../helpers/random-text.ts';

/** What nginx writes for a quoted variable: `"`, `\` and bytes outside printable ASCII as `\xHH`. */
function nginxEscaped(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += byte === 0x22 || byte === 0x5c || byte < 0x20 || byte > 0x7e ? `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

/** What Apache httpd writes: `\"`, `\\`, and bytes outside printable ASCII as `\xhh`. */
function apacheEscaped(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else out += byte < 0x20 || byte > 0x7e ? `\\x${byte.toString(16).padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

/** Printable text with the characters the servers escape and escape look-alikes, no control characters. */
const PIECES = ['a', 'Z', '9', ' ', '/', '?', '=', '%22', '"', '\\', '\\x', '\\x22', '\\"', 'x22', 'é', '€', '😀', 'Ω', "'", '<', '>'];

describe('undoing a web server\'s escapes', () => {
  it("gives back what the client sent from nginx's and Apache's escaping of it", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const random = prng(seed);
      let sent = '';
      while (sent.length < 40) sent += pickFrom(random, PIECES);
      assert.equal(unescapeServerText(nginxEscaped(sent)), sent, `nginx, seed ${seed}`);
      assert.equal(unescapeServerText(apacheEscaped(sent)), sent, `Apache, seed ${seed}`);
    }
  });

  it('keeps runs of bytes that are no text, other backslashes and a backslash at the end as written', () => {
    assert.equal(unescapeServerText(String.raw`\x16\x03\x01 ok\x22`), String.raw`\x16\x03\x01 ok"`);
    assert.equal(unescapeServerText(String.raw`\xC0\xAE \xE2\x82 \x0A \x7F \xC2\x85`), String.raw`\xC0\xAE \xE2\x82 \x0A \x7F \xC2\x85`);
    assert.equal(unescapeServerText(String.raw`\n \q \x2 \xZZ end\ `), String.raw`\n \q \x2 \xZZ end\ `);
    assert.equal(unescapeServerText('\\'), '\\');
    assert.equal(unescapeServerText('no escapes'), 'no escapes');
  });

  it('never throws on random text', () => {
    const pieces = ['\\', '\\x', '\\xC3', '\\xA9', '\\x0', '\\"', '\\\\', 'x', 'F', '0', 'é', '\ud800'];
    for (let seed = 1; seed <= 1000; seed++) {
      const random = prng(seed);
      let text = '';
      while (text.length < 30) text += pickFrom(random, pieces);
      assert.equal(typeof unescapeServerText(text), 'string');
    }
  });
});
