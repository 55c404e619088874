import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { expandInputs, type InputItem, type InputSource } from '../../src/ingest/sources.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { ingest, type IngestOptions } from '../../src/pipeline/ingest.ts';
import { openStore, type Store } from '../../src/store/index.ts';

/** The last path segment of a source identity (`/abs/dir/a.log`, `/abs/x.zip!inner/b.log` → the file name). */
function leaf(key: string): string {
  return key.slice(Math.max(key.lastIndexOf('/'), key.lastIndexOf('!')) + 1);
}

/** Inputs on a real file system: directories, compressed files, archives, broken inputs, stdin. */

const OTRF_EMPIRE = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'otrf-sample', 'datasets', 'atomic', 'windows', 'defense_evasion', 'host', 'empire_enable_rdp.tar.gz');

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'vigil-sources-'));
});
after(() => {
  rmSync(root, { recursive: true, force: true });
});

function fresh(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function noStdin(): AsyncIterable<Buffer> {
  throw new Error('stdin must not be read');
}

async function items(paths: string[]): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of expandInputs(paths, noStdin)) out.push(item);
  return out;
}

function sources(list: InputItem[]): InputSource[] {
  return list.flatMap((item) => ('source' in item ? [item.source] : []));
}

async function readAll(source: InputSource): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of source.open()) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

/** Reads members in order, as the pipeline does (tar members must be consumed before the next one). */
async function contents(paths: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const item of expandInputs(paths, noStdin)) {
    if ('source' in item) out[item.source.name] = await readAll(item.source);
  }
  return out;
}

function logLines(tag: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `${tag} line ${i + 1} something happened here\n`).join('');
}

function openFds(): number | undefined {
  return existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : undefined;
}

describe('expandInputs on directories', () => {
  it('walks a tree recursively in sorted order, skipping store files and symlinks', async () => {
    const dir = fresh('tree');
    mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'z.log'), 'z\n');
    writeFileSync(join(dir, 'b', 'deep', 'y.log'), 'y\n');
    writeFileSync(join(dir, 'b', 'x.log'), 'x\n');
    writeFileSync(join(dir, 'a', 'w.log'), 'w\n');
    writeFileSync(join(dir, 'vigil.db'), 'not a log');
    writeFileSync(join(dir, 'vigil.db-wal'), 'not a log');
    symlinkSync(join(dir, 'z.log'), join(dir, 'link.log'));
    symlinkSync(join(dir, 'a'), join(dir, 'linkdir'));
    const found = sources(await items([dir]));
    assert.deepEqual(found.map((s) => s.name), [join(dir, 'a', 'w.log'), join(dir, 'b', 'deep', 'y.log'), join(dir, 'b', 'x.log'), join(dir, 'z.log')]);
    assert.deepEqual(found.map((s) => leaf(s.key)), ['w.log', 'y.log', 'x.log', 'z.log']);
    assert.ok(found.every((s) => typeof s.mtimeMs === 'number' && s.size === 2));
  });

  it('reads a tree that lives under a folder named like a skipped one', async () => {
    const dir = fresh(join('node_modules', 'case-17'));
    writeFileSync(join(dir, 'auth.log'), 'a\n');
    assert.deepEqual(sources(await items([dir])).map((s) => leaf(s.key)), ['auth.log']);
  });

  it('reports a missing path as a problem and goes on', async () => {
    const dir = fresh('missing');
    writeFileSync(join(dir, 'ok.log'), 'ok\n');
    const list = await items([join(dir, 'nope.log'), join(dir, 'ok.log')]);
    assert.deepEqual(list[0], { problem: { name: join(dir, 'nope.log'), problem: 'no such file or directory' } });
    assert.equal(leaf(sources(list)[0]?.key ?? ''), 'ok.log');
  });
});

