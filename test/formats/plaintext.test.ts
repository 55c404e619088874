import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { plaintextFormat } from '../../src/ingest/formats/plaintext.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { HOSTILE_WORDS, hostileEvents } from '../helpers/hostile.ts';

const { parse, draft } = lineFormatHelpers(plaintextFormat);

void describe('plaintext', () => {
  void it('sniffs a tiny constant so any other format wins', () => {
    assert.equal(plaintextFormat.sniff({ fileName: 'x', lines: ['anything'], values: [] }), 0.01);
    assert.equal(plaintextFormat.sniff({ fileName: 'x', lines: [], values: [] }), 0.01);
  });

  void it('makes every non-empty line an event and whitespace-only lines meta', () => {
    const d = draft('no timestamp here, user=alice');
    assert.deepEqual(d, { dataset: 'plaintext', fields: { message: 'no timestamp here, user=alice' } });
    assert.equal(parse('   \t ').kind, 'meta');
    assert.equal(parse('').kind, 'meta');
  });

  void it('keeps time and message of syslog-like lines without a program, and no false host', () => {
    const d = draft('Apr 15 02:30:00 failed login from 198.51.100.16');
    assert.equal(d.time, 'Apr 15 02:30:00');
    assert.equal(d.fields.message, 'Apr 15 02:30:00 failed login from 198.51.100.16');
    assert.equal(d.fields.host, undefined);
  });

  void it('finds the first timestamp in each supported layout', () => {
    const cases: [string, string][] = [
      ['2024-01-15T10:30:00.123Z started', '2024-01-15T10:30:00.123Z'],
      ['2024-01-15 10:30:00 started', '2024-01-15 10:30:00'],
      ['2024-01-15 10:30:00,123 INFO x', '2024-01-15T10:30:00.123'],
      ['2024-01-15 10:30:00 +0200 x', '2024-01-15T10:30:00+0200'],
      ['2024-01-15T10:30:00 UTC x', '2024-01-15T10:30:00Z'],
      ['2024/01/15 10:30:00 job done', '2024-01-15T10:30:00'],
      ['client 1.2.3.4 [15/Jan/2024:10:30:00 +0000] GET', '15/Jan/2024:10:30:00 +0000'],
      ['finished at Mon Jan 15 10:30:00 2024', 'Mon Jan 15 10:30:00 2024'],
      ['Jan  5 09:00:01 x', 'Jan  5 09:00:01'],
      ['Jan 15 2024 10:30:00.250 x', 'Jan 15 2024 10:30:00.250'],
      ['Mon, 15 Jan 2024 10:30:00 GMT x', '2024-01-15T10:30:00Z'],
      ['1/15/2024 10:30:00 PM x', '1/15/2024 10:30:00 PM'],
      ['first 2024-01-15T10:30:00Z then 2024-01-16T10:30:00Z', '2024-01-15T10:30:00Z'],
    ];
    for (const [line, time] of cases) assert.equal(draft(line).time, time, line);
  });

  void it('does not take numbers that only resemble times', () => {
    for (const line of ['version 2024-01-15', 'took 10:30:00 total', 'id 12024-01-15 10:30:00', '2024-01-15T10:30:00:99']) {
      assert.equal(draft(line).time, undefined, line);
    }
  });

  void it('sets host.name only when the token after a leading time is obviously a host', () => {
    const host = (line: string): string | undefined => draft(line).fields.host?.name;
    assert.equal(host('Jan  5 09:00:01 wkst-02 Defender scan finished'), 'wkst-02');
    assert.equal(host('2024-01-15T10:30:00Z mail.example.org queue flushed'), 'mail.example.org');
    assert.equal(host('[2024-01-15 10:30:00] db01 replication lag'), 'db01');
    assert.equal(host('Jan  5 09:00:01 gateway kernel: link up'), 'gateway');
    assert.equal(host('Jan  5 09:00:01 10.0.0.9 ping timeout'), '10.0.0.9');
    assert.equal(draft('Jan  5 09:00:01 10.0.0.9 ping timeout').fields.host?.ip, '10.0.0.9');
    assert.equal(host('2024-01-15 10:30:00,123 INFO [main] started'), undefined);
    assert.equal(host('2024-01-15 10:30:00 Done. Next step'), undefined);
    assert.equal(host('Jan  5 09:00:01 web01'), undefined);
    assert.equal(host('user bob at 2024-01-15T10:30:00Z host01 x'), undefined);
  });

  void it('never throws on random text', () => {
    let seed = 3;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = 'Jan 0123456789:/-.TZ+[] \t\u0000\u00ff\ud800abc,';
    for (let i = 0; i < 3000; i++) {
      let line = '';
      const n = Math.floor(rand() * 80);
      for (let j = 0; j < n; j++) line += alphabet[Math.floor(rand() * alphabet.length)] ?? '';
      assert.doesNotThrow(() => parse(line));
    }
    assert.doesNotThrow(() => parse(`${'2024-01-15 '.repeat(20_000)}x`));
  });
});

void describe('plaintext: words named like Object.prototype members', () => {
  void it('keeps lines made of them as messages (plain text has no keyed positions)', async () => {
    for (const w of HOSTILE_WORDS) {
      const lines = [w, `2024-01-15T10:00:00Z ${w} ${w}: ${w}=${w}`];
      const events = await hostileEvents('plaintext', lines.join('\n'), 2);
      assert.deepEqual(events.map((event) => event.message), lines);
      assert.equal(events[1]?.['@timestamp'], '2024-01-15T10:00:00.000Z');
    }
  });
});

const EXAMPLE = fileURLToPath(new URL('../../../shared/data/prior-art/vibeLogChatbotPrototype/example.log', import.meta.url));

void describe('plaintext on the vibeLogChatbotPrototype example.log', () => {
  void it('keeps time and message on every line', { skip: existsSync(EXAMPLE) ? false : 'example.log not present (../shared/data/prior-art is optional)' }, () => {
    const lines = readFileSync(EXAMPLE, 'utf8').split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 8);
    for (const line of lines) {
      const d = draft(line);
      assert.equal(d.time, line.slice(0, 15));
      assert.equal(d.fields.message, line);
      assert.equal(d.fields.host, undefined);
    }
  });
});
