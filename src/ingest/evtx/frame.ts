import type { JsonRecord } from '../framing/json.ts';
import { ChunkContext, readRecord } from './binxml.ts';
import { recordJson } from './render.ts';
import { EvtxFormatError } from './values.ts';

/**
 * EVTX framing: the Windows event log's binary file read as a stream, one 64 KiB chunk at a time (memory stays
 * flat whatever the file's size), each record rendered as the JSON of its event XML (render.ts) for the Windows
 * reader. A record's `line` is its number in the file (its record header's id: the log's record id, or the
 * record's place in an exported file); `offset` is its byte offset in the file. A damaged record or chunk is
 * one record error; the rest is still read.
 */

export const EVTX_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
const HEADER_BLOCK = 4096;
const CHUNK_SIZE = 65536;
const FIRST_RECORD = 512;
const RECORD_MAGIC = 0x00002a2a;

export function isEvtx(head: Buffer): boolean {
  return head.length >= EVTX_MAGIC.length && head.subarray(0, EVTX_MAGIC.length).equals(EVTX_MAGIC);
}

/** Fixed-size blocks of a byte stream: the header block, then whole chunks (the last one may be short). */
export async function* evtxBlocks(chunks: AsyncIterable<Buffer>): AsyncGenerator<{ block: Buffer; at: number }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let at = 0;
  let size = HEADER_BLOCK;
  for await (const chunk of chunks) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    while (pendingBytes >= size) {
      const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      yield { block: all.subarray(0, size), at };
      at += size;
      pending = all.length > size ? [all.subarray(size)] : [];
      pendingBytes -= size;
      size = CHUNK_SIZE;
    }
  }
  if (pendingBytes > 0) yield { block: Buffer.concat(pending), at };
}

function errorRecord(line: number, offset: number, reason: string): JsonRecord {
  return { text: '', line, offset, error: reason };
}

/** The records of one chunk (`at` is its offset in the file, `index` its number). */
function chunkRecords(block: Buffer, at: number, index: number): JsonRecord[] {
  const out: JsonRecord[] = [];
  const short = block.length < CHUNK_SIZE;
  if (block.length < FIRST_RECORD || !block.subarray(0, CHUNK_MAGIC.length).equals(CHUNK_MAGIC)) {
    // Chunks never written are zeros; anything else is damage.
    if (block.some((b) => b !== 0)) out.push(errorRecord(0, at, `EVTX chunk ${String(index)} has no chunk signature${short ? ' (the file ends inside it)' : ''}; its records are skipped`));
    return out;
  }
  const chunk = new ChunkContext(block);
  const freeSpace = Math.min(block.readUInt32LE(48), block.length);
  let pos = FIRST_RECORD;
  while (pos + 24 <= freeSpace) {
    if (block.readUInt32LE(pos) !== RECORD_MAGIC) break;
    const size = block.readUInt32LE(pos + 4);
    const id = block.readBigUInt64LE(pos + 8);
    const line = id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : 0;
    if (size < 28 || pos + size > block.length) {
      out.push(errorRecord(line, at + pos, `EVTX record ${id.toString()}: size ${String(size)} runs past its chunk${short ? ' (the file is truncated)' : ''}`));
      break;
    }
    try {
      const json = recordJson(readRecord(chunk, pos + 24, pos + size - 4));
      if (json === undefined) out.push(errorRecord(line, at + pos, `EVTX record ${id.toString()}: no event element`));
      else out.push({ text: JSON.stringify(json), value: json, line, offset: at + pos });
    } catch (error) {
      if (!(error instanceof EvtxFormatError) && !(error instanceof RangeError)) throw error;
      out.push(errorRecord(line, at + pos, `EVTX record ${id.toString()}: ${error.message}`));
    }
    pos += size;
  }
  if (short) out.push(errorRecord(0, at + block.length, `EVTX file truncated inside chunk ${String(index)} (${String(block.length)} of ${String(CHUNK_SIZE)} bytes); the records before the cut were read`));
  return out;
}

/** The records of an EVTX stream, one batch per chunk. */
export async function* frameEvtx(chunks: AsyncIterable<Buffer>): AsyncGenerator<JsonRecord[]> {
  let index = -1;
  for await (const { block, at } of evtxBlocks(chunks)) {
    if (index < 0) {
      index = 0;
      if (!isEvtx(block)) {
        yield [errorRecord(0, 0, 'not an EVTX file (no ElfFile signature)')];
        return;
      }
      if (block.length < HEADER_BLOCK) yield [errorRecord(0, 0, 'EVTX file truncated inside its header')];
      continue;
    }
    const records = chunkRecords(block, at, index++);
    if (records.length > 0) yield records;
  }
}
