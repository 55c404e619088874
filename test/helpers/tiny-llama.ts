import { bool, f32, f32s, i32s, str, strings, u32, writeGguf, type GgufTensor, type GgufValue } from './gguf.ts';
import { prng } from './random-text.ts';

/**
 * A tiny llama-architecture model with seeded random F32 weights, written by the tests themselves: a
 * SentencePiece-style vocabulary (byte fallback tokens, printable characters, a few words), ChatML special
 * tokens and chat template, and every tensor llama.cpp's llama graph loads. It generates noise, fast; with
 * zero logits for special and byte tokens, greedy decoding never ends a reply early and yields valid UTF-8.
 */

export const TINY_LLAMA = {
  contextLength: 2048,
  embeddingLength: 64,
  blockCount: 2,
  feedForwardLength: 128,
  headCount: 4,
  headCountKv: 2,
} as const;

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;
/** Special and byte tokens come first; their output rows are zero, so greedy decoding emits printable text. */
const FIRST_TEXT_TOKEN = 5 + 256;

const WORDS = ['▁t', '▁th', '▁the', '▁a', '▁i', '▁in', '▁l', '▁lo', '▁log', '▁f', '▁fa', '▁fai', '▁fail', '▁failed', 'in', 'er', 'on', 'ed'];

interface Vocab {
  tokens: string[];
  scores: number[];
  types: number[];
}

function tinyVocab(): Vocab {
  const vocab: Vocab = { tokens: [], scores: [], types: [] };
  const add = (token: string, type: number, score: number): void => {
    vocab.tokens.push(token);
    vocab.types.push(type);
    vocab.scores.push(score);
  };
  add('<unk>', TOKEN_TYPE.unknown, 0);
  add('<s>', TOKEN_TYPE.control, 0);
  add('</s>', TOKEN_TYPE.control, 0);
  add('<|im_start|>', TOKEN_TYPE.control, 0);
  add('<|im_end|>', TOKEN_TYPE.control, 0);
  for (let byte = 0; byte < 256; byte++) add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, TOKEN_TYPE.byte, 0);
  add('▁', TOKEN_TYPE.normal, -1);
  for (let code = 0x21; code <= 0x7e; code++) add(String.fromCharCode(code), TOKEN_TYPE.normal, -2 - code);
  WORDS.forEach((word, index) => add(word, TOKEN_TYPE.normal, -1000 - index));
  return vocab;
}


function tensors(vocabSize: number, seed: number): GgufTensor[] {
  const random = prng(seed);
  const { embeddingLength: embd, feedForwardLength: ff, headCount, headCountKv, blockCount } = TINY_LLAMA;
  const kvWidth = (embd / headCount) * headCountKv;
  const weights = (name: string, dims: number[], scale: number): GgufTensor => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * scale;
    return { name, dims, data };
  };
  const ones = (name: string, length: number): GgufTensor => ({ name, dims: [length], data: new Float32Array(length).fill(1) });
  const output = weights('output.weight', [embd, vocabSize], 0.5);
  output.data.fill(0, 0, FIRST_TEXT_TOKEN * embd);
  const list = [weights('token_embd.weight', [embd, vocabSize], 1), ones('output_norm.weight', embd), output];
  for (let block = 0; block < blockCount; block++) {
    const prefix = `blk.${block}.`;
    list.push(
      ones(`${prefix}attn_norm.weight`, embd),
      weights(`${prefix}attn_q.weight`, [embd, embd], 0.3),
      weights(`${prefix}attn_k.weight`, [embd, kvWidth], 0.3),
      weights(`${prefix}attn_v.weight`, [embd, kvWidth], 0.3),
      weights(`${prefix}attn_output.weight`, [embd, embd], 0.3),
      ones(`${prefix}ffn_norm.weight`, embd),
      weights(`${prefix}ffn_gate.weight`, [embd, ff], 0.3),
      weights(`${prefix}ffn_up.weight`, [embd, ff], 0.3),
      weights(`${prefix}ffn_down.weight`, [ff, embd], 0.3),
    );
  }
  return list;
}

function metadata(vocab: Vocab): Array<readonly [string, GgufValue]> {
  const t = TINY_LLAMA;
  return [
    ['general.architecture', str('llama')],
    ['general.name', str('vigil-tiny-random')],
    ['general.file_type', u32(0)],
    ['llama.vocab_size', u32(vocab.tokens.length)],
    ['llama.context_length', u32(t.contextLength)],
    ['llama.embedding_length', u32(t.embeddingLength)],
    ['llama.block_count', u32(t.blockCount)],
    ['llama.feed_forward_length', u32(t.feedForwardLength)],
    ['llama.attention.head_count', u32(t.headCount)],
    ['llama.attention.head_count_kv', u32(t.headCountKv)],
    ['llama.attention.layer_norm_rms_epsilon', f32(1e-5)],
    ['llama.rope.dimension_count', u32(t.embeddingLength / t.headCount)],
    ['llama.rope.freq_base', f32(10000)],
    ['tokenizer.ggml.model', str('llama')],
    ['tokenizer.ggml.tokens', strings(vocab.tokens)],
    ['tokenizer.ggml.scores', f32s(vocab.scores)],
    ['tokenizer.ggml.token_type', i32s(vocab.types)],
    ['tokenizer.ggml.bos_token_id', u32(1)],
    ['tokenizer.ggml.eos_token_id', u32(2)],
    ['tokenizer.ggml.unknown_token_id', u32(0)],
    ['tokenizer.ggml.add_bos_token', bool(true)],
    ['tokenizer.ggml.add_eos_token', bool(false)],
    ['tokenizer.chat_template', str(CHATML_TEMPLATE)],
  ];
}

export interface TinyLlamaOptions {
  seed?: number;
  /** Leave this tensor out (a broken model llama.cpp must refuse). */
  omitTensor?: string;
}

/** Writes the model to `path` and returns its vocabulary size. */
export function writeTinyLlama(path: string, options: TinyLlamaOptions = {}): { vocabSize: number } {
  const vocab = tinyVocab();
  const all = tensors(vocab.tokens.length, options.seed ?? 1);
  writeGguf(path, metadata(vocab), all.filter((tensor) => tensor.name !== options.omitTensor));
  return { vocabSize: vocab.tokens.length };
}
