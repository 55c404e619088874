import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readGgufFileInfo } from 'node-llama-cpp';
import { GGUF_ALIGNMENT, f32s, ggufBytes, str, u32, writeGguf } from '../../helpers/gguf.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { TINY_LLAMA, writeTinyLlama } from '../../helpers/tiny-llama.ts';

const dirs = tempDirs('gguf');

describe('GGUF test writer', () => {
  it('writes the v3 header, typed metadata and aligned F32 tensors that node-llama-cpp reads back', async () => {
    const path = join(dirs.fresh(), 'two.gguf');
    const a = Float32Array.from([1, 2, 3]);
    const b = Float32Array.from({ length: 6 }, (_, i) => i / 2);
    writeGguf(path, [['general.architecture', str('llama')], ['llama.block_count', u32(7)], ['x.list', f32s([0.5, 1.5])]], [
      { name: 'a', dims: [3], data: a },
      { name: 'b', dims: [3, 2], data: b },
    ]);
    const bytes = readFileSync(path);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'GGUF');
    assert.equal(bytes.readUInt32LE(4), 3);
    assert.equal(bytes.readBigUInt64LE(8), 2n);
    assert.equal(bytes.readBigUInt64LE(16), 4n, 'general.alignment is written first, then the three entries');

    const info = await readGgufFileInfo(path, { readTensorInfo: true });
    assert.equal(info.version, 3);
    assert.equal(info.metadata.general.architecture, 'llama');
    assert.equal(info.metadata.general.alignment, GGUF_ALIGNMENT);
    const tensors = info.tensorInfo ?? [];
    assert.deepEqual(tensors.map((t) => [t.name, t.dimensions.map(Number), Number(t.offset)]), [['a', [3], 0], ['b', [3, 2], GGUF_ALIGNMENT]]);
    const dataStart = Number(tensors[0]!.fileOffset);
    assert.equal(dataStart % GGUF_ALIGNMENT, 0);
    assert.deepEqual([...new Float32Array(bytes.buffer.slice(bytes.byteOffset + dataStart, bytes.byteOffset + dataStart + 12))], [1, 2, 3]);
    const bStart = Number(tensors[1]!.fileOffset);
    assert.equal(bytes.readFloatLE(bStart + 5 * 4), 2.5);
  });

  it('refuses a tensor whose data does not match its dimensions', () => {
    assert.throws(() => ggufBytes([], [{ name: 'bad', dims: [2, 2], data: new Float32Array(3) }]), /needs 4 values, got 3/);
  });

  it('writes a tiny llama model with the architecture, vocabulary and tensors llama.cpp expects, the same bytes for the same seed', async () => {
    const dir = dirs.fresh();
    const { vocabSize } = writeTinyLlama(join(dir, 'one.gguf'));
    writeTinyLlama(join(dir, 'same.gguf'));
    writeTinyLlama(join(dir, 'other.gguf'), { seed: 2 });
    assert.deepEqual(readFileSync(join(dir, 'one.gguf')), readFileSync(join(dir, 'same.gguf')));
    assert.notDeepEqual(readFileSync(join(dir, 'one.gguf')), readFileSync(join(dir, 'other.gguf')));

    const info = await readGgufFileInfo(join(dir, 'one.gguf'), { readTensorInfo: true });
    const llama = info.architectureMetadata;
    assert.equal(info.metadata.general.architecture, 'llama');
    assert.equal(llama.embedding_length, TINY_LLAMA.embeddingLength);
    assert.equal(llama.block_count, TINY_LLAMA.blockCount);
    assert.equal(info.metadata.tokenizer?.ggml.model, 'llama');
    assert.equal(info.metadata.tokenizer?.ggml.tokens.length, vocabSize);
    assert.match(String(info.metadata.tokenizer?.chat_template), /<\|im_start\|>/);
    const dims = new Map((info.tensorInfo ?? []).map((t) => [t.name, t.dimensions.map(Number)]));
    const kvWidth = (TINY_LLAMA.embeddingLength / TINY_LLAMA.headCount) * TINY_LLAMA.headCountKv;
    assert.deepEqual(dims.get('token_embd.weight'), [TINY_LLAMA.embeddingLength, vocabSize]);
    assert.deepEqual(dims.get('blk.1.attn_k.weight'), [TINY_LLAMA.embeddingLength, kvWidth]);
    assert.deepEqual(dims.get('blk.1.ffn_down.weight'), [TINY_LLAMA.feedForwardLength, TINY_LLAMA.embeddingLength]);
    assert.equal(dims.size, 3 + 9 * TINY_LLAMA.blockCount);
  });
});
