import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { buildSample } from '../../src/ingest/sniff.ts';
import { frameCsv, type CsvRecord } from '../../src/ingest/framing/csv.ts';
import { frameJson, type JsonRecord } from '../../src/ingest/framing/json.ts';
import { frameLines, type LineRecord } from '../../src/ingest/framing/lines.ts';

/** Framing on real byte streams: every test also feeds the same bytes in small chunks and expects the same records. */

const CHUNK_SIZES = [1, 2, 3, 7];

function chunked(bytes: Buffer, size = bytes.length || 1): AsyncIterable<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(Buffer.from(bytes.subarray(i, i + size)));
  return Readable.from(parts) as AsyncIterable<Buffer>;
}

async function* failing(bytes: Buffer, error: Error): AsyncGenerator<Buffer> {
  yield bytes;
  await new Promise((resolve) => setImmediate(resolve));
  throw error;
}

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

const lines = (bytes: Buffer, size?: number, max?: number): Promise<LineRecord[]> => collect(frameLines(chunked(bytes, size), max));
const json = (bytes: Buffer, mode: 'lines' | 'stream', size?: number): Promise<JsonRecord[]> => collect(frameJson(chunked(bytes, size), mode));
const csv = (bytes: Buffer, delimiter = ',', size?: number): Promise<CsvRecord[]> => collect(frameCsv(chunked(bytes, size), delimiter));

/** 1-based line and byte offset where `needle` starts in `bytes`. */
function where(bytes: Buffer, needle: string, from = 0): { line: number; offset: number } {
  const offset = bytes.indexOf(needle, from);
  assert.ok(offset >= 0, `${needle} not in input`);
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return { line, offset };
}

async function sameInEveryChunking<T>(bytes: Buffer, frame: (bytes: Buffer, size?: number) => Promise<T[]>): Promise<T[]> {
  const whole = await frame(bytes);
  for (const size of CHUNK_SIZES) assert.deepEqual(await frame(bytes, size), whole, `chunks of ${size} bytes`);
  return whole;
}

