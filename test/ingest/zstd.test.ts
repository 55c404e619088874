import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { MAX_WINDOW, ZstdError, unzstd } from '../../src/ingest/archive/zstd.ts';
import { expandInputs } from '../../src/ingest/sources.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { prng } from '../helpers/random-text.ts';
import { tempDirs } from '../helpers/temp.ts';
import { skippableFrame, zstdFrame, zstdOrSkip } from '../helpers/zstd-tool.ts';

/** zstd streams: files, archives' members and pipes, written by zstd(1) or by hand for what it never writes. */

const { fresh } = tempDirs('zstd');

/** sshd lines that differ from each other, so compression has work to do. */
function sshdLines(tag: string, n: number): string {
  return Array.from({ length: n }, (_, i) => {
    const ip = `203.0.113.${String((i * 7) % 250)}`;
    return `Mar  3 10:${String(10 + (i % 50)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} bastion sshd[${String(4000 + i)}]: Failed password for ${tag}${String(i % 13)} from ${ip} port ${String(40000 + i)} ssh2\n`;
  }).join('');
}

/** The bytes split into pieces of `size` (1: every byte on its own), as a stream. */
function pieces(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  const list: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) list.push(bytes.subarray(at, at + size));
  return Readable.from(list);
}

async function inflate(bytes: Buffer, size = 64 * 1024): Promise<{ text: string; chunks: number[]; error?: Error }> {
  const parts: Buffer[] = [];
  try {
    for await (const chunk of unzstd(pieces(bytes, size))) parts.push(chunk);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(`not an Error: ${JSON.stringify(error)}`);
    return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.map((p) => p.length), error: failure };
  }
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.map((p) => p.length) };
}

describe('unzstd on streams written by zstd(1)', () => {
  it('gives back the text at every compression level and window, and with any chunking of the input', async (t) => {
    const zstd = zstdOrSkip(t);
    if (zstd === undefined) return;
    const text = sshdLines('admin', 15_000);
    for (const args of [['-1'], ['-19', '--check'], ['-3', '--no-check'], ['--long=27'], ['--fast=5']]) {
      const packed = zstd(text, args);
      const got = await inflate(packed);
      assert.equal(got.error, undefined, args.join(' '));
      assert.equal(got.text, text, args.join(' '));
      // Output comes in bounded chunks, never as one buffer the size of the file.
      assert.ok(Math.max(...got.chunks) <= 1024 * 1024 + 128 * 1024, `${args.join(' ')}: ${String(Math.max(...got.chunks))}`);
    }
    const small = sshdLines('root', 2_000);
    const packed = zstd(small, ['-19']);
    assert.equal((await inflate(packed, 1)).text, small, 'one byte at a time');
    assert.equal((await inflate(packed, 7)).text, small, 'seven bytes at a time');
  });

  it('reads concatenated frames and a leading skippable frame (pzstd, `cat a.zst b.zst`)', async (t) => {
    const zstd = zstdOrSkip(t);
    if (zstd === undefined) return;
    const [a, b] = [sshdLines('alice', 3_000), sshdLines('bob', 2_000)];
    const joined = Buffer.concat([skippableFrame(Buffer.from('index')), zstd(a, ['-19', '--check']), zstd('', []), zstd(b, ['-1', '--no-check'])]);
    const got = await inflate(joined, 4096);
    assert.equal(got.error, undefined);
    assert.equal(got.text, a + b);
  });

  it('gives the text before a cut or damaged block, then fails naming the byte', async (t) => {
    const zstd = zstdOrSkip(t);
    if (zstd === undefined) return;
    const text = sshdLines('cut', 60_000);
    const packed = zstd(text, ['-3']);
    const cut = await inflate(packed.subarray(0, Math.floor(packed.length * 0.6)));
    assert.ok(cut.error instanceof ZstdError, String(cut.error));
    assert.match(String(cut.error), /cut short in a block at byte \d+/);
    assert.ok(cut.text.length > text.length / 3, `${String(cut.text.length)} of ${String(text.length)} characters kept`);
    assert.ok(text.startsWith(cut.text), 'what was kept is the start of the text');

    const damaged = Buffer.from(packed);
    for (let i = Math.floor(damaged.length / 2); i < damaged.length / 2 + 64; i++) damaged[i] = 0xff;
    const bad = await inflate(damaged);
    // Streamed output cannot be taken back: the bytes before the damage are right, the damage is reported.
    assert.ok(bad.error instanceof ZstdError, String(bad.error));
    assert.match(String(bad.error), /fails its checksum|damaged near byte/);
    let same = 0;
    while (same < bad.text.length && bad.text[same] === text[same]) same++;
    assert.ok(same > text.length / 3, `${String(same)} of ${String(text.length)} characters right before the damage`);
    assert.notEqual(bad.text, text);
  });
});

