import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { frameXmlEvents, MAX_EVENT_CHARS } from '../../src/ingest/framing/xml-events.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { prng } from '../helpers/random-text.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Windows events as XML text: framed by event whatever the lines, read as the Windows JSON reader reads them. */

const temp = tempDirs('windows-xml');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'formats', 'windows-xml', 'input.xml');
const OPTIONS = { tz: 'UTC', year: 2024 };

/** An event without where it was read from (its id, line, offset, original and format). */
function content(event: VigilEvent): unknown {
  const copy: Partial<VigilEvent> = structuredClone(event);
  delete copy.id;
  delete copy.log;
  delete copy.vigil;
  const meta: Partial<VigilEvent['event']> = copy.event ?? {};
  delete meta.original;
  return copy;
}

async function read(name: string, bytes: Buffer | string) {
  const file = join(temp.fresh(), name);
  writeFileSync(file, bytes);
  const result = await collectEvents([file], OPTIONS);
  return { ...result, file };
}

/** The fixture's events, one `<Event>…</Event>` each. */
const EVENTS = [...readFileSync(FIXTURE, 'utf8').matchAll(/<Event[\s>][\s\S]*?<\/Event>/g)].map((m) => m[0]);

async function records(chunks: Buffer[]) {
  const out = [];
  for await (const batch of frameXmlEvents(Readable.from(chunks))) out.push(...batch);
  return out;
}