describe('frameLines', () => {
  it('cuts LF, CRLF and mixed endings, keeps the last line without a newline, counts skipped empty lines', async () => {
    const bytes = Buffer.from('alpha\nbeta\r\n\r\n\ngamma\r\ndelta\n\nomega');
    const records = await sameInEveryChunking(bytes, (b, size) => lines(b, size));
    assert.deepEqual(records, [
      { text: 'alpha', line: 1, offset: 0 },
      { text: 'beta', line: 2, offset: 6 },
      { text: 'gamma', line: 5, offset: 15 },
      { text: 'delta', line: 6, offset: 22 },
      { text: 'omega', line: 8, offset: 29 },
    ]);
    for (const r of records) assert.equal(r.offset, where(bytes, r.text).offset);
  });

  it('keeps a lone CR inside a line and drops only the CR before LF', async () => {
    const records = await sameInEveryChunking(Buffer.from('a\rb\r\nc\r'), (b, size) => lines(b, size));
    assert.deepEqual(records.map((r) => r.text), ['a\rb', 'c']);
  });

  it('removes a UTF-8 BOM, even when it arrives split across chunks', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('first\nsecond\n')]);
    const records = await sameInEveryChunking(bytes, (b, size) => lines(b, size));
    assert.deepEqual(records.map((r) => r.text), ['first', 'second']);
    assert.equal(records[1]?.offset, where(bytes, 'second').offset);
    assert.equal(records[0]?.offset, 3, 'offset of the first line is past the BOM');
  });

  it('does not remove a BOM that is not at the start', async () => {
    const records = await lines(Buffer.from('a\n\uFEFFb\n'));
    assert.equal(records[1]?.text, '\uFEFFb');
  });

  it('turns invalid UTF-8 into U+FFFD and keeps the rest of the line', async () => {
    const bytes = Buffer.concat([Buffer.from('user='), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' ok é end\nnext\n')]);
    const records = await sameInEveryChunking(bytes, (b, size) => lines(b, size));
    assert.equal(records.length, 2);
    assert.ok(records[0]?.text.startsWith('user=\uFFFD'), records[0]?.text);
    assert.ok(records[0]?.text.endsWith(' ok é end'));
    assert.equal(records[1]?.text, 'next');
  });

  it('keeps multi-byte characters split across chunks whole', async () => {
    const bytes = Buffer.from('日本語のログ 🚀\nzwei\n');
    const records = await sameInEveryChunking(bytes, (b, size) => lines(b, size));
    assert.deepEqual(records.map((r) => r.text), ['日本語のログ 🚀', 'zwei']);
  });

  it('cuts a line longer than the cap, reports the cut bytes, and reads the next line intact', async () => {
    const long = 'x'.repeat(100);
    const bytes = Buffer.from(`short\n${long}\r\nafter\n${'y'.repeat(40)}`);
    for (const size of [undefined, ...CHUNK_SIZES]) {
      const records = await lines(bytes, size, 32);
      assert.deepEqual(records.map((r) => r.text), ['short', 'x'.repeat(32), 'after', 'y'.repeat(32)], `chunks of ${size}`);
      assert.equal(records[0]?.truncated, undefined);
      assert.ok((records[1]?.truncated ?? 0) >= 68, `truncated ${records[1]?.truncated}`);
      assert.equal(records[2]?.truncated, undefined);
      assert.equal(records[2]?.line, 3);
      assert.equal(records[2]?.offset, where(bytes, 'after').offset);
      assert.equal(records[3]?.truncated, 8);
    }
  });

  it('frames the same records for every split position of a tricky input', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('α\r\n\n b \r\n'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('\ntail é'),
    ]);
    const whole = await lines(bytes);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const parts = [bytes.subarray(0, cut), bytes.subarray(cut)].filter((p) => p.length > 0);
      const split = await collect(frameLines(Readable.from(parts) as AsyncIterable<Buffer>));
      assert.deepEqual(split, whole, `split at ${cut}`);
    }
    assert.deepEqual(whole.map((r) => [r.text, r.line, r.offset]), [['α', 1, 3], [' b ', 3, 8], ['\uFFFD', 4, 13], ['tail é', 5, 16]]);
  });

  it('yields nothing for empty input and for only newlines', async () => {
    assert.deepEqual(await lines(Buffer.alloc(0)), []);
    assert.deepEqual(await lines(Buffer.from('\n\r\n\n')), []);
  });
});

describe('frameJson lines mode', () => {
  it('reports a bad line alone and keeps reading', async () => {
    const bytes = Buffer.from('{"a":1}\n{"b":\n\n{"c":3}\r\n[1,2]\n');
    const records = await sameInEveryChunking(bytes, (b, size) => json(b, 'lines', size));
    assert.equal(records.length, 4);
    assert.deepEqual(records[0]?.value, { a: 1 });
    assert.equal(records[1]?.line, 2);
    assert.match(records[1]?.error ?? '', /invalid JSON/);
    assert.equal(records[1]?.value, undefined);
    assert.deepEqual(records[2], { text: '{"c":3}', line: 4, offset: where(bytes, '{"c"').offset, value: { c: 3 } });
    assert.deepEqual(records[3]?.value, [1, 2]);
  });
});

