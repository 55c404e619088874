import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';

/** The vibeLogChatbotPrototype samples: free text without program names, and a pretty-printed JSON array. */

const DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'prior-art', 'vibeLogChatbotPrototype');

describe('prior art: vibeLogChatbotPrototype samples', () => {
  it('keeps every free-text line with its time, whole message and IP', async (t) => {
    const file = join(DIR, 'example.log');
    if (!existsSync(file)) return t.skip('../shared/data/prior-art absent');
    const { events, formats } = await collectEvents([file], { tz: 'UTC', year: 2025 });
    assert.deepEqual(formats, ['plaintext']);
    assert.equal(events.length, 8);
    assert.equal(events[0]?.['@timestamp'], '2025-04-15T02:30:00.000Z');
    assert.equal(events[0]?.message, 'Apr 15 02:30:00 failed login from 198.51.100.16');
    assert.deepEqual(events[0]?.vigil.indicators, [{ type: 'ipv4', value: '198.51.100.16', class: 'documentation' }]);
    assert.ok(events.every((e) => e['@timestamp'] !== undefined && e.vigil.time.year_from === 'option'));
  });

  it('reads the pretty-printed JSON array record by record', async (t) => {
    const file = join(DIR, 'sample_log.json');
    if (!existsSync(file)) return t.skip('../shared/data/prior-art absent');
    const { events, formats } = await collectEvents([file], { tz: 'UTC' });
    assert.deepEqual(formats, ['generic-json']);
    assert.equal(events.length, 4);
    assert.equal(events[0]?.['@timestamp'], '2025-06-11T08:30:00.000Z');
    assert.match(events[1]?.message ?? '', /Failed login attempt for user root/);
    assert.deepEqual(
      events.map((e) => e.vigil.indicators.map((i) => i.value)),
      [['192.168.1.10'], ['192.168.1.11'], ['10.0.0.5'], []],
    );
  });
});
