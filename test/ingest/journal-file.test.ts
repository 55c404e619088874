import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { JsonRecord } from '../../src/ingest/framing/json.ts';
import { DecompressError, journalLz4, journalZstd, lz4Block, zstdContentSize } from '../../src/ingest/journal/decompress.ts';
import { frameJournalFile } from '../../src/ingest/journal/frame.ts';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { journalToolsOrSkip } from '../helpers/journal-tools.ts';
import { tempDirs } from '../helpers/temp.ts';

/**
 * The systemd journal's binary files. The fixtures are real files written by systemd 252 (see
 * test/fixtures/journal/make-export.py): `compact` is its default layout (compact items, keyed hashes, zstd),
 * `regular` the layout of earlier versions.
 */

const dirs = tempDirs('journal-file');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'journal');
const fixture = (name: string) => gunzipSync(readFileSync(join(FIXTURES, `${name}.journal.gz`)));
const OPTIONS = { tz: 'UTC', now: () => new Date('2026-12-31T00:00:00Z') };

async function records(bytes: Buffer, chunk = 65536): Promise<JsonRecord[]> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
  const out: JsonRecord[] = [];
  for await (const batch of frameJournalFile(Readable.from(chunks))) out.push(...batch);
  return out;
}

const withoutFileIds = (value: unknown) => {
  const copy = { ...(value as Record<string, unknown>) };
  // The cursor names the file's sequence-number id, which differs between the two fixtures.
  copy.__CURSOR = String(copy.__CURSOR).replace(/^s=[0-9a-f]+;/, '');
  return copy;
};