describe('unzstd on frames zstd(1) would not write', () => {
  it('decodes raw and RLE blocks, and a frame shorter than the decoder\'s lookahead', async () => {
    const frame = zstdFrame({ blocks: [{ raw: Buffer.from('first line\n') }, { rle: 0x41, size: 5 }, { raw: Buffer.from('\nlast\n') }] });
    assert.equal((await inflate(frame)).text, 'first line\nAAAAA\nlast\n');
    const tiny = zstdFrame({ blocks: [{ raw: Buffer.from('hi\n') }] });
    assert.ok(tiny.length < 18);
    assert.equal((await inflate(tiny)).text, 'hi\n');
    assert.equal((await inflate(Buffer.concat([tiny, tiny, frame]), 1)).text, 'hi\nhi\nfirst line\nAAAAA\nlast\n');
  });

  it('refuses a window over zstd\'s default limit before allocating it', async () => {
    // Exponent 21 (2 GiB) and a single segment stating 1 GiB: fzstd would allocate either whole.
    for (const frame of [
      zstdFrame({ windowDescriptor: 21 << 3, blocks: [{ raw: Buffer.from('x\n') }] }),
      zstdFrame({ singleSegmentSize: 1n << 30n, blocks: [{ raw: Buffer.from('x\n') }] }),
    ]) {
      const got = await inflate(frame);
      assert.ok(got.error instanceof ZstdError);
      assert.match(String(got.error), /needs a (?:2048|1024) MiB window, over the 128 MiB zstd reads by default/);
    }
    const atLimit = zstdFrame({ windowDescriptor: (27 - 10) << 3, blocks: [{ raw: Buffer.from('ok\n') }] });
    assert.equal(2 ** 27, MAX_WINDOW);
    assert.equal((await inflate(atLimit)).text, 'ok\n');
  });

  it('refuses a frame that needs a dictionary, a reserved block type, a wrong checksum and stray bytes after the frames', async () => {
    const dictionary = await inflate(zstdFrame({ dictionaryId: 7, blocks: [{ raw: Buffer.from('x\n') }] }));
    assert.match(String(dictionary.error), /needs a dictionary/);
    const reserved = zstdFrame({ blocks: [{ raw: Buffer.from('x\n') }] });
    reserved.writeUIntLE(reserved.readUIntLE(6, 3) | (3 << 1), 6, 3);
    assert.match(String((await inflate(reserved)).error), /reserved type/);
    const trailing = await inflate(Buffer.concat([zstdFrame({ blocks: [{ raw: Buffer.from('kept\n') }] }), Buffer.from('garbage!')]));
    assert.equal(trailing.text, 'kept\n');
    assert.match(String(trailing.error), /not a zstd frame at byte 14/);
    // Raw blocks always decode: only the checksum tells that these bytes are not what was compressed.
    const unchecked = await inflate(zstdFrame({ checksum: true, blocks: [{ raw: Buffer.from('tampered\n') }] }));
    assert.equal(unchecked.text, 'tampered\n');
    assert.match(String(unchecked.error), /zstd frame at byte 0 fails its checksum: the file is damaged/);
    const open = await inflate(zstdFrame({ openEnded: true, blocks: [{ raw: Buffer.from('kept\n') }] }));
    assert.equal(open.text, 'kept\n');
    assert.match(String(open.error), /cut short in a block header/);
  });

  it('refuses blocks of a few bytes in a big window, which fzstd would slide at each block, before it takes an hour', async () => {
    // 1,000 blocks (~17 ms each if decoded): 250,000 of them, a 1 MB file, would take over an hour.
    const crafted = zstdFrame({ windowDescriptor: (27 - 10) << 3, blocks: Array.from({ length: 1_000 }, () => ({ rle: 0x0a, size: 1 })) });
    const got = await inflate(crafted);
    assert.match(String(got.error), /zstd stream too slow to decode here at byte \d+: blocks of a few bytes in a 128 MiB window; decompress it with zstd -d first/);
    assert.ok(got.text.length < 1000, String(got.text.length));
    // The same blocks in a 1 MiB window cost little: they are read.
    const small = zstdFrame({ windowDescriptor: (20 - 10) << 3, blocks: Array.from({ length: 5_000 }, () => ({ rle: 0x0a, size: 1 })) });
    assert.equal((await inflate(small)).text, '\n'.repeat(5_000));
  });

  it('streams a bomb of RLE blocks chunk by chunk instead of expanding it at once', async () => {
    // 100,000 blocks of 4 bytes, each standing for 128 KiB: 12.5 GiB from 400 KB. Read in 1 MiB input chunks.
    const bomb = zstdFrame({ windowDescriptor: (17 - 10) << 3, blocks: Array.from({ length: 100_000 }, () => ({ rle: 0x0a, size: 128 * 1024 })) });
    let seen = 0;
    let largest = 0;
    for await (const chunk of unzstd(pieces(bomb, 1024 * 1024))) {
      seen += chunk.length;
      largest = Math.max(largest, chunk.length);
      if (seen >= 64 * 1024 * 1024) break;
    }
    assert.ok(seen >= 64 * 1024 * 1024);
    assert.ok(largest <= 1024 * 1024 + 128 * 1024, String(largest));
  });
});