describe('frameJson stream mode', () => {
  it('emits each element of a pretty-printed top-level array, even from 1-byte chunks', async () => {
    const doc = [{ id: 1, msg: 'one' }, { id: 2, nested: { list: [1, { x: '}' }] } }, { id: 3 }];
    const bytes = Buffer.from(JSON.stringify(doc, null, 2));
    const records = await sameInEveryChunking(bytes, (b, size) => json(b, 'stream', size));
    assert.deepEqual(records.map((r) => r.value), doc);
    assert.ok(records.every((r) => r.error === undefined));
    assert.deepEqual(records.map((r) => r.line), [2, 6, 17]);
    for (const r of records) assert.equal(bytes.subarray(r.offset, r.offset + 1).toString(), '{');
  });

  it('emits several concatenated pretty-printed objects with their start lines and offsets', async () => {
    const bytes = Buffer.from('{\n  "a": 1\n}\n{\n  "b": [\n    2\n  ]\n}{"c":3}\n\n  {"d": 4}');
    const records = await sameInEveryChunking(bytes, (b, size) => json(b, 'stream', size));
    assert.deepEqual(records.map((r) => r.value), [{ a: 1 }, { b: [2] }, { c: 3 }, { d: 4 }]);
    assert.deepEqual(records.map((r) => r.line), [1, 4, 8, 10]);
    assert.deepEqual(records.map((r) => r.offset), [0, where(bytes, '{\n  "b"').offset, where(bytes, '{"c"').offset, where(bytes, '{"d"').offset]);
  });

  it('is not confused by braces, brackets and escaped quotes inside strings', async () => {
    const values = [{ s: 'a } b ] c { d [' }, { s: 'quote \\" and \\\\', t: '\\' }, { s: '"}"', u: 'é 🚀' }];
    const bytes = Buffer.from(values.map((v) => JSON.stringify(v, null, 1)).join('\n'));
    const records = await sameInEveryChunking(bytes, (b, size) => json(b, 'stream', size));
    assert.deepEqual(records.map((r) => r.value), values);
  });

  it('reports a truncated last value and keeps the values before it', async () => {
    const bytes = Buffer.from('[\n{"a":1},\n{"b":2},\n{"c": "unfinished');
    const records = await sameInEveryChunking(bytes, (b, size) => json(b, 'stream', size));
    assert.deepEqual(records.slice(0, 2).map((r) => r.value), [{ a: 1 }, { b: 2 }]);
    assert.equal(records.length, 3);
    assert.match(records[2]?.error ?? '', /truncated/);
    assert.equal(records[2]?.line, 4);
  });

  it('reports junk between values as one error record and keeps the values around it', async () => {
    const bytes = Buffer.from('{"a":1}\nthis is not json\n{"b":2}\n');
    const records = await sameInEveryChunking(bytes, (b, size) => json(b, 'stream', size));
    assert.equal(records.length, 3);
    assert.deepEqual(records[0]?.value, { a: 1 });
    assert.equal(records[1]?.text, 'this is not json');
    assert.match(records[1]?.error ?? '', /outside/);
    assert.equal(records[1]?.line, 2);
    assert.equal(records[1]?.offset, where(bytes, 'this').offset);
    assert.deepEqual(records[2]?.value, { b: 2 });
    assert.equal(records[2]?.line, 3);
  });

  it('reports a value that is not valid JSON inside balanced braces', async () => {
    const records = await json(Buffer.from('{"a": 1,}\n{"b": 2}'), 'stream');
    assert.match(records[0]?.error ?? '', /invalid JSON/);
    assert.deepEqual(records[1]?.value, { b: 2 });
  });

  it('strips a BOM and keeps offsets in file bytes', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"a":1},\n {"b":2}]')]);
    const records = await sameInEveryChunking(bytes, (b, size) => json(b, 'stream', size));
    assert.deepEqual(records.map((r) => r.value), [{ a: 1 }, { b: 2 }]);
    assert.deepEqual(records.map((r) => r.offset), [where(bytes, '{"a"').offset, where(bytes, '{"b"').offset]);
  });

  it('reads each of several concatenated top-level arrays element by element', async () => {
    const records = await json(Buffer.from('[{"a":1}]\n[{"b":2},{"c":3}]\n'), 'stream');
    assert.deepEqual(records.map((r) => r.value), [{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('reads the records of {"Records":[…]} and {"records":[…]} envelopes, one file or several concatenated', async () => {
    const bytes = Buffer.from('{"Records":[{"eventName":"A","x":{"Records":[1]}},\n {"eventName":"B"}]}\n{ "records" : [\n{"operationName":"C"}\n]\n}\n{"Records":[]}');
    const records = await sameInEveryChunking(bytes, (b, size) => json(b, 'stream', size));
    assert.deepEqual(records.map((r) => r.value), [{ eventName: 'A', x: { Records: [1] } }, { eventName: 'B' }, { operationName: 'C' }]);
    assert.deepEqual(records.map((r) => r.line), [1, 2, 4]);
    assert.deepEqual(records.map((r) => r.offset), [where(bytes, '{"eventName":"A"').offset, where(bytes, '{"eventName":"B"').offset, where(bytes, '{"operationName"').offset]);
  });

  it('keeps an object whose first key is not Records, or whose Records is not an array, as one record', async () => {
    const values = [{ a: 1, Records: [{ b: 2 }] }, { Records: 3 }, { RecordsX: [1] }, { Record: [1] }, { records: { a: [1] } }, {}, { '': '}' }];
    const bytes = Buffer.from(values.map((v) => JSON.stringify(v)).join('\n'));
    const records = await sameInEveryChunking(bytes, (b, size) => json(b, 'stream', size));
    assert.deepEqual(records.map((r) => r.value), values);
    assert.deepEqual(records.map((r) => r.line), [1, 2, 3, 4, 5, 6, 7]);
  });

  it('reports an envelope cut short, inside a record or between records, and keeps the records before', async () => {
    const inside = await json(Buffer.from('{"Records":[{"a":1},{"b":'), 'stream');
    assert.deepEqual(inside.map((r) => r.value), [{ a: 1 }, undefined]);
    assert.match(inside[1]?.error ?? '', /truncated/);
    const between = await sameInEveryChunking(Buffer.from('{"Records":[{"a":1},'), (b, size) => json(b, 'stream', size));
    assert.deepEqual(between.map((r) => r.value), [{ a: 1 }, undefined]);
    assert.match(between[1]?.error ?? '', /document not closed/);
    const start = await json(Buffer.from('{"Reco'), 'stream');
    assert.equal(start.length, 1);
    assert.match(start[0]?.error ?? '', /truncated/);
  });
});

describe('frameJson: documents that wrap records', () => {
  const values = async (text: string) => (await sameInEveryChunking(Buffer.from(text), (b, size) => json(b, 'stream', size))).map((r) => r.value ?? r.error);

  it('gives the records of a search response, Splunk results, a hunting API answer and a Graph page, and skips the rest', async () => {
    const search = '{"took":5,"timed_out":false,"_shards":{"total":1,"hits":[9]},"hits":{"total":{"value":2},"max_score":1,"hits":[\n{"_index":"i","_source":{"a":1}},\n{"_index":"i","_source":{"b":"]}"}}]},"aggregations":{"x":{"buckets":[{"k":"}"}]}}}';
    assert.deepEqual(await values(search), [{ _index: 'i', _source: { a: 1 } }, { _index: 'i', _source: { b: ']}' } }]);
    assert.deepEqual(await values('{"hits":{"hits":[{"_id":"1"}]}}'), [{ _id: '1' }], 'filter_path=hits.hits');
    assert.deepEqual(await values('{"preview":false,"init_offset":0,"messages":[],"fields":[{"name":"_raw"}],"results":[{"_raw":"x"}],"highlighted":{}}'), [{ _raw: 'x' }]);
    assert.deepEqual(await values('{"Schema":[{"Name":"Timestamp","Type":"DateTime"},{"Name":"Results"}],"Results":[{"Timestamp":"t"},{"Timestamp":"u"}]}'), [{ Timestamp: 't' }, { Timestamp: 'u' }]);
    assert.deepEqual(await values('{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":[{"id":"1"}],"@odata.nextLink":"https://x"}'), [{ id: '1' }]);
  });

  it('reads pages saved one after the other, and records and documents mixed', async () => {
    const page = (n: number) => `{\n  "took": 1,\n  "hits": {\n    "hits": [ {"n": ${String(n)}} ]\n  }\n}\n`;
    assert.deepEqual(await values(`${page(1)}${page(2)}{"n":3}\n`), [{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('keeps ordinary objects whole: another first key, the records path not found, a look-alike key', async () => {
    assert.deepEqual(await values('{"a":1,"records":[{"x":1}]}'), [{ a: 1, records: [{ x: 1 }] }]);
    assert.deepEqual(await values('{"took":3,"status":"ok"}'), [{ took: 3, status: 'ok' }]);
    assert.deepEqual(await values('{"took":3,"x":{"hits":[1]},"hits":5}'), [{ took: 3, x: { hits: [1] }, hits: 5 }]);
    // A key written with escapes is not compared decoded: the object is kept whole (as one record).
    assert.deepEqual(await values('{"Rec\\u006frds":[{"x":1}]}'), [{ Records: [{ x: 1 }] }]);
  });

  it('samples only the records of a document for sniffing, not what follows them', () => {
    const sample = buildSample('search.json', Buffer.from('{"took":1,"hits":{"hits":[{"a":1},{"b":2}]},"aggregations":{"c":{"d":3}}}'), true);
    assert.deepEqual(sample.values, [{ a: 1 }, { b: 2 }]);
  });

  it('reports a document cut short after its records', async () => {
    const cut = await sameInEveryChunking(Buffer.from('{"took":1,"hits":{"hits":[{"a":1}]},"aggregations":{"x":'), (b, size) => json(b, 'stream', size));
    assert.deepEqual(cut[0]?.value, { a: 1 });
    assert.match(cut[1]?.error ?? '', /document not closed/);
  });
});

describe('frameCsv', () => {
  it('keys rows by the header and gives each row its real start line and offset', async () => {
    const bytes = Buffer.from('a,b,c\n1,2,3\n\n"x,y","multi\nline",z\r\n4,5,6\n"q""uote",8,9\n\n\n10,11,12');
    const records = await sameInEveryChunking(bytes, (b, size) => csv(b, ',', size));
    assert.deepEqual(records.map((r) => r.value), [
      { a: '1', b: '2', c: '3' },
      { a: 'x,y', b: 'multi\nline', c: 'z' },
      { a: '4', b: '5', c: '6' },
      { a: 'q"uote', b: '8', c: '9' },
      { a: '10', b: '11', c: '12' },
    ]);
    const starts = ['1,2,3', '"x,y"', '4,5,6', '"q""', '10,11'].map((s) => where(bytes, s));
    assert.deepEqual(records.map((r) => r.line), starts.map((s) => s.line));
    assert.deepEqual(records.map((r) => r.offset), starts.map((s) => s.offset));
    assert.equal(records[1]?.text, '"x,y","multi\nline",z');
    assert.equal(records[0]?.text, '1,2,3');
  });

  it('reads CRLF files, keeping CRLF inside quoted fields as a line break', async () => {
    const bytes = Buffer.from('a,b\r\n1,2\r\n\r\n"m\r\nx",3\r\n4,5\r\n');
    const records = await sameInEveryChunking(bytes, (b, size) => csv(b, ',', size));
    assert.deepEqual(records.map((r) => r.value), [{ a: '1', b: '2' }, { a: 'm\nx', b: '3' }, { a: '4', b: '5' }]);
    assert.deepEqual(records.map((r) => r.line), [2, 4, 6]);
  });

  it('reads TSV with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('time\tuser\tmsg\n2024-01-01\talice\thello, world\n')]);
    const records = await sameInEveryChunking(bytes, (b, size) => csv(b, '\t', size));
    assert.deepEqual(records.map((r) => r.value), [{ time: '2024-01-01', user: 'alice', msg: 'hello, world' }]);
    assert.equal(records[0]?.line, 2);
  });

  it('keeps the extra values of a row with too many columns, and reads short rows', async () => {
    const records = await csv(Buffer.from('a,b\n1,2,3,4\n5\n6,7\n'));
    assert.deepEqual(records.map((r) => r.value), [{ a: '1', b: '2', column_3: '3', column_4: '4' }, { a: '5' }, { a: '6', b: '7' }]);
    assert.deepEqual(records.map((r) => r.line), [2, 3, 4]);
  });

  it('names empty header cells and trims header names', async () => {
    const records = await csv(Buffer.from(' a ,,c\n1,2,3\n'));
    assert.deepEqual(records[0]?.value, { a: '1', column_2: '2', c: '3' });
  });

  it('treats a stray quote inside an unquoted field as text', async () => {
    const records = await csv(Buffer.from('a,b\n5" screen,ok\n7,8\n'));
    assert.deepEqual(records.map((r) => r.value), [{ a: '5" screen', b: 'ok' }, { a: '7', b: '8' }]);
  });

  it('reports an unterminated quoted field and still reads the rows after it', async () => {
    const bytes = Buffer.from('a,b\n1,2\n"open,3\n4,5\n6,7\n');
    const records = await csv(bytes);
    const good = records.filter((r) => r.error === undefined);
    const bad = records.filter((r) => r.error !== undefined);
    assert.deepEqual(good.map((r) => r.value), [{ a: '1', b: '2' }, { a: '4', b: '5' }, { a: '6', b: '7' }]);
    assert.deepEqual(good.map((r) => r.line), [2, 4, 5]);
    assert.equal(bad.length, 1);
    assert.equal(bad[0]?.line, 3);
    assert.equal(bad[0]?.text, '"open,3');
  });

  it('fails (does not hang) when the underlying stream fails', async () => {
    const stream = frameCsv(failing(Buffer.from('a,b\n1,2\n3,'), new Error('unexpected end of file')), ',');
    const seen: CsvRecord[] = [];
    await assert.rejects(async () => {
      for await (const batch of stream) seen.push(...batch);
    }, /unexpected end of file/);
    assert.deepEqual(seen.map((r) => r.value), [{ a: '1', b: '2' }]);
  });

  it('yields nothing for a header alone', async () => {
    assert.deepEqual(await csv(Buffer.from('a,b,c\n')), []);
  });
});

describe('frameJson size cap', () => {
  it('reports a value above the cap with its line and keeps reading the next values', async () => {
    const { MAX_JSON_VALUE_BYTES } = await import('../../src/ingest/framing/json.ts');
    const huge = `{"blob": "${'x'.repeat(MAX_JSON_VALUE_BYTES + 10)}"}`;
    const text = `{"a": 1}\n${huge}\n{"b": 2}\n`;
    const records = await collect(frameJson(Readable.from([Buffer.from(text)]), 'stream'));
    assert.equal(records.length, 3);
    assert.deepEqual(records[0]?.value, { a: 1 });
    assert.equal(records[1]?.line, 2);
    assert.match(records[1]?.error ?? '', /larger than/);
    assert.deepEqual(records[2]?.value, { b: 2 });
  });
});

describe('JSON framing mode from a sample', () => {
  it('reads a minified array on one line (or several) as a list of records, not as one line', async () => {
    const { jsonMode } = await import('../../src/ingest/sniff.ts');
    assert.equal(jsonMode(['[{"a":1},{"b":2}]']), 'stream');
    assert.equal(jsonMode(['{"a":1}', '[{"b":2}]']), 'stream');
    assert.equal(jsonMode(['{"a":1}', '{"b":2}']), 'lines');
    assert.equal(jsonMode(['{"Records":[{"a":1}]}']), 'stream');
  });
});