void describe('systemd journal files', () => {
  void it('renders each entry as journalctl -o json does: cursor, times, boot id, text, bytes and repeated fields', async () => {
    const entries = await records(fixture('compact'));
    assert.deepEqual(entries.filter((r) => r.error !== undefined), []);
    assert.equal(entries.length, 17);
    const first = entries[0]!.value as Record<string, unknown>;
    assert.match(String(first.__CURSOR), /^s=[0-9a-f]{32};i=1;b=5d1e0c9a2f4b4c4e8e2a1b3c4d5e6f70;m=1f2c5d92;t=660eea82aca40;x=[0-9a-f]+$/);
    assert.deepEqual([first.__REALTIME_TIMESTAMP, first.__MONOTONIC_TIMESTAMP, first._BOOT_ID, first._HOSTNAME, first.MESSAGE], ['1795428000123456', '523001234', '5d1e0c9a2f4b4c4e8e2a1b3c4d5e6f70', 'bastion', 'Failed password for root from 203.0.113.66 port 40000 ssh2']);
    const sudo = entries[13]!.value as Record<string, unknown>;
    assert.match(String(sudo.MESSAGE), /COMMAND=\/usr\/bin\/bash -c echo A{700}$/, 'the zstd-compressed message');
    const binary = entries[15]!.value as Record<string, unknown>;
    assert.deepEqual(binary.MESSAGE, [...Buffer.from('Failed password for '), 0xff, ...Buffer.from('root from 192.0.2.7 port 22 ssh2')]);
    assert.deepEqual(binary.TAG, ['one', 'two']);
    assert.equal((entries[16]!.value as Record<string, unknown>).MESSAGE, 'Traceback (most recent call last):\n  File "app.py", line 1\nValueError: bad');
    assert.deepEqual(entries.map((r) => r.line), Array.from({ length: 17 }, (_, i) => i + 1));
    assert.ok(entries.every((r) => r.text === JSON.stringify(r.value)));
  });

  void it('reads the regular (pre-252) layout to the same entries as the compact one', async () => {
    const compact = await records(fixture('compact'));
    const regular = await records(fixture('regular'), 4096);
    assert.deepEqual(regular.map((r) => withoutFileIds(r.value)), compact.map((r) => withoutFileIds(r.value)));
  });

  void it('ingests a gzipped journal file: the syslog decoders read its entries, and the pack raises the brute force then its success', async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'system.journal.gz');
    writeFileSync(file, readFileSync(join(FIXTURES, 'compact.journal.gz')));
    const { events, formats, errors } = await collectEvents([file], OPTIONS);
    assert.deepEqual([formats, errors.length, events.length], [['journald'], 0, 17]);
    assert.deepEqual(events.slice(12, 15).map((e) => [e.event.dataset, e.event.action, e.event.outcome ?? null, e['@timestamp']]), [
      ['sshd', 'ssh-login', 'success', '2026-11-23T10:01:00.123Z'],
      ['sudo', 'sudo-command', 'success', '2026-11-23T10:01:05.123Z'],
      ['ufw', 'firewall-drop', 'failure', '2026-11-23T10:01:10.123Z'],
    ]);
    assert.deepEqual([events[15]?.user?.name, events[15]?.source?.ip], ['\ufffdroot', '192.0.2.7']);
    const store = openStore(join(dir, 'v.db'));
    try {
      const run = await ingest(store, [file], { tz: 'UTC', actor: 'test' });
      assert.deepEqual([run.totals.inserted, run.totals.errors, run.files[0]?.format], [17, 0, 'journald']);
      assert.equal((await ingest(store, [file], { tz: 'UTC', actor: 'test' })).totals.inserted, 0, 're-ingesting adds nothing');
      const titles = analyzeStore(store, { actor: 'test' }).incidents.map((i) => i.title);
      assert.ok(titles.some((title) => /brute force followed by a successful login from 203\.0\.113\.66 on bastion/i.test(title)), titles.join(' | '));
    } finally {
      store.close();
    }
  });

  void it('reads a truncated copy up to the cut and says where it was cut', async () => {
    const whole = fixture('compact');
    const entries = await records(whole);
    const cut = entries[10]!.offset + 40;
    const read = await records(whole.subarray(0, cut));
    const errors = read.filter((r) => r.error !== undefined);
    assert.equal(read.length - errors.length, 10);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.error!, /truncated/);
  });

  void it('reports a damaged field and keeps the rest of its entry; refuses unknown layouts and other files', async () => {
    const damaged = Buffer.from(fixture('regular'));
    const entries = await records(damaged);
    const second = entries[1]!;
    // The first item of the second entry now points into the header; its field was the one its data object names.
    const dataAt = Number(damaged.readBigUInt64LE(second.offset + 64));
    const lost = damaged.toString('latin1', dataAt + 64, damaged.indexOf(0x3d, dataAt + 64));
    damaged.writeBigUInt64LE(8n, second.offset + 64);
    const read = await records(damaged);
    const error = read.find((r) => r.error !== undefined);
    assert.match(error?.error ?? '', /^journal entry 2: 1 field\(s\) not read: a field points outside the file/);
    assert.equal(read.filter((r) => r.error === undefined).length, 17);
    // The entry header names the boot too: journalctl's `_BOOT_ID` survives the loss of its field.
    const expected = Object.fromEntries(Object.entries(second.value as Record<string, unknown>).filter(([name]) => name !== lost || lost === '_BOOT_ID'));
    assert.deepEqual(read[1]!.value, expected);

    const future = Buffer.from(fixture('compact'));
    future.writeUInt32LE(future.readUInt32LE(12) | 0x80, 12);
    assert.match((await records(future))[0]?.error ?? '', /does not know/);
    assert.match((await records(Buffer.from('LPKSHHRH'))).at(0)?.error ?? '', /truncated inside its header/);
    const whole = fixture('compact');
    const claims = Buffer.from(whole.subarray(0, (await records(whole)).at(-1)!.offset + 1024));
    claims.writeBigUInt64LE(900n * 1024n * 1024n, 96);
    assert.equal((await records(claims)).filter((r) => r.error === undefined).length, 17, 'a header claiming 900 MB for a small file: its entries, and no 900 MB buffer');
    const huge = Buffer.from(fixture('compact').subarray(0, 4096));
    huge.writeBigUInt64LE(2n ** 40n, 96);
    assert.match((await records(huge))[0]?.error ?? '', /over the \d+ this reader holds in memory/);
  });

  void it('never throws on mutated files', async () => {
    const base = fixture('compact');
    const used = (await records(base)).at(-1)!.offset + 256;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const bytes = Buffer.from(base.subarray(0, used + 4096));
      for (let flips = 0; flips < 8; flips++) bytes[Math.floor(random() * used)] = Math.floor(random() * 256);
      const read = await records(bytes);
      assert.ok(read.every((r) => r.error !== undefined || (typeof r.text === 'string' && r.value !== undefined)));
    }
  });

  void it('matches journalctl on a journal of loghub-like sshd traffic written by systemd-journal-remote', async (t) => {
    const tools = journalToolsOrSkip(t);
    if (tools === undefined) return;
    const dir = dirs.fresh();
    const entries = Array.from({ length: 3000 }, (_, i) => {
      const fields: [string, string | Buffer][] = [
        ['__REALTIME_TIMESTAMP', String(1795428000000000 + i * 250_000)],
        ['__MONOTONIC_TIMESTAMP', String(1_000_000 + i * 250_000)],
        ['_BOOT_ID', '5d1e0c9a2f4b4c4e8e2a1b3c4d5e6f70'],
        ['_HOSTNAME', `host${String(i % 3)}`],
        ['SYSLOG_IDENTIFIER', 'sshd'],
        ['_PID', String(1000 + (i % 50))],
        ['MESSAGE', i % 97 === 0 ? `Failed password for ${'x'.repeat(600 + i)} from 192.0.2.${String(i % 200)} port 22 ssh2` : `Failed password for user${String(i % 40)} from 198.51.100.${String(i % 60)} port ${String(1024 + i)} ssh2`],
      ];
      if (i % 500 === 0) fields.push(['DUMP', Buffer.from([0, 1, 2, 0xfe, 0xff])], ['NOTE', 'a\nb']);
      return fields;
    });
    const file = tools.write(dir, 'sshd', entries);
    // journalctl of systemd 254 and later also prints the sequence number and its id, which the cursor holds.
    const theirs = tools.entries(file).map((e) => Object.fromEntries(Object.entries(e).filter(([name]) => name !== '__SEQNUM' && name !== '__SEQNUM_ID')));
    const ours = (await records(readFileSync(file))).map((r) => r.error ?? r.value);
    assert.equal(ours.length, 3000);
    assert.deepEqual(ours, theirs);
  });
});