describe('fuzz: mutated zstd streams', () => {
  it('fail with a ZstdError or decode, never throw anything else or hang', async (t) => {
    const zstd = zstdOrSkip(t);
    if (zstd === undefined) return;
    const text = sshdLines('fuzz', 3_000);
    const streams = [zstd(text, ['-3']), zstd(text, ['-19', '--no-check']), zstd(text, ['-1', '--long=24'])];
    const random = prng(7);
    let failed = 0;
    for (let round = 0; round < 300; round++) {
      const bytes = Buffer.from(streams[round % streams.length]!);
      const flips = 1 + Math.floor(random() * 8);
      // The first rounds hit the headers, where a window or block size is read.
      const span = round < 100 ? Math.min(64, bytes.length) : bytes.length;
      for (let i = 0; i < flips; i++) bytes[Math.floor(random() * span)] = Math.floor(random() * 256);
      const cut = random() < 0.3 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      const got = await inflate(cut, 1 + Math.floor(random() * 70_000));
      if (got.error !== undefined) {
        failed++;
        assert.ok(got.error instanceof ZstdError, `round ${String(round)}: ${String(got.error)}`);
      }
    }
    assert.ok(failed > 150, `${String(failed)} of 300 mutated streams reported as damaged`);
  });
});

describe('zstd inputs', () => {
  it('reads a .zst file by its magic, a .tar.zst\'s members and a .zst member of a zip and of a tar', async (t) => {
    const zstd = zstdOrSkip(t);
    if (zstd === undefined) return;
    const dir = fresh();
    const src = fresh();
    const auth = sshdLines('svc', 500);
    writeFileSync(join(dir, 'auth.log.1'), zstd(auth, ['-19']));
    writeFileSync(join(src, 'secure'), sshdLines('oracle', 40));
    writeFileSync(join(src, 'secure.2.zst'), zstd(sshdLines('backup', 30)));
    execFileSync('tar', ['-cf', join(src, 'var.tar'), 'secure', 'secure.2.zst'], { cwd: src });
    writeFileSync(join(dir, 'var.tar.zst'), zstd(readFileSync(join(src, 'var.tar'))));
    execFileSync('zip', ['-q', join(dir, 'bundle.zip'), 'secure.2.zst'], { cwd: src });
    const got: Record<string, string> = {};
    for await (const item of expandInputs([dir], () => pieces(Buffer.alloc(0), 1))) {
      assert.ok('source' in item, JSON.stringify(item));
      const parts: Buffer[] = [];
      for await (const chunk of item.source.open()) parts.push(chunk);
      got[item.source.name.slice(dir.length + 1)] = Buffer.concat(parts).toString('utf8');
    }
    assert.deepEqual(got, {
      'auth.log.1': auth,
      'bundle.zip!secure.2.zst': sshdLines('backup', 30),
      'var.tar.zst!secure': sshdLines('oracle', 40),
      'var.tar.zst!secure.2.zst': sshdLines('backup', 30),
    });
  });

  it('ingests the events of a zstd log, keeps those before a cut, names unread containers with their tool, reads stdin and closes its files', async (t) => {
    const zstd = zstdOrSkip(t);
    if (zstd === undefined) return;
    const dir = fresh();
    writeFileSync(join(dir, 'a-auth.log.zst'), zstd(sshdLines('ops', 1_000)));
    const packed = zstd(sshdLines('late', 40_000), ['-3']);
    writeFileSync(join(dir, 'b-cut.log.zst'), packed.subarray(0, Math.floor(packed.length / 2)));
    writeFileSync(join(dir, 'c-old.log.xz'), execFileSync('xz', ['-c'], { input: sshdLines('xz', 100) }));
    writeFileSync(join(dir, 'd-old.log.bz2'), execFileSync('bzip2', ['-c'], { input: sshdLines('bz', 100) }));
    const store = openStore(join(fresh(), 'vigil.db'));
    try {
      const report = await ingest(store, [dir], { tz: 'UTC', actor: 'tester', year: 2024 });
      const [whole, cut, xz, bz] = report.files;
      assert.equal(whole?.events, 1_000);
      assert.equal(whole?.format, 'syslog');
      assert.match(cut?.problem ?? '', /zstd stream cut short in a block at byte \d+/);
      assert.ok((cut?.events ?? 0) > 10_000 && (cut?.events ?? 0) < 40_000, String(cut?.events));
      assert.equal(cut?.inserted, cut?.events);
      assert.match(xz?.problem ?? '', /^xz-compressed .*decompress it first, e\.g\. with xz -d/);
      assert.match(bz?.problem ?? '', /^bzip2-compressed .*bunzip2/);
      for (const packed of [zstd(sshdLines('pipe', 700)), gzipSync(sshdLines('pipe', 700))]) {
        const piped = await ingest(store, ['-'], { tz: 'UTC', actor: 'tester', year: 2024, stdin: () => pieces(packed, 999) });
        assert.equal(piped.files[0]?.events, 700, '`zstd -c … | vigil ingest -` and the same with gzip');
        assert.equal(piped.files[0]?.format, 'syslog');
      }
      const fds = () => readdirSync('/proc/self/fd').length;
      const open = fds();
      for (let i = 0; i < 4; i++) await ingest(store, [dir], { tz: 'UTC', actor: 'tester', year: 2024 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(fds() <= open + 1, `open files: ${String(open)} before, ${String(fds())} after four more reads of the zstd files, cut and whole`);
    } finally {
      store.close();
    }
    const { events } = await collectEvents([join(dir, 'a-auth.log.zst')], { tz: 'UTC', year: 2024 });
    assert.equal(events.length, 1_000);
    assert.deepEqual([events[1]?.source?.ip, events[1]?.user?.name, events[1]?.event.outcome, events[1]?.log.line], ['203.0.113.7', 'ops1', 'failure', 2]);
  });
});
