import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { ChunkContext, instantiate, readRecord } from '../../src/ingest/evtx/binxml.ts';
import { frameEvtx } from '../../src/ingest/evtx/frame.ts';
import { recordJson, treeJson } from '../../src/ingest/evtx/render.ts';
import { fileTimeText } from '../../src/ingest/evtx/values.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { sharedPath } from '../compat/shared-data.ts';
import { binXmlValue, binaryv, boolv, fileTimev, guidv, hex64, nullv, sidv, stringsv, u16v, u32v, u64v, utf16, writeEvtx, type EvtxEvent, type SubValue, type TemplateNode } from '../helpers/evtx-writer.ts';
import { pickFrom, prng } from '../helpers/random-text.ts';
import { tempDirs } from '../helpers/temp.ts';

const temp = tempDirs('evtx');

const sub = (index: number, type: number, optional = false): TemplateNode => ({ sub: index, type, optional });
const data = (name: string, index: number, type: number): TemplateNode => ({ element: 'Data', attributes: [['Name', [{ text: name }]]], children: [sub(index, type)] });

/** The System block of Windows' own templates: provider, id, time, record id, channel, computer, user SID. */
function system(): TemplateNode {
  return {
    element: 'System',
    children: [
      { element: 'Provider', attributes: [['Name', [sub(0, 0x01)]], ['Guid', [sub(1, 0x0f)]]] },
      { element: 'EventID', children: [sub(2, 0x06)] },
      { element: 'Keywords', children: [sub(3, 0x15)] },
      { element: 'TimeCreated', attributes: [['SystemTime', [sub(4, 0x11)]]] },
      { element: 'EventRecordID', children: [sub(5, 0x0a)] },
      { element: 'Correlation', attributes: [['ActivityID', [sub(6, 0x0f, true)]]] },
      { element: 'Channel', children: [sub(7, 0x01)] },
      { element: 'Computer', children: [sub(8, 0x01)] },
      { element: 'Security', attributes: [['UserID', [sub(9, 0x13, true)]]] },
    ],
  };
}

