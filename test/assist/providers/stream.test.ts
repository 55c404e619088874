import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLines, parseNdjson, parseSse, type SseEvent } from '../../../src/assist/providers/stream.ts';
import { LlmError } from '../../../src/assist/providers/types.ts';

async function* chunksOf(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    await Promise.resolve();
    yield bytes.subarray(start, cut);
    start = cut;
  }
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const lines = (bytes: Buffer, cuts: number[]) => all(decodeLines(chunksOf(bytes, cuts), 'test server'));

describe('decodeLines', () => {
  const text = 'first ☃ line\r\nsecond 日本 🔥\n\nthird\rfourth\nlast without newline';
  const expected = ['first ☃ line', 'second 日本 🔥', '', 'third', 'fourth', 'last without newline'];
  const bytes = Buffer.from(text);

  it('gives the same lines for a split at every byte, and for every pair of splits', async () => {
    for (let i = 0; i <= bytes.length; i++) assert.deepEqual(await lines(bytes, [i]), expected, `split at ${i}`);
    for (let i = 0; i <= bytes.length; i += 3) {
      for (let j = i; j <= bytes.length; j += 2) assert.deepEqual(await lines(bytes, [i, j]), expected, `splits at ${i}, ${j}`);
    }
  });

  it('gives the same lines when every byte arrives alone', async () => {
    assert.deepEqual(await lines(bytes, Array.from({ length: bytes.length }, (_, i) => i)), expected);
  });

  it('drops a byte-order mark and replaces invalid UTF-8 rather than failing', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\n'), Buffer.from([0xff, 0x41, 0x0a])]);
    assert.deepEqual(await lines(bom, [1, 2]), ['a', '\uFFFDA']);
  });

  it('treats a CR at a chunk end followed by LF in the next chunk as one line end', async () => {
    assert.deepEqual(await lines(Buffer.from('a\r\nb\r\n'), [2]), ['a', 'b']);
  });

  it('refuses an endless line', async () => {
    async function* endless(): AsyncGenerator<Uint8Array> {
      const block = Buffer.alloc(1024 * 1024, 0x61);
      for (let i = 0; i < 10; i++) {
        await Promise.resolve();
        yield block;
      }
    }
    await assert.rejects(all(decodeLines(endless(), 'test server')), (e: unknown) => e instanceof LlmError && e.kind === 'protocol');
  });
});

describe('parseSse', () => {
  const stream = [
    ': keep-alive comment',
    '',
    'event: content_block_delta',
    'data: {"a":1}',
    '',
    'data:no-space',
    'data:  two spaces',
    'id: 7',
    'retry: 1000',
    '',
    'data',
    '',
    'event: ping',
    '',
    'data: [DONE]',
    '',
    'data: incomplete at the end',
  ].join('\n');
  const expected: SseEvent[] = [
    { event: 'content_block_delta', data: '{"a":1}' },
    { event: 'message', data: 'no-space\n two spaces' },
    { event: 'message', data: '' },
    { event: 'message', data: '[DONE]' },
  ];

  it('follows the event-stream rules: comments, one optional space, multi-line data, events without data', async () => {
    assert.deepEqual(await all(parseSse(decodeLines(chunksOf(Buffer.from(stream), []), 'test'))), expected);
  });

  it('gives the same events for a split at every byte, with CRLF line ends', async () => {
    const crlf = Buffer.from(stream.replaceAll('\n', '\r\n'));
    for (let i = 0; i <= crlf.length; i++) {
      assert.deepEqual(await all(parseSse(decodeLines(chunksOf(crlf, [i]), 'test'))), expected, `split at ${i}`);
    }
  });
});

describe('parseNdjson', () => {
  it('parses one value per line, skipping blank lines, at every split', async () => {
    const bytes = Buffer.from('{"message":{"content":"é☃"},"done":false}\n\n{"done":true}\n');
    for (let i = 0; i <= bytes.length; i++) {
      assert.deepEqual(await all(parseNdjson(decodeLines(chunksOf(bytes, [i]), 'ollama'), 'ollama')), [{ message: { content: 'é☃' }, done: false }, { done: true }]);
    }
  });

  it('fails with a protocol error on a truncated last line, after the complete ones', async () => {
    const seen: unknown[] = [];
    const run = async () => {
      for await (const value of parseNdjson(decodeLines(chunksOf(Buffer.from('{"done":false}\n{"message":{"cont'), []), 'ollama'), 'ollama')) seen.push(value);
    };
    await assert.rejects(run, (e: unknown) => e instanceof LlmError && e.kind === 'protocol' && /malformed JSON/.test(e.message));
    assert.deepEqual(seen, [{ done: false }]);
  });
});
