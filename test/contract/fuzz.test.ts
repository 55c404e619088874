import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { FormatDefinition, RawRecord, Sample } from '../../src/ingest/format.ts';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { readSource } from '../../src/ingest/read.ts';
import { buildSample } from '../../src/ingest/sniff.ts';
import { HOSTILE_WORDS, assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { prng } from '../helpers/random-text.ts';

/** Random and mutated input must never make a parser, a sniffer or the read path throw. */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const ROUNDS = 300;


const TOKENS = ['"', '{', '}', '[', ']', '=', '|', '\\', ':', ',', '\t', '\u0000', '\uFFFD', '%', '<', '>', ' ', '-', '\u001b[2J', '9'.repeat(30), 'CEF:0|', 'type=SYSCALL msg=audit(', '#fields\t', 'EventID'];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.3) out = out.slice(0, at);
    else if (kind < 0.6) out = out.slice(0, at) + TOKENS[Math.floor(random() * TOKENS.length)]! + out.slice(at);
    else if (kind < 0.8) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 10));
    else out = out.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + out.slice(at);
  }
  return out;
}

function randomBytes(random: () => number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

function fixtureLines(id: string): string[] {
  const dir = join(FIXTURES, id);
  const input = readdirSync(dir).find((f) => f.startsWith('input.'));
  return input === undefined ? [] : readFileSync(join(dir, input), 'utf8').split('\n').filter((l) => l !== '');
}

function record(text: string, format: FormatDefinition): RawRecord {
  if (format.framing === 'lines') return { text, line: 1, offset: 0 };
  try {
    return { text, line: 1, offset: 0, value: JSON.parse(text) as unknown };
  } catch {
    return { text, line: 1, offset: 0, value: { message: text, [text.slice(0, 8)]: text } };
  }
}

describe('fuzz: formats never throw', () => {
  for (const format of FORMATS) {
    it(`${format.id}: mutated fixture records and random text`, () => {
      const random = prng(format.id.length * 7919);
      const seeds = fixtureLines(format.id);
      assert.ok(seeds.length > 0, `${format.id} has fixture lines to mutate`);
      const parser = format.createParser({ fileName: 'fuzz' });
      for (let i = 0; i < ROUNDS; i++) {
        const base = seeds[i % seeds.length]!;
        const text = i % 5 === 4 ? randomBytes(random, 1 + Math.floor(random() * 200)).toString('latin1') : mutate(base, random);
        assert.doesNotThrow(() => parser.parse(record(text, format)), `parse threw on ${JSON.stringify(text).slice(0, 200)}`);
        const sample: Sample = buildSample('fuzz', Buffer.from(text), true);
        assert.doesNotThrow(() => format.sniff(sample), `sniff threw on ${JSON.stringify(text).slice(0, 200)}`);
      }
      assert.doesNotThrow(() => parser.flush?.());
    });
  }
});

describe('fuzz: the read path never throws on random bytes', () => {
  it('random buffers are either skipped as binary or every record is kept', async () => {
    const random = prng(42);
    for (let i = 0; i < 40; i++) {
      const bytes = randomBytes(random, 1 + Math.floor(random() * 5000));
      if (i % 2 === 0) for (let j = 0; j < bytes.length; j++) if (bytes[j] === 0) bytes[j] = 0x0a;
      const reading = await readSource('fuzz', Readable.from([bytes]), {});
      let items = 0;
      for await (const batch of reading.batches(() => undefined)) items += batch.length;
      if (reading.problem !== undefined) {
        assert.match(reading.problem, /binary/);
        continue;
      }
      // Nothing is dropped: every record became an event or was a header/meta record.
      assert.ok(reading.counters.records > 0, 'non-binary input yields records');
      assert.ok(items + reading.counters.meta >= reading.counters.records, `records ${reading.counters.records}, events ${items}, meta ${reading.counters.meta}`);
    }
  });
});

/** Positions (key=value pairs, cells, object entries) of one record tried one at a time, at most this many. */
const MAX_POSITIONS = 24;
const KV_KEY = /(^|[\s|;,^\t'"])([A-Za-z_][\w.\-[\]]*)=/g;
const KV_VALUE = /=("[^"]*"|[^\s|;,^\t'"]+)/g;

/** The `n`-th match of `pattern` in `line` replaced, the others kept. */
function replaceNth(line: string, pattern: RegExp, n: number, replace: (group: string) => string): string {
  let index = 0;
  return line.replace(pattern, (match: string, group: unknown) => (index++ === n ? replace(typeof group === 'string' ? group : '') : match));
}

/** The `n`-th cell after the first (tab, pipe, comma for CSV, else space separated) replaced. */
function replaceCell(line: string, word: string, n: number, csv: boolean): string {
  const separator = line.includes('\t') ? '\t' : line.includes('|') ? '|' : csv ? ',' : ' ';
  return line.split(separator).map((cell, i) => (i === n + 1 ? word : cell)).join(separator);
}

type JsonMode = 'add' | 'rename' | 'value';

/** A JSON value with `word` added as a key of every object, or as the `n`-th key, or as the `n`-th string value. */
function injectJson(value: unknown, word: string, mode: JsonMode, n: number): string {
  if (Array.isArray(value)) return `[${value.map((item) => injectJson(item, word, mode, n)).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const entries = Object.entries(value).map(([key, inner], i): [string, string] => [
    mode === 'rename' && i === n ? word : key,
    mode === 'value' && i === n && typeof inner === 'string' ? JSON.stringify(word) : injectJson(inner, word, mode, n),
  ]);
  if (mode === 'add') entries.unshift([word, JSON.stringify(word)]);
  // Written by hand so that `__proto__` reaches the file as a key (JSON.parse then makes it an own property).
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${inner}`).join(',')}}`;
}

/** Whole-fixture variants, each with `word` in one position of every record (unchanged variants left out). */
function hostileVariants(lines: readonly string[], format: FormatDefinition, word: string): string[] {
  // JSON variants are written compactly: compare with the compact form of the fixture.
  const original = (format.framing === 'json' ? lines.map((line) => JSON.stringify(JSON.parse(line))) : lines).join('\n');
  const mutations: ((line: string, n: number) => string)[] =
    format.framing === 'json'
      ? (['rename', 'value'] as const).map((mode) => (line, n) => injectJson(JSON.parse(line), word, mode, n))
      : [
          (line, n) => replaceNth(line, KV_KEY, n, (before) => `${before}${word}=`),
          (line, n) => replaceNth(line, KV_VALUE, n, () => `=${word}`),
          (line, n) => replaceCell(line, word, n, format.framing === 'csv'),
        ];
  const variants = format.framing === 'json' ? [lines.map((line) => injectJson(JSON.parse(line), word, 'add', 0)).join('\n')] : [];
  for (let n = 0; n < MAX_POSITIONS; n++) {
    for (const mutate of mutations) {
      const variant = lines.map((line) => mutate(line, n)).join('\n');
      if (variant !== original && !variants.includes(variant)) variants.push(variant);
    }
  }
  return variants;
}

describe('fuzz: fixture records with keys and values named like Object.prototype members', () => {
  for (const format of FORMATS) {
    it(`${format.id}: every event stays schema-valid and nothing is polluted`, async () => {
      const lines = fixtureLines(format.id);
      let injected = 0;
      let events = 0;
      for (const word of HOSTILE_WORDS) {
        for (const variant of hostileVariants(lines, format, word)) {
          assert.ok(variant.includes(word), `${format.id}: a variant without ${word}`);
          injected++;
          const read = await readAs(format.id, variant);
          for (const event of read.events) assertSoundEvent(event);
          assertNoPollution();
          events += read.events.length;
        }
      }
      assert.ok(injected >= HOSTILE_WORDS.length, `${format.id}: the words reached the records (${injected} variants)`);
      assert.ok(events > 0, `${format.id}: the variants still yield events`);
    });
  }
});
