import { writeFileSync } from 'node:fs';

/**
 * A GGUF v3 writer (ggml docs/gguf.md): header, typed metadata, tensor infos, then F32 tensor data, each
 * tensor at an offset that is a multiple of `general.alignment`. Little-endian throughout.
 */

const GGUF_MAGIC = 'GGUF';
const GGUF_VERSION = 3;
export const GGUF_ALIGNMENT = 32;
const GGML_TYPE_F32 = 0;

const VALUE_TYPE = { u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12 } as const;

type ScalarType = 'u32' | 'i32' | 'f32' | 'bool' | 'string';
export type GgufValue =
  | { type: 'u32' | 'i32' | 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; of: 'u32' | 'i32' | 'f32'; values: readonly number[] }
  | { type: 'array'; of: 'string'; values: readonly string[] };

export const u32 = (value: number): GgufValue => ({ type: 'u32', value });
export const f32 = (value: number): GgufValue => ({ type: 'f32', value });
export const str = (value: string): GgufValue => ({ type: 'string', value });
export const bool = (value: boolean): GgufValue => ({ type: 'bool', value });
export const strings = (values: readonly string[]): GgufValue => ({ type: 'array', of: 'string', values });
export const f32s = (values: readonly number[]): GgufValue => ({ type: 'array', of: 'f32', values });
export const i32s = (values: readonly number[]): GgufValue => ({ type: 'array', of: 'i32', values });

export interface GgufTensor {
  name: string;
  /** ggml order: `dims[0]` is the fastest-varying (row length), as llama.cpp declares its tensors. */
  dims: readonly number[];
  data: Float32Array;
}

class ByteSink {
  private readonly chunks: Buffer[] = [];
  length = 0;

  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }

  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.push(b);
  }

  i32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    this.push(b);
  }

  u64(value: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }

  f32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    this.push(b);
  }

  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }

  padTo(alignment: number): void {
    const rest = this.length % alignment;
    if (rest !== 0) this.push(Buffer.alloc(alignment - rest));
  }

  concat(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeScalar(sink: ByteSink, type: ScalarType, value: number | boolean | string): void {
  if (type === 'string') sink.string(String(value));
  else if (type === 'bool') sink.push(Buffer.from([value === true ? 1 : 0]));
  else if (type === 'u32') sink.u32(Number(value));
  else if (type === 'i32') sink.i32(Number(value));
  else sink.f32(Number(value));
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  sink.u32(VALUE_TYPE[value.type]);
  if (value.type !== 'array') {
    writeScalar(sink, value.type, value.value);
    return;
  }
  sink.u32(VALUE_TYPE[value.of]);
  sink.u64(value.values.length);
  for (const item of value.values) writeScalar(sink, value.of, item);
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** The bytes of a GGUF file with these metadata entries (in order) and tensors. */
export function ggufBytes(metadata: ReadonlyArray<readonly [string, GgufValue]>, tensors: readonly GgufTensor[]): Buffer {
  const sink = new ByteSink();
  sink.push(Buffer.from(GGUF_MAGIC, 'ascii'));
  sink.u32(GGUF_VERSION);
  sink.u64(tensors.length);
  sink.u64(metadata.length + 1);
  sink.string('general.alignment');
  writeValue(sink, u32(GGUF_ALIGNMENT));
  for (const [key, value] of metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  for (const tensor of tensors) {
    const count = tensor.dims.reduce((a, b) => a * b, 1);
    if (count !== tensor.data.length) throw new Error(`tensor ${tensor.name}: ${tensor.dims.join('x')} needs ${count} values, got ${tensor.data.length}`);
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(GGML_TYPE_F32);
    sink.u64(offset);
    offset = alignUp(offset + tensor.data.byteLength, GGUF_ALIGNMENT);
  }
  sink.padTo(GGUF_ALIGNMENT);
  for (const tensor of tensors) {
    sink.push(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    sink.padTo(GGUF_ALIGNMENT);
  }
  return sink.concat();
}

export function writeGguf(path: string, metadata: ReadonlyArray<readonly [string, GgufValue]>, tensors: readonly GgufTensor[]): void {
  writeFileSync(path, ggufBytes(metadata, tensors));
}