const XMLNS: [string, TemplateNode[]] = ['xmlns', [{ text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]];

/** Sysmon 1 (process creation), with a few value types Sysmon does not use folded in. */
const SYSMON_1: TemplateNode[] = [{
  element: 'Event',
  attributes: [XMLNS],
  children: [system(), {
    element: 'EventData',
    children: [
      data('Image', 10, 0x01), data('CommandLine', 11, 0x01), data('ProcessId', 12, 0x08), data('ProcessGuid', 13, 0x0f),
      data('User', 14, 0x01), data('Hashes', 15, 0x01), data('ParentImage', 16, 0x01), data('Signed', 17, 0x0d),
      data('RawBytes', 18, 0x0e), data('Modules', 19, 0x81),
    ],
  }],
}];

/** Security 1102 (log cleared): its UserData is a BinXML value of its own. */
const SECURITY_1102: TemplateNode[] = [{ element: 'Event', attributes: [XMLNS], children: [system(), { element: 'UserData', children: [sub(10, 0x21)] }] }];

function systemValues(provider: string, id: number, recordId: bigint, channel: string, time: string, extraTicks = 0) {
  return [utf16(provider), guidv('5770385F-C22A-43E0-BF4C-06F5698FFBD9'), u16v(id), hex64(0x8000000000000000n), fileTimev(time, extraTicks), u64v(recordId), nullv(), utf16(channel), utf16('WS-01.corp.example'), sidv('S-1-5-21-1004336348-1177238915-682003330-512')];
}

function sysmonEvent(n: number, commandLine = `powershell.exe -enc SQBFAFgA ${String(n)}`): EvtxEvent {
  return {
    template: 'sysmon-1',
    nodes: SYSMON_1,
    values: [
      ...systemValues('Microsoft-Windows-Sysmon', 1, 5000n + BigInt(n), 'Microsoft-Windows-Sysmon/Operational', '2026-03-01T10:00:00.123Z', 4567),
      utf16('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'), utf16(commandLine), u32v(4460 + n), guidv('0197231E-005A-6928-A50B-000000000D00'),
      utf16('CORP\\alice'), utf16('SHA256=1B48A4F8D20026E6C56E3AB4CC4788FA6425C8A75F8D91C2869FA533DE6B209E'), utf16('C:\\Windows\\explorer.exe'), boolv(true),
      binaryv([0xde, 0xad, 0xbe, 0xef]), stringsv(['a.dll', 'b.dll']),
    ],
  };
}

const CLEARED: EvtxEvent = {
  template: 'security-1102',
  nodes: SECURITY_1102,
  values: [
    ...systemValues('Microsoft-Windows-Eventlog', 1102, 77n, 'Security', '2026-03-01T10:05:00Z'),
    binXmlValue([{ element: 'LogFileCleared', children: [{ element: 'SubjectUserName', children: [{ text: 'mallory' }] }, { element: 'SubjectDomainName', children: [{ text: 'CORP' }] }] }]),
  ],
};

async function records(file: Buffer) {
  const out = [];
  for await (const batch of frameEvtx(Readable.from([file]))) out.push(...batch);
  return out;
}

/** A random template: elements, attributes, texts and placeholders (optional or not, some typed null). */
function randomTemplate(random: () => number, subs: number): TemplateNode[] {
  const names = ['System', 'EventData', 'UserData', 'Data', 'Data', 'Item', 'Provider', 'Binary'];
  const piece = (): TemplateNode => (random() < 0.35 ? { text: pickFrom(random, ['', 'x', '42', 'a b', '&<>"']) } : { sub: Math.floor(random() * subs), type: random() < 0.1 ? 0x00 : 0x01, optional: random() < 0.5 });
  const element = (depth: number): TemplateNode => {
    const attributes = Array.from({ length: Math.floor(random() * 3) }, (): [string, TemplateNode[]] => [pickFrom(random, ['Name', 'Name', 'Guid', 'Level']), Array.from({ length: Math.floor(random() * 3) }, piece)]);
    const children = random() < 0.15 ? undefined : Array.from({ length: Math.floor(random() * 5) }, () => (depth < 4 && random() < 0.5 ? element(depth + 1) : piece()));
    return { element: pickFrom(random, names), attributes, ...(children === undefined ? {} : { children }) };
  };
  return [{ element: 'Event', children: Array.from({ length: 1 + Math.floor(random() * 4) }, () => element(1)) }];
}

function randomValue(random: () => number): SubValue {
  return pickFrom(random, [
    () => nullv(), () => utf16(''), () => utf16('text'), () => utf16('7'), () => u32v(Math.floor(random() * 1e6)), () => u16v(0), () => boolv(random() < 0.5),
    () => hex64(0x10n), () => guidv('0197231E-005A-6928-A50B-000000000D00'), () => fileTimev('2026-03-01T10:00:00Z', 17), () => stringsv(['a', 'b']), () => binaryv([1, 2]),
    () => u64v(2n ** 60n), () => sidv('S-1-5-18'), () => binXmlValue([{ element: 'Item', children: [{ text: 'inner' }] }]),
  ])();
}

/** Every record of an EVTX file as read (its template and values), chunk by chunk. */
function instancesOf(file: Buffer) {
  const out = [];
  for (let at = 4096; at + 65536 <= file.length; at += 65536) {
    const chunk = new ChunkContext(file.subarray(at, at + 65536));
    for (let pos = 512; pos < chunk.buf.readUInt32LE(48); pos += chunk.buf.readUInt32LE(pos + 4)) out.push(readRecord(chunk, pos + 24, pos + chunk.buf.readUInt32LE(pos + 4) - 4));
  }
  return out;
}

describe('EVTX files', () => {
  it("renders each record's event XML as evtx_dump's JSON: typed values, attributes, named data, BinXML values", async () => {
    const [sysmon, cleared] = await records(writeEvtx([sysmonEvent(1), CLEARED]));
    assert.deepEqual(sysmon?.value, {
      Event: {
        '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
          EventID: 1,
          Keywords: '0x8000000000000000',
          TimeCreated: { '#attributes': { SystemTime: '2026-03-01T10:00:00.123456Z' } },
          EventRecordID: 5001,
          Correlation: null,
          Channel: 'Microsoft-Windows-Sysmon/Operational',
          Computer: 'WS-01.corp.example',
          Security: { '#attributes': { UserID: 'S-1-5-21-1004336348-1177238915-682003330-512' } },
        },
        EventData: {
          Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          CommandLine: 'powershell.exe -enc SQBFAFgA 1',
          ProcessId: 4461,
          ProcessGuid: '0197231E-005A-6928-A50B-000000000D00',
          User: 'CORP\\alice',
          Hashes: 'SHA256=1B48A4F8D20026E6C56E3AB4CC4788FA6425C8A75F8D91C2869FA533DE6B209E',
          ParentImage: 'C:\\Windows\\explorer.exe',
          Signed: true,
          RawBytes: 'DEADBEEF',
          Modules: 'a.dll,b.dll',
        },
      },
    });
    assert.equal(sysmon?.line, 1, 'numbered by the record header');
    assert.equal(sysmon?.offset, 4096 + 512);
    assert.equal(sysmon?.text, JSON.stringify(sysmon?.value));
    assert.deepEqual((cleared?.value as { Event: { UserData: unknown } }).Event.UserData, { LogFileCleared: { SubjectUserName: 'mallory', SubjectDomainName: 'CORP' } });
  });

  it("renders a template with a record's values as it renders the record's tree with the values put in", () => {
    let compared = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const random = prng(seed);
      const subs = 1 + Math.floor(random() * 8);
      const nodes = randomTemplate(random, subs);
      // Some instances give fewer values than the template has placeholders.
      const events = Array.from({ length: 5 }, (): EvtxEvent => ({ template: 't', nodes, values: Array.from({ length: random() < 0.2 ? subs - 1 : subs }, () => randomValue(random)) }));
      for (const [i, instance] of instancesOf(writeEvtx(events)).entries()) {
        assert.ok(!Array.isArray(instance), 'a template instance');
        const fast = recordJson(instance);
        assert.equal(JSON.stringify(fast), JSON.stringify(treeJson(instantiate(instance.nodes, instance.values))), `seed ${String(seed)} record ${String(i)}`);
        compared++;
      }
    }
    assert.equal(compared, 1000);
  });

  it('writes FILETIME values to the microsecond, as 64-bit integer arithmetic does', () => {
    const reference = (ticks: bigint): string => {
      const date = new Date(Number(ticks / 10000n - 11644473600000n));
      return Number.isNaN(date.getTime()) ? '' : `${date.toISOString().slice(0, 23)}${String(Number((ticks / 10n) % 1000n)).padStart(3, '0')}Z`;
    };
    const random = prng(9);
    const samples = [0n, 1n, 9999n, 10000n, 116444736000000000n, 133_000_000_000_123_456n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 63n - 1n, 2n ** 64n - 1n, 2650467743999999999n, 2650467744000000000n];
    for (let i = 0; i < 5000; i++) samples.push((BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32)));
    for (const ticks of samples) assert.equal(fileTimeText(Number(ticks & 0xffffffffn), Number(ticks >> 32n)), reference(ticks), ticks.toString());
  });

  it('reads an empty BinXML value as an empty element, not as damage', async () => {
    const empty: EvtxEvent = { ...CLEARED, values: [...CLEARED.values.slice(0, 10), { type: 0x21, bytes: Buffer.alloc(0) }] };
    const [record] = await records(writeEvtx([empty]));
    assert.equal(record?.error, undefined);
    assert.equal((record?.value as { Event: { UserData: unknown } }).Event.UserData, null);
  });

  it('reads them through the pipeline as Windows events, from any name and gzipped', async () => {
    const dir = temp.fresh();
    const file = join(dir, 'Security-export.bin');
    writeFileSync(file, writeEvtx([sysmonEvent(1), CLEARED]));
    writeFileSync(join(dir, 'again.evtx.gz'), gzipSync(readFileSync(file)));
    const { events, errors, formats } = await collectEvents([file, join(dir, 'again.evtx.gz')], { tz: 'UTC' });
    assert.deepEqual(errors, []);
    assert.deepEqual(formats, ['windows-json', 'windows-json']);
    assert.equal(events.length, 4);
    const [process, clear] = events;
    assert.equal(process?.event.code, '1');
    assert.equal(process?.event.dataset, 'windows.sysmon');
    assert.equal(process?.process?.command_line, 'powershell.exe -enc SQBFAFgA 1');
    assert.equal(process?.process?.pid, 4461);
    assert.equal(process?.process?.parent?.executable, 'C:\\Windows\\explorer.exe');
    assert.equal(process?.host?.name, 'WS-01.corp.example');
    assert.equal(process?.['@timestamp'], '2026-03-01T10:00:00.123Z');
    assert.equal(clear?.event.code, '1102');
    assert.equal(clear?.user?.name, 'mallory');
    assert.deepEqual(events[2]?.process, process?.process, 'the gzipped copy reads the same');
  });

  it('reads templates shared across records and chunks, keeps memory to a chunk, and re-ingesting adds nothing', async () => {
    const dir = temp.fresh();
    const file = join(dir, 'Sysmon.evtx');
    writeFileSync(file, writeEvtx(Array.from({ length: 250 }, (_, i) => sysmonEvent(i)), 50));
    const store = openStore(join(dir, 'v.db'));
    try {
      const first = await ingest(store, [file], { tz: 'UTC', actor: 'test', threads: false });
      const report = first.files[0];
      assert.equal(report?.format, 'windows-json');
      assert.equal(report?.events, 250);
      assert.equal(report?.lines, 250, 'its records, not its highest record number');
      assert.equal(report?.errors, 0);
      const again = await ingest(store, [file], { tz: 'UTC', actor: 'test', threads: false });
      assert.equal(again.files[0]?.inserted, 0);
      const pids = store.db.prepare("SELECT count(DISTINCT json_extract(doc, '$.process.pid')) FROM events").pluck().get();
      assert.equal(pids, 250);
    } finally {
      store.close();
    }
  });

  it('reads what comes before damage: a truncated file, a chunk without its signature, a broken record', async () => {
    const whole = writeEvtx(Array.from({ length: 250 }, (_, i) => sysmonEvent(i)), 50);
    const cut = await records(whole.subarray(0, 4096 + 65536 * 2 + 3000));
    const read = cut.filter((r) => r.error === undefined);
    assert.ok(read.length > 100 && read.length < 150, `${String(read.length)} records before the cut`);
    assert.match(cut.at(-1)?.error ?? '', /truncated inside chunk 2/);

    const noSignature = Buffer.from(whole);
    noSignature.write('XXXXXXXX', 4096 + 65536, 'latin1');
    const skipped = await records(noSignature);
    assert.equal(skipped.filter((r) => r.error === undefined).length, 200);
    assert.match(skipped.find((r) => r.error !== undefined)?.error ?? '', /chunk 1 has no chunk signature/);

    const broken = Buffer.from(whole);
    const second = 4096 + 512 + broken.readUInt32LE(4096 + 512 + 4);
    broken.fill(0xee, second + 30, second + 60);
    const afterBreak = await records(broken);
    assert.equal(afterBreak.filter((r) => r.error === undefined).length, 249);
    assert.match(afterBreak.find((r) => r.error !== undefined)?.error ?? '', /^EVTX record 2: /);

    assert.match((await records(Buffer.from('ElfFile\0short'))).at(-1)?.error ?? '', /truncated inside its header/);
  });

  it('never throws on randomly damaged files', async () => {
    const whole = writeEvtx([sysmonEvent(1), CLEARED, sysmonEvent(2), CLEARED], 100);
    for (let seed = 1; seed <= 300; seed++) {
      const random = prng(seed);
      const damaged = Buffer.from(whole.subarray(0, 4096 + 512 + Math.floor(random() * 65536)));
      for (let i = 0; i < 1 + Math.floor(random() * 8); i++) damaged[4096 + 512 + Math.floor(random() * Math.max(1, damaged.length - 4608))] = Math.floor(random() * 256);
      const out = await records(damaged);
      assert.ok(out.every((r) => r.error !== undefined || typeof r.text === 'string'), `seed ${String(seed)}`);
    }
  });

  it("gives the JSON of every SigmaHQ regression EVTX file's events as its JSON twin holds them", async (t) => {
    const dir = sharedPath(t, 'sigma', 'regression_data');
    if (dir === undefined) return;
    const { readdirSync } = await import('node:fs');
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.evtx')).map((f) => join(dir, f));
    // The twins were written by a tool that trims strings' trailing spaces; the EVTX keeps them (`"cmd.exe" `).
    const trimmed = (value: unknown): unknown =>
      typeof value === 'string' ? value.trimEnd() : Array.isArray(value) ? value.map(trimmed) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v)])) : value;
    const differ: string[] = [];
    let read = 0;
    for (const file of files) {
      const got = await records(readFileSync(file));
      assert.deepEqual(got.filter((r) => r.error !== undefined), [], file);
      read += got.length;
      const want = readFileSync(file.replace(/\.evtx$/, '.json'), 'utf8').replace(/\}\s*\{/g, '}\u0000{').split('\u0000').map((j) => JSON.parse(j) as unknown);
      if (!isDeepStrictEqual(trimmed(got.map((r) => r.value)), trimmed(want))) differ.push(file);
    }
    t.diagnostic(`${String(files.length)} EVTX files, ${String(read)} records; differing from their JSON twin: ${differ.join(', ') || 'none'}`);
    assert.ok(files.length >= 200);
    // One twin was edited by hand (a nanosecond time, "Explorer.exe" where the EVTX has "Explorer.EXE").
    assert.ok(differ.length <= 1, differ.join('\n'));
  });
});