void describe('journal field compression', () => {
  void it('decodes an LZ4 block, as systemd 221–245 stored large fields', () => {
    const data = Buffer.from(`MESSAGE=${'Failed password for root from 203.0.113.66 port 40000 ssh2 '.repeat(12)}`);
    const block = Buffer.from('ff344d4553534147453d4661696c65642070617373776f726420666f7220726f6f742066726f6d203230332e302e3131332e363620706f72742034303030302073736832203b00ffff73507373683220', 'hex');
    assert.deepEqual(lz4Block(block, data.length), data);
    const blob = Buffer.concat([Buffer.alloc(8), block]);
    blob.writeBigUInt64LE(BigInt(data.length));
    assert.deepEqual(journalLz4(blob, 1024), data);
    assert.throws(() => journalLz4(blob, 100), /over the 100 allowed/);
    assert.throws(() => lz4Block(block, data.length - 1), DecompressError);
    assert.throws(() => lz4Block(Buffer.from([0x1f, 0x41, 0x09, 0x00]), 20), /match offset outside the output/);
    assert.throws(() => lz4Block(Buffer.from([0xf0]), 20), /literal length runs past the input/);
  });

  void it("reads a zstd frame's stated size and refuses what states none or too much", () => {
    const frame = (descriptor: number, ...rest: number[]) => Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, descriptor, ...rest]);
    assert.equal(zstdContentSize(frame(0x20, 200)), 200, 'single segment, 1-byte size');
    assert.equal(zstdContentSize(frame(0x60, 0x10, 0x00)), 0x10 + 256, '2-byte size, offset by 256');
    assert.equal(zstdContentSize(frame(0x80, 0x00, 0x00, 0x00, 0x00, 0x01)), 2 ** 24, 'a window byte, then a 4-byte size');
    assert.equal(zstdContentSize(frame(0x00, 0x00)), undefined, 'no size stated');
    assert.equal(zstdContentSize(Uint8Array.from([1, 2, 3, 4, 5, 6])), undefined);
    assert.throws(() => journalZstd(frame(0x80, 0x00, 0x00, 0x00, 0x00, 0x01), 1024), /over the 1024 allowed/);
    assert.throws(() => journalZstd(frame(0x20, 5, 0xff, 0xff, 0xff), 1024), DecompressError);
  });
});
