import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { InputSource } from '../../src/ingest/sources.ts';
import { ParseThread } from '../../src/pipeline/parse-thread.ts';

const line = (i: number) => `Mar  3 10:00:${String(i % 60).padStart(2, '0')} bastion-01 sshd[${i}]: Failed password for root from 203.0.113.${(i % 200) + 1} port ${40000 + i} ssh2\n`;

/** A file whose first 2,000 lines come at once and the rest after a pause. */
function slowSource(): InputSource {
  return {
    name: 'auth.log', key: '/logs/auth.log',
    async *open() {
      yield Buffer.from(Array.from({ length: 2000 }, (_, i) => line(i)).join(''));
      await sleep(300);
      yield Buffer.from(line(2000));
    },
  };
}

describe('parse thread', () => {
  it('gives the rows of a file in order, then its counters', async () => {
    const thread = new ParseThread();
    try {
      const kinds: string[] = [];
      let rows = 0;
      for await (const output of thread.parse(slowSource(), { tz: 'UTC', year: 2026 }, () => undefined)) {
        if (kinds.at(-1) !== output.kind) kinds.push(output.kind);
        if (output.kind === 'rows') rows += output.rows.length;
        if (output.kind === 'done') assert.equal(output.counters.lines, 2001);
      }
      assert.deepEqual(kinds, ['detected', 'rows', 'done']);
      assert.equal(rows, 2001);
    } finally {
      await thread.close();
    }
  });

  it('fails the file, instead of waiting for ever, when the thread stops half-way', { timeout: 20_000 }, async () => {
    const thread = new ParseThread();
    let rows = 0;
    await assert.rejects(async () => {
      for await (const output of thread.parse(slowSource(), { tz: 'UTC', year: 2026 }, () => undefined)) {
        if (output.kind !== 'rows') continue;
        // The thread goes away while the file still has lines to come.
        if (rows === 0) void thread.close();
        rows += output.rows.length;
      }
    }, /parse thread exited/);
    assert.ok(rows > 0 && rows < 2001, `${rows} rows before the thread stopped`);
    assert.equal(thread.broken, true);
  });
});