describe('Windows event XML', () => {
  it('reads the same events whatever the layout: an Events export, one per line, all on one line, any chunking', async () => {
    const reference = await collectEvents([FIXTURE], OPTIONS);
    assert.deepEqual(reference.errors, []);
    assert.equal(EVENTS.length, 14);
    assert.equal(reference.events.length, EVENTS.length);
    const expected = reference.events.map(content);
    const onePerLine = await read('per-line.xml', `${EVENTS.map((e) => e.replace(/\n\s*/g, ' ')).join('\n')}\n`);
    const oneLine = await read('wevtutil.xml', EVENTS.join(''));
    for (const layout of [onePerLine, oneLine]) {
      assert.deepEqual(layout.formats, ['windows-xml']);
      assert.deepEqual(layout.errors, []);
      assert.deepEqual(layout.events.map(content), expected);
    }
    assert.equal(new Set(oneLine.events.map((e) => e.id)).size, EVENTS.length, 'events of one line have ids of their own');
    const bytes = readFileSync(FIXTURE);
    for (const size of [1, 3, 7, 64, 4096]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      const framed = await records(chunks);
      assert.equal(framed.length, EVENTS.length, `chunks of ${String(size)}`);
      for (const record of framed) {
        assert.equal(record.error, undefined);
        assert.ok(bytes.subarray(record.offset).toString('utf8').startsWith(record.text), 'offset is where its text starts');
        assert.equal(bytes.subarray(0, record.offset).toString('utf8').split('\n').length, record.line, 'line of its start');
      }
    }
  });

  it('reads a UTF-16 export (Event Viewer writes them) as the UTF-8 one', async () => {
    const utf8 = readFileSync(FIXTURE, 'utf8');
    const { events, formats, errors } = await read('export.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8.replace('utf-8', 'UTF-16'), 'utf16le')]));
    assert.deepEqual(formats, ['windows-xml']);
    assert.deepEqual(errors, []);
    assert.deepEqual(events.map(content), (await collectEvents([FIXTURE], OPTIONS)).events.map(content));
  });

  it('gives the fields the same event exported as JSON gives', async () => {
    const json = {
      Event: {
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } }, EventID: 4624,
          TimeCreated: { '#attributes': { SystemTime: '2024-03-04T09:35:00.250000Z' } }, Channel: 'Security', Computer: 'DC01.corp.example',
        },
        EventData: { TargetUserName: 'bob', TargetDomainName: 'CORP', LogonType: '10', IpAddress: '10.20.30.99', IpPort: '51234' },
      },
    };
    const fromJson = await read('logon.json', `${JSON.stringify(json)}\n`);
    const fromXml = await read('logon.xml', EVENTS[4]!);
    assert.deepEqual(fromJson.formats, ['windows-json']);
    assert.deepEqual(fromXml.formats, ['windows-xml']);
    assert.deepEqual(fromXml.events.map(content), fromJson.events.map(content));
    assert.equal(fromXml.events[0]?.event.original, EVENTS[4], 'the original is the XML as written');
  });

  it('keeps what is not an event, reports damage with its line, and reads on', async () => {
    const text = [
      EVENTS[2]!,
      'some note typed into the export',
      EVENTS[1]!.replace('</Data><Data Name="User">', '</Dat><Data Name="User">'),
      EVENTS[3]!,
      EVENTS[4]!.slice(0, 200),
    ].join('\n');
    const { events, errors } = await read('damaged.xml', text);
    assert.deepEqual(errors.map((e) => [e.line, e.reason.replace(/ at character \d+/, '')]), [
      [2, 'text outside a Windows event'],
      [3, 'malformed event XML: </Dat> closes <Data>'],
      [5, 'the input ends inside this event (no </Event>)'],
    ]);
    assert.deepEqual(events.map((e) => [e.log.line, e.vigil.format]), [[1, 'windows-xml'], [2, 'plaintext'], [3, 'plaintext'], [4, 'windows-xml'], [5, 'plaintext']]);
    assert.equal(events[1]?.event.original, 'some note typed into the export');
  });

  it('cuts an event longer than the cap, says so, and reads the events after it', async () => {
    const endless = `<Event><System><EventID>1</EventID></System><EventData><Data Name="CommandLine">${'A'.repeat(MAX_EVENT_CHARS * 2)}`;
    const { events, errors } = await read('huge.xml', `${EVENTS[2]!}\n${endless}\n${EVENTS[3]!}\n`);
    assert.deepEqual(errors.map((e) => [e.line, e.reason]), [[2, 'event longer than 1048576 characters without its </Event>; the rest of it is skipped']]);
    assert.deepEqual(events.filter((e) => e.vigil.format === 'windows-xml').map((e) => e.event.code), ['4720', '1102']);
    assert.equal(events.length, 3, 'the part kept of the cut event, as plain text');
  });

  it('ends an event that is never closed where the next one starts', async () => {
    const { events, errors } = await read('unclosed.xml', `${EVENTS[2]!.replace('</Event>', '')}\n${EVENTS[3]!}\n`);
    assert.deepEqual(errors.map((e) => [e.line, e.reason]), [[1, 'an event without its </Event> (the next event starts inside it)']]);
    assert.deepEqual(events.map((e) => [e.log.line, e.vigil.format]), [[1, 'plaintext'], [2, 'windows-xml']]);
  });

  it('expands no doctype entity, keeps references it does not know, and refuses nesting bombs', async () => {
    const withDoctype = `<!DOCTYPE Event [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lolololol">]>\n${EVENTS[2]!.replace('backdoor', '&xxe;&lol;&#0;&#x41;&lt;script&gt;')}`;
    const { events, errors } = await read('doctype.xml', withDoctype);
    assert.deepEqual(errors, []);
    assert.equal(events[0]?.user?.target?.name, '&xxe;&lol;&#0;A<script>');
    const deep = `<Event><System><EventID>1</EventID></System>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</Event>`;
    const nested = await read('deep.xml', `${deep}\n${EVENTS[3]!}\n`);
    assert.match(nested.errors[0]?.reason ?? '', /nested too deep/);
    assert.equal(nested.events.find((e) => e.vigil.format === 'windows-xml')?.event.code, '1102');
  });

  it('never throws on mutated exports: every record is an event or an error', async () => {
    const bytes = readFileSync(FIXTURE);
    for (let seed = 1; seed <= 300; seed++) {
      const random = prng(seed);
      const damaged = Buffer.from(bytes);
      for (let i = 0; i < 1 + Math.floor(random() * 12); i++) damaged[Math.floor(random() * damaged.length)] = pickByte(random);
      const cut = damaged.subarray(0, Math.floor(random() * damaged.length) + 1);
      for (const record of await records([cut])) assert.ok(record.error !== undefined || record.value !== undefined, `seed ${String(seed)}`);
    }
  });
});

function pickByte(random: () => number): number {
  const interesting = [0x3c, 0x3e, 0x2f, 0x26, 0x3b, 0x22, 0x27, 0x0a, 0x00, 0xff, 0x5d];
  return random() < 0.6 ? interesting[Math.floor(random() * interesting.length)]! : Math.floor(random() * 256);
}