describe('expandInputs on compressed files and archives', () => {
  it('gunzips by magic bytes, whatever the name', async () => {
    const dir = fresh('gz');
    const text = logLines('gz', 50);
    writeFileSync(join(dir, 'a.log.gz'), gzipSync(text));
    writeFileSync(join(dir, 'b.log'), gzipSync(text));
    const found = sources(await items([dir]));
    assert.deepEqual(found.map((s) => leaf(s.key)), ['a.log.gz', 'b.log'], 'the identity is the file as stored');
    assert.deepEqual(Object.values(await contents([dir])), [text, text]);
  });

  it('reads each member of a zip, gunzipping a nested .gz member', async () => {
    const dir = fresh('zip');
    const src = fresh('zip-src');
    writeFileSync(join(src, 'one.log'), logLines('one', 3));
    writeFileSync(join(src, 'two.log'), logLines('two', 4));
    writeFileSync(join(src, 'three.log.gz'), gzipSync(logLines('three', 5)));
    execFileSync('zip', ['-q', '-r', join(dir, 'bundle.zip'), 'one.log', 'two.log', 'three.log.gz'], { cwd: src });
    const got = await contents([join(dir, 'bundle.zip')]);
    const zip = join(dir, 'bundle.zip');
    assert.deepEqual(got, {
      [`${zip}!one.log`]: logLines('one', 3),
      [`${zip}!two.log`]: logLines('two', 4),
      [`${zip}!three.log.gz`]: logLines('three', 5),
    });
    const keys = sources(await items([zip])).map((s) => s.key);
    // Identity = absolute archive path + member: same-named members of different archives never collide.
    assert.deepEqual(keys, [`${resolve(zip)}!one.log`, `${resolve(zip)}!two.log`, `${resolve(zip)}!three.log.gz`]);
  });

  it('reads the members of a .tar and of a .tar.gz made by tar(1)', async () => {
    const dir = fresh('tar');
    const src = fresh('tar-src');
    mkdirSync(join(src, 'var', 'log'), { recursive: true });
    writeFileSync(join(src, 'var', 'log', 'auth.log'), logLines('auth', 2000));
    writeFileSync(join(src, 'var', 'log', 'empty.log'), '');
    writeFileSync(join(src, 'var', 'log', 'syslog.1.gz'), gzipSync(logLines('rotated', 10)));
    const longName = `${'n'.repeat(120)}.log`;
    writeFileSync(join(src, longName), logLines('long', 1));
    execFileSync('tar', ['-cf', join(dir, 'logs.tar'), 'var', longName], { cwd: src });
    execFileSync('tar', ['-czf', join(dir, 'logs.tar.gz'), 'var', longName], { cwd: src });
    for (const archive of ['logs.tar', 'logs.tar.gz']) {
      const path = join(dir, archive);
      const got = await contents([path]);
      const byKey = Object.fromEntries(Object.entries(got).map(([name, text]) => [basename(name.slice(name.indexOf('!') + 1)), text]));
      assert.equal(byKey['auth.log'], logLines('auth', 2000), archive);
      assert.equal(byKey['empty.log'], '', archive);
      assert.equal(byKey['syslog.1.gz'], logLines('rotated', 10), archive);
      assert.equal(byKey[longName], logLines('long', 1), archive);
      assert.ok(Object.keys(got).every((name) => name.startsWith(`${path}!`)), Object.keys(got).join(' '));
    }
  });

  it('marks as re-openable exactly the sources that give the same bytes on a second read (a dead parse thread\'s file starts over)', async () => {
    const dir = fresh('reopen');
    const src = fresh('reopen-src');
    writeFileSync(join(dir, 'plain.log'), logLines('plain', 50));
    writeFileSync(join(dir, 'packed.log.gz'), gzipSync(logLines('packed', 50)));
    writeFileSync(join(src, 'member.log'), logLines('member', 50));
    execFileSync('zip', ['-q', join(dir, 'bundle.zip'), 'member.log'], { cwd: src });
    execFileSync('tar', ['-cf', join(dir, 'bundle.tar'), 'member.log'], { cwd: src });
    const seen: Record<string, boolean> = {};
    for await (const item of expandInputs([dir, '-'], () => Readable.from([Buffer.from(logLines('stdin', 2))]))) {
      if (!('source' in item)) continue;
      const name = leaf(item.source.key) === 'member.log' ? item.source.name.slice(item.source.name.lastIndexOf('/') + 1) : leaf(item.source.key);
      seen[name] = item.source.reopenable === true;
      const first = await readAll(item.source);
      // Read again while its archive is still open, as ingest does.
      if (item.source.reopenable === true) assert.equal(await readAll(item.source), first, name);
    }
    assert.deepEqual(seen, {
      'bundle.tar!member.log': false, 'bundle.zip!member.log': true, 'packed.log.gz': true, 'plain.log': true, stdin: false,
    });
  });

  it('reads a tar whose members are skipped unread without losing the next member', async () => {
    const dir = fresh('tar-skip');
    const src = fresh('tar-skip-src');
    writeFileSync(join(src, 'a.log'), logLines('a', 5000));
    writeFileSync(join(src, 'b.log'), logLines('b', 3));
    execFileSync('tar', ['-czf', join(dir, 'x.tgz'), 'a.log', 'b.log'], { cwd: src });
    const found: string[] = [];
    for await (const item of expandInputs([join(dir, 'x.tgz')], noStdin)) {
      if (!('source' in item)) continue;
      if (leaf(item.source.key) === 'b.log') found.push(await readAll(item.source));
    }
    assert.deepEqual(found, [logLines('b', 3)]);
  });

  it('yields the data of a truncated gzip and then fails', async () => {
    const dir = fresh('truncated');
    const text = logLines('cut', 20000);
    const gz = gzipSync(text);
    writeFileSync(join(dir, 'cut.log.gz'), gz.subarray(0, gz.length - 12));
    const [source] = sources(await items([join(dir, 'cut.log.gz')]));
    assert.ok(source !== undefined);
    const parts: Buffer[] = [];
    await assert.rejects(async () => {
      for await (const chunk of source.open()) parts.push(chunk);
    }, /unexpected end of file/);
    const got = Buffer.concat(parts).toString('utf8');
    assert.ok(got.length > text.length / 2, `only ${got.length} of ${text.length} bytes`);
    assert.ok(text.startsWith(got));
  });

  it('reports a tar cut inside a member after giving the bytes that were there', async () => {
    const dir = fresh('tar-cut');
    const src = fresh('tar-cut-src');
    writeFileSync(join(src, 'a.log'), logLines('a', 3000));
    writeFileSync(join(src, 'b.log'), logLines('b', 3));
    execFileSync('tar', ['-cf', join(dir, 'full.tar'), 'a.log', 'b.log'], { cwd: src });
    const full = readFileSync(join(dir, 'full.tar'));
    writeFileSync(join(dir, 'cut.tar'), full.subarray(0, 512 + 40_000));
    const seen: string[] = [];
    let memberError = '';
    for await (const item of expandInputs([join(dir, 'cut.tar')], noStdin)) {
      if ('problem' in item) {
        seen.push(`problem: ${item.problem.problem}`);
        continue;
      }
      seen.push(leaf(item.source.key));
      await readAll(item.source).catch((error: unknown) => (memberError = String(error)));
    }
    assert.deepEqual(seen.slice(0, 1), ['a.log']);
    assert.match(memberError, /truncated/);
    assert.match(seen[1] ?? '', /^problem: tar archive damaged or truncated/);
  });

  it('reports a .tar.gz without its gzip trailer after reading all its members', async () => {
    const dir = fresh('tgz-trailer');
    const src = fresh('tgz-trailer-src');
    writeFileSync(join(src, 'a.log'), logLines('a', 100));
    execFileSync('tar', ['-czf', join(dir, 'full.tar.gz'), 'a.log'], { cwd: src });
    const full = readFileSync(join(dir, 'full.tar.gz'));
    writeFileSync(join(dir, 'notrailer.tar.gz'), full.subarray(0, full.length - 8));
    const list: InputItem[] = [];
    const texts: string[] = [];
    for await (const item of expandInputs([join(dir, 'notrailer.tar.gz')], noStdin)) {
      list.push(item);
      if ('source' in item) texts.push(await readAll(item.source));
    }
    assert.deepEqual(texts, [logLines('a', 100)]);
    const problem = list.find((item) => 'problem' in item);
    assert.ok(problem !== undefined && 'problem' in problem && /unexpected end of file/.test(problem.problem.problem));
  });

  it('fails (does not stall) on a .gz member of a .tar.gz that is cut inside it', { timeout: 20_000 }, async () => {
    const dir = fresh('tgz-nested');
    const src = fresh('tgz-nested-src');
    writeFileSync(join(src, 'inner.log.gz'), gzipSync(randomBytes(300_000).toString('base64')));
    execFileSync('tar', ['-czf', join(dir, 'full.tgz'), 'inner.log.gz'], { cwd: src });
    const full = readFileSync(join(dir, 'full.tgz'));
    writeFileSync(join(dir, 'cut.tgz'), full.subarray(0, Math.floor(full.length / 2)));
    let failure = '';
    for await (const item of expandInputs([join(dir, 'cut.tgz')], noStdin)) {
      if ('source' in item) await readAll(item.source).catch((error: unknown) => (failure = String(error)));
    }
    assert.match(failure, /unexpected end of file|truncated/);
  });

  it('reports an archive that is not one', async () => {
    const dir = fresh('badzip');
    writeFileSync(join(dir, 'bad.zip'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(64)]));
    const list = await items([join(dir, 'bad.zip')]);
    assert.equal(list.length, 1);
    assert.ok('problem' in list[0]! && /zip/.test(list[0].problem.problem));
  });
});

