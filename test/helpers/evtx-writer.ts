/**
 * A small EVTX writer for tests: Windows binary XML as the event log service writes it (a file header, 64 KiB
 * chunks, records that instantiate templates defined once per chunk, names defined inline at first use), so the
 * reader is tested on files no tool of ours wrote by hand byte by byte, of any size, and on damaged copies.
 */

/** A template node: an element, text, or a substitution placeholder (`optional` ones vanish when null). */
export type TemplateNode =
  | { element: string; attributes?: [string, TemplateNode[]][]; children?: TemplateNode[] }
  | { text: string }
  | { sub: number; type: number; optional?: boolean };

/** A substitution value: its type and its bytes (see the helpers below), or for BinXML (0x21) its nodes. */
export interface SubValue {
  type: number;
  bytes: Buffer;
  nodes?: readonly TemplateNode[];
}

export const utf16 = (text: string): SubValue => ({ type: 0x01, bytes: Buffer.from(text, 'utf16le') });
export const u8v = (n: number): SubValue => ({ type: 0x04, bytes: Buffer.of(n) });
export const u16v = (n: number): SubValue => ({ type: 0x06, bytes: Buffer.from(Uint16Array.of(n).buffer) });
export const u32v = (n: number): SubValue => ({ type: 0x08, bytes: Buffer.from(Uint32Array.of(n).buffer) });
export const u64v = (n: bigint): SubValue => ({ type: 0x0a, bytes: Buffer.from(BigUint64Array.of(n).buffer) });
export const hex64 = (n: bigint): SubValue => ({ type: 0x15, bytes: Buffer.from(BigUint64Array.of(n).buffer) });
export const nullv = (): SubValue => ({ type: 0x00, bytes: Buffer.alloc(0) });
export const boolv = (b: boolean): SubValue => ({ type: 0x0d, bytes: Buffer.from(Int32Array.of(b ? 1 : 0).buffer) });
export const binaryv = (bytes: number[]): SubValue => ({ type: 0x0e, bytes: Buffer.from(bytes) });
export const stringsv = (items: string[]): SubValue => ({ type: 0x81, bytes: Buffer.from(items.map((i) => `${i}\0`).join(''), 'utf16le') });

/** FILETIME of an ISO time (100 ns ticks since 1601), plus `extraTicks` below the millisecond. */
export function fileTimev(iso: string, extraTicks = 0): SubValue {
  const ticks = (BigInt(Date.parse(iso)) + 11644473600000n) * 10000n + BigInt(extraTicks);
  return { type: 0x11, bytes: Buffer.from(BigUint64Array.of(ticks).buffer) };
}

export function sidv(text: string): SubValue {
  const [, revision, authority, ...subs] = text.split('-');
  const out = Buffer.alloc(8 + subs.length * 4);
  out[0] = Number(revision);
  out[1] = subs.length;
  out.writeUIntBE(Number(authority), 2, 6);
  subs.forEach((s, i) => out.writeUInt32LE(Number(s), 8 + i * 4));
  return { type: 0x13, bytes: out };
}

export function guidv(text: string): SubValue {
  const hex = text.replaceAll('-', '');
  const out = Buffer.from(hex, 'hex');
  out.subarray(0, 4).reverse();
  out.subarray(4, 6).reverse();
  out.subarray(6, 8).reverse();
  return { type: 0x0f, bytes: out };
}

/** Bytes of a chunk under construction; positions are chunk offsets, as names and templates refer to them. */
class ChunkWriter {
  // Room past the chunk's 64 KiB for a record that does not fit, so it can be taken back (`truncate`).
  readonly buf = Buffer.alloc(65536 * 4);
  pos = 512;
  private readonly names = new Map<string, number>();

  /** The chunk as it was before offset `at`: names and templates defined from there on are forgotten. */
  truncate(at: number): void {
    this.pos = at;
    for (const map of [this.names, this.templates]) for (const [key, offset] of map) if (offset >= at) map.delete(key);
  }
  readonly templates = new Map<string, number>();

  u8(n: number): void {
    this.buf.writeUInt8(n, this.pos);
    this.pos += 1;
  }
  u16(n: number): void {
    this.buf.writeUInt16LE(n, this.pos);
    this.pos += 2;
  }
  u32(n: number): void {
    this.buf.writeUInt32LE(n, this.pos);
    this.pos += 4;
  }
  bytes(b: Buffer): void {
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  name(name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) return this.u32(known);
    const at = this.pos + 4;
    this.names.set(name, at);
    this.u32(at);
    this.u32(0);
    this.u16(0);
    this.u16(name.length);
    this.bytes(Buffer.from(name, 'utf16le'));
    this.u16(0);
  }

