import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallSignal, Lazy, TurnQueue, pumpText } from '../../../src/assist/providers/llama-cpp-async.ts';

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('llama-cpp async helpers', () => {
  it('Lazy: concurrent first calls share one load; a failed load is retried; settle forgets the value', async () => {
    let loads = 0;
    let fail = true;
    const lazy = new Lazy(async () => {
      loads++;
      await Promise.resolve();
      if (fail) throw new Error('broken file');
      return { loadNumber: loads };
    });
    const failures = await Promise.allSettled([lazy.get(), lazy.get(), lazy.get()]);
    assert.deepEqual(failures.map((f) => f.status), ['rejected', 'rejected', 'rejected']);
    assert.equal(loads, 1);
    assert.equal(lazy.value, undefined);
    fail = false;
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    assert.equal(loads, 2);
    assert.equal(a, b);
    assert.equal(lazy.value, a);
    assert.equal(await lazy.settle(), a);
    assert.equal(lazy.value, undefined);
  });

  it('TurnQueue: turns in arrival order; a waiter that aborts still passes the turn on', async () => {
    const queue = new TurnQueue();
    const order: string[] = [];
    const releaseFirst = await queue.take(undefined);
    const controller = new AbortController();
    const second = queue.take(controller.signal);
    const third = queue.take(undefined).then((release) => {
      order.push('third');
      release();
    });
    controller.abort(new Error('gave up'));
    await assert.rejects(second, /gave up/);
    order.push('first done');
    releaseFirst();
    await third;
    assert.deepEqual(order, ['first done', 'third']);
  });

  it('pumpText: streams what arrived since the last read, and throws what the producer throws', async () => {
    const gate = deferred();
    const stream = pumpText(async (push) => {
      push('a');
      push('b');
      push('');
      await gate.promise;
      push('c');
      throw new Error('decode failed');
    }, () => assert.fail('not stopped when read to the end'));
    assert.deepEqual(await stream.next(), { value: 'ab', done: false });
    gate.resolve();
    assert.deepEqual(await stream.next(), { value: 'c', done: false });
    await assert.rejects(stream.next(), /decode failed/);
  });

  it('pumpText: a reader that leaves early stops the producer and waits for it to settle', async () => {
    const stopped = deferred();
    let settled = false;
    const stream = pumpText(async (push) => {
      push('first');
      await stopped.promise;
      settled = true;
    }, () => stopped.resolve());
    for await (const delta of stream) {
      assert.equal(delta, 'first');
      break;
    }
    assert.equal(settled, true);
  });

  it('CallSignal: says whether the time limit or the caller cut the call short, and not when the reader left', async () => {
    const timed = new CallSignal(undefined, 5);
    await new Promise((resolve) => timed.signal.addEventListener('abort', resolve));
    assert.equal(timed.interruption('chat')?.kind, 'timeout');
    assert.equal(timed.interruption('chat')?.retryable, true);

    const controller = new AbortController();
    const aborted = new CallSignal(controller.signal, 60_000);
    controller.abort();
    assert.equal(aborted.signal.aborted, true);
    assert.equal(aborted.interruption('chat')?.kind, 'aborted');
    aborted.dispose();

    const left = new CallSignal(undefined, 60_000);
    left.stop();
    assert.equal(left.signal.aborted, true);
    assert.equal(left.interruption('chat'), undefined);
    left.dispose();
  });
});