describe('inputs through the pipeline', () => {
  let store: Store;
  let storeDir: string;
  const options = (extra: Partial<IngestOptions> = {}): IngestOptions => ({
    tz: 'UTC', actor: 'tester', now: () => new Date('2024-06-01T00:00:00Z'), ...extra,
  });

  before(() => {
    storeDir = fresh('store');
    store = openStore(join(storeDir, 'vigil.db'));
  });
  after(() => store.close());

  it('skips a binary file as a problem and still ingests the others of the run', async () => {
    const dir = fresh('binary');
    const noise = randomBytes(256 * 1024);
    for (let i = 0; i < noise.length; i += 97) noise[i] = 0;
    writeFileSync(join(dir, 'a.bin'), noise);
    writeFileSync(join(dir, 'b.log'), logLines('text', 10));
    const report = await ingest(store, [dir], options());
    const [binary, text] = report.files;
    assert.match(binary?.problem ?? '', /binary/);
    assert.equal(binary?.events, 0);
    assert.equal(text?.problem, undefined);
    assert.equal(text?.events, 10);
    assert.equal(report.totals.problems, 1);
  });

  it('reads a UTF-16LE file with a BOM as text', async () => {
    const dir = fresh('utf16');
    const text = 'première ligne du journal\r\nzweite Zeile – Ünïcödé\r\n';
    writeFileSync(join(dir, 'win.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { events } = await collectEvents([dir], { tz: 'UTC' });
    assert.deepEqual(events.map((e) => e.event.original), ['première ligne du journal', 'zweite Zeile – Ünïcödé']);
    assert.deepEqual(events.map((e) => e.log.line), [1, 2]);
  });

  it('reads stdin given as `-`', async () => {
    const report = await ingest(store, ['-'], options({ stdin: () => Readable.from([Buffer.from(logLines('stdin', 3))]) }));
    assert.equal(report.files.length, 1);
    assert.equal(report.files[0]?.path, '<stdin>');
    assert.equal(report.files[0]?.events, 3);
    assert.equal(report.files[0]?.inserted, 3);
  });

  it('keeps the events read before a truncated gzip fails and reports the file', async () => {
    const dir = fresh('pipeline-truncated');
    const gz = gzipSync(logLines('cut', 20000));
    writeFileSync(join(dir, 'cut.log.gz'), gz.subarray(0, gz.length - 12));
    writeFileSync(join(dir, 'fine.log'), logLines('fine', 5));
    const report = await ingest(store, [dir], options());
    const [cut, fine] = report.files;
    assert.match(cut?.problem ?? '', /unexpected end of file/);
    assert.ok((cut?.events ?? 0) > 10000, `${cut?.events} events kept`);
    assert.equal(cut?.inserted, cut?.events);
    assert.equal(fine?.events, 5);
  });

  it('reads the member after a skipped binary .gz member of a tar intact', async () => {
    const dir = fresh('tar-binary-member');
    const src = fresh('tar-binary-member-src');
    const noise = randomBytes(3 * 1024 * 1024);
    for (let i = 0; i < noise.length; i += 50) noise[i] = 0;
    writeFileSync(join(src, 'a-blob.bin.gz'), gzipSync(noise));
    writeFileSync(join(src, 'b-text.log'), logLines('after', 500));
    writeFileSync(join(src, 'c-blob.bin'), noise.subarray(0, 200_000));
    writeFileSync(join(src, 'd-text.log'), logLines('last', 7));
    execFileSync('tar', ['-cf', join(dir, 'mixed.tar'), 'a-blob.bin.gz', 'b-text.log', 'c-blob.bin', 'd-text.log'], { cwd: src });
    const { events } = await collectEvents([join(dir, 'mixed.tar')], { tz: 'UTC' });
    assert.deepEqual(events.map((e) => e.event.original), [...logLines('after', 500).split('\n'), ...logLines('last', 7).split('\n')].filter((l) => l !== ''));
  });

  it('closes the files it opens, also for skipped binary files and compressed files', async () => {
    const start = openFds();
    if (start === undefined) return;
    const dir = fresh('fds');
    for (let i = 0; i < 8; i++) {
      writeFileSync(join(dir, `b${i}.bin`), randomBytes(200_000).fill(0, 0, 1000));
      writeFileSync(join(dir, `g${i}.log.gz`), gzipSync(logLines(`g${i}`, 20000)));
    }
    await collectEvents([dir], { tz: 'UTC' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok((openFds() ?? 0) <= start + 1, `open files: ${start} before, ${openFds()} after`);
  });

  it('keeps the events of the OTRF empire_enable_rdp.tar.gz that lacks its gzip trailer', async (t) => {
    if (!existsSync(OTRF_EMPIRE)) {
      t.skip('OTRF sample empire_enable_rdp.tar.gz absent');
      return;
    }
    const report = await ingest(store, [OTRF_EMPIRE], options());
    const problems = report.files.filter((f) => f.problem !== undefined);
    assert.ok(problems.length >= 1, JSON.stringify(report.files.map((f) => [f.path, f.problem])));
    assert.ok(report.totals.events > 0, 'events read before the end are kept');
    assert.equal(report.totals.inserted, report.totals.events);
  });
});

describe('expandInputs on pipes', () => {
  it('streams a named pipe given by path (process substitution), gunzipping it when needed', async (t) => {
    if (process.platform === 'win32') {
      t.skip('no mkfifo');
      return;
    }
    const dir = fresh('fifo');
    for (const [name, payload] of [['plain', Buffer.from(logLines('fifo', 3))], ['zipped', gzipSync(logLines('fifo', 3))]] as const) {
      const fifo = join(dir, name);
      execFileSync('mkfifo', [fifo]);
      const writer = spawn('sh', ['-c', `cat > "${fifo}"`], { stdio: ['pipe', 'ignore', 'inherit'] });
      writer.stdin.end(payload);
      const list = await items([fifo]);
      assert.equal(list.length, 1);
      const [source] = sources(list);
      assert.ok(source !== undefined, JSON.stringify(list));
      assert.equal(await readAll(source), logLines('fifo', 3), name);
      assert.equal(source.mtimeMs, undefined, 'the year of a pipe comes from the ingest time');
    }
  });
});
