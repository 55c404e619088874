import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { peekSource } from '../../src/ingest/peek.ts';
import type { InputSource } from '../../src/ingest/sources.ts';

/** A source read from a generator of `chunks` 1,000-byte chunks (byte i is i % 251), failing after `failAfter` chunks. */
function counted(chunks: number, failAfter = Infinity) {
  const state = { opens: 0, closed: 0, served: 0 };
  const source: InputSource = {
    name: 'test',
    key: 'test',
    open: async function* () {
      state.opens++;
      try {
        for (let c = 0; c < chunks; c++) {
          await Promise.resolve(); // a read
          if (c === failAfter) throw new Error('unexpected end of file');
          state.served++;
          yield Buffer.from(Array.from({ length: 1000 }, (_, i) => (c * 1000 + i) % 251));
        }
      } finally {
        state.closed++;
      }
    },
  };
  return { source, state };
}

async function readAll(source: InputSource): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source.open()) parts.push(chunk);
  return Buffer.concat(parts);
}

const expected = (bytes: number) => Buffer.from(Array.from({ length: bytes }, (_, i) => i % 251));

describe('peekSource', () => {
  it('gives the first bytes, then the whole content from one open of the source', async () => {
    const { source, state } = counted(10);
    const peeked = await peekSource(source, 4096);
    assert.deepEqual(peeked.head, expected(4096));
    assert.equal(state.served, 5, 'reads only as far as the head');
    assert.deepEqual(await readAll(peeked.source), expected(10_000));
    assert.deepEqual(state, { opens: 1, closed: 1, served: 10 });
  });

  it('gives a shorter content whole as its head', async () => {
    const { source } = counted(3);
    const peeked = await peekSource(source, 4096);
    assert.deepEqual(peeked.head, expected(3000));
    assert.deepEqual(await readAll(peeked.source), expected(3000));
  });

  it('throws a read error where the content is read, after the bytes before it', async () => {
    const { source } = counted(10, 2);
    const peeked = await peekSource(source, 4096);
    assert.deepEqual(peeked.head, expected(2000));
    const parts: Buffer[] = [];
    await assert.rejects(async () => {
      for await (const chunk of peeked.source.open()) parts.push(chunk);
    }, /unexpected end of file/);
    assert.deepEqual(Buffer.concat(parts), expected(2000));
  });

  it('closes the stream when its reader stops early', async () => {
    const { source, state } = counted(10);
    const peeked = await peekSource(source, 2500);
    for await (const chunk of peeked.source.open()) {
      assert.equal(chunk.length, 1000);
      break;
    }
    assert.deepEqual(state, { opens: 1, closed: 1, served: 3 });
  });

  it('closes the stream when the source is released unread', async () => {
    const { source, state } = counted(10);
    const peeked = await peekSource(source, 2500);
    await peeked.release();
    assert.deepEqual(state, { opens: 1, closed: 1, served: 3 });
  });

  it('opens the source again for a second read (a file read again after its parse thread died)', async () => {
    const { source, state } = counted(6);
    const peeked = await peekSource(source, 4096);
    assert.deepEqual(await readAll(peeked.source), expected(6000));
    assert.deepEqual(await readAll(peeked.source), expected(6000));
    assert.equal(state.opens, 2);
  });
});
