import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { InputSource } from '../../src/ingest/sources.ts';
import { parseOnThread } from '../../src/pipeline/parse-on-thread.ts';
import { ParseThread } from '../../src/pipeline/parse-thread.ts';

const line = (i: number) => `Mar  3 10:00:${String(i % 60).padStart(2, '0')} bastion-01 sshd[${i}]: Failed password for root from 203.0.113.${(i % 200) + 1} port ${40000 + i} ssh2\n`;

/** A file whose first 2,000 lines come at once and the rest after a pause. */
function slowSource(reopenable = false): InputSource {
  return {
    name: 'auth.log', key: '/logs/auth.log', reopenable,
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

  it('fails the file with the thread\'s own error when it runs out of memory', { timeout: 20_000 }, async () => {
    // 4 MB of heap cannot even load the parser: the worker dies with ERR_WORKER_OUT_OF_MEMORY.
    const thread = new ParseThread({ heapMb: 4 });
    try {
      let outputs = 0;
      await assert.rejects(async () => {
        for await (const output of thread.parse(slowSource(), { tz: 'UTC', year: 2026 }, () => undefined)) outputs += output.kind === 'rows' ? 1 : 0;
      }, (error: Error & { code?: string }) => error.code === 'ERR_WORKER_OUT_OF_MEMORY' && /memory/.test(error.message));
      assert.equal(outputs, 0);
      assert.equal(thread.broken, true);
    } finally {
      await thread.close();
    }
  });

  it('starts a file over inline when the thread dies half-way, if the file can be read again', { timeout: 20_000 }, async () => {
    const thread = new ParseThread();
    const kinds: string[] = [];
    let before = 0;
    let after = 0;
    let reason = '';
    for await (const output of parseOnThread(thread, slowSource(true), { tz: 'UTC', year: 2026 }, () => undefined)) {
      if (kinds.at(-1) !== output.kind) kinds.push(output.kind);
      if (output.kind === 'restart') reason = output.reason;
      if (output.kind !== 'rows') continue;
      if (before === 0) void thread.close();
      if (kinds.includes('restart')) after += output.rows.length;
      else before += output.rows.length;
    }
    assert.deepEqual(kinds, ['detected', 'rows', 'restart', 'detected', 'rows', 'done']);
    assert.ok(before > 0 && before < 2001, `${before} rows from the thread`);
    assert.equal(after, 2001);
    assert.match(reason, /parse thread exited/);
  });

  it('does not start over a source that cannot be read twice (stdin, a pipe)', { timeout: 20_000 }, async () => {
    const thread = new ParseThread();
    let rows = 0;
    await assert.rejects(async () => {
      for await (const output of parseOnThread(thread, slowSource(false), { tz: 'UTC', year: 2026 }, () => undefined)) {
        if (output.kind !== 'rows') continue;
        if (rows === 0) void thread.close();
        rows += output.rows.length;
      }
    }, /parse thread exited/);
    assert.ok(rows < 2001);
  });
});