  /** Nodes as binary XML tokens; `dependencyIds` in template definitions only. */
  nodes(nodes: readonly TemplateNode[], dependencyIds: boolean): void {
    for (const node of nodes) {
      if ('element' in node) {
        const attributes = node.attributes ?? [];
        this.u8(attributes.length > 0 ? 0x41 : 0x01);
        if (dependencyIds) this.u16(0xffff);
        const sizeAt = this.pos;
        this.u32(0);
        this.name(node.element);
        if (attributes.length > 0) this.u32(0);
        attributes.forEach(([name, value], i) => {
          this.u8(i < attributes.length - 1 ? 0x46 : 0x06);
          this.name(name);
          this.nodes(value, dependencyIds);
        });
        if (node.children === undefined) {
          this.u8(0x03);
        } else {
          this.u8(0x02);
          this.nodes(node.children, dependencyIds);
          this.u8(0x04);
        }
        this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt);
      } else if ('text' in node) {
        this.u8(0x05);
        this.u8(0x01);
        this.u16(node.text.length);
        this.bytes(Buffer.from(node.text, 'utf16le'));
      } else {
        this.u8(node.optional === true ? 0x0e : 0x0d);
        this.u16(node.sub);
        this.u8(node.type);
      }
    }
  }

  /** A template instance: the definition inline at its first use in the chunk, referred to after. */
  templateInstance(key: string, template: readonly TemplateNode[], values: readonly SubValue[]): void {
    this.u8(0x0c);
    this.u8(0x01);
    this.u32(0x1234);
    const known = this.templates.get(key);
    if (known !== undefined) {
      this.u32(known);
    } else {
      const at = this.pos + 4;
      this.templates.set(key, at);
      this.u32(at);
      this.u32(0);
      this.bytes(Buffer.alloc(16, 0xab));
      const sizeAt = this.pos;
      this.u32(0);
      this.bytes(Buffer.from([0x0f, 0x01, 0x01, 0x00]));
      this.nodes(template, true);
      this.u8(0x00);
      this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt);
    }
    this.u32(values.length);
    const descriptors = this.pos;
    for (const v of values) {
      this.u16(v.bytes.length);
      this.u8(v.type);
      this.u8(0);
    }
    values.forEach((v, i) => {
      if (v.nodes === undefined) return this.bytes(v.bytes);
      // BinXML values are written in place: their inline names' offsets are chunk offsets.
      const start = this.pos;
      this.bytes(Buffer.from([0x0f, 0x01, 0x01, 0x00]));
      this.nodes(v.nodes, false);
      this.u8(0x00);
      this.buf.writeUInt16LE(this.pos - start, descriptors + i * 4);
    });
  }
}

/** One event: a template (by key: records with the same key share its definition) and its values. */
export interface EvtxEvent {
  template: string;
  nodes: readonly TemplateNode[];
  values: readonly SubValue[];
}

/** A BinXML substitution value (type 0x21): a fragment of elements, written without dependency ids. */
export function binXmlValue(nodes: readonly TemplateNode[]): SubValue {
  return { type: 0x21, bytes: Buffer.alloc(0), nodes };
}

/** The chunks of `events`, at most `perChunk` records to a chunk (fewer when full), record ids counting from `firstId`. */
export function writeEvtxChunks(events: readonly EvtxEvent[], perChunk = 100, firstId = 1): Buffer[] {
  const chunks: Buffer[] = [];
  let id = firstId;
  let next = 0;
  while (next < events.length) {
    const chunk = new ChunkWriter();
    const first = id;
    for (let count = 0; count < perChunk && next < events.length; count++) {
      const event = events[next]!;
      const recordAt = chunk.pos;
      chunk.u32(0x00002a2a);
      chunk.u32(0);
      chunk.bytes(Buffer.from(BigUint64Array.of(BigInt(id)).buffer));
      chunk.bytes(Buffer.alloc(8));
      chunk.bytes(Buffer.from([0x0f, 0x01, 0x01, 0x00]));
      chunk.templateInstance(event.template, event.nodes, event.values);
      chunk.u8(0x00);
      const size = chunk.pos + 4 - recordAt;
      chunk.u32(size);
      if (chunk.pos > 65536) {
        // The record does not fit: it starts the next chunk, as the event log service does.
        if (count === 0) throw new Error('an event larger than a chunk');
        chunk.truncate(recordAt);
        break;
      }
      chunk.buf.writeUInt32LE(size, recordAt + 4);
      id++;
      next++;
    }
    const header = Buffer.from(chunk.buf.subarray(0, 65536));
    header.write('ElfChnk\0', 0, 'latin1');
    header.writeBigUInt64LE(BigInt(first), 8);
    header.writeBigUInt64LE(BigInt(id - 1), 16);
    header.writeBigUInt64LE(BigInt(first), 24);
    header.writeBigUInt64LE(BigInt(id - 1), 32);
    header.writeUInt32LE(128, 40);
    header.writeUInt32LE(chunk.pos, 48);
    chunks.push(header);
  }
  return chunks;
}

/** An EVTX file header for `chunkCount` chunks whose last record id is `lastId`. */
export function evtxFileHeader(chunkCount: number, lastId: number): Buffer {
  const file = Buffer.alloc(4096);
  file.write('ElfFile\0', 0, 'latin1');
  file.writeBigUInt64LE(BigInt(Math.max(0, chunkCount - 1)), 16);
  file.writeBigUInt64LE(BigInt(lastId + 1), 24);
  file.writeUInt32LE(128, 32);
  file.writeUInt16LE(1, 36);
  file.writeUInt16LE(3, 38);
  file.writeUInt16LE(4096, 40);
  // The field is 16 bits; large files (and the reader) go by the file's length, not by this count.
  file.writeUInt16LE(Math.min(chunkCount, 0xffff), 42);
  return file;
}

/** An EVTX file of `events`, `perChunk` records to a chunk. */
export function writeEvtx(events: readonly EvtxEvent[], perChunk = 100): Buffer {
  const chunks = writeEvtxChunks(events, perChunk);
  return Buffer.concat([evtxFileHeader(chunks.length, events.length), ...chunks]);
}
