import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Draft, FormatParser, ParseOutcome, Sample } from '../../src/ingest/format.ts';
import { iisW3cFormat } from '../../src/ingest/formats/iis-w3c.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents, readAs } from '../helpers/hostile.ts';

const SOFTWARE = '#Software: Microsoft Internet Information Services 10.0';
const DEFAULT_LAYOUT =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
const ROW = '2024-03-01 00:00:01 10.0.0.10 GET /default.aspx - 443 - 198.51.100.30 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 15';

function feed(lines: string[]): ParseOutcome[] {
  const parser: FormatParser = iisW3cFormat.createParser({ fileName: 'x' });
  return lines.map((text, i) => parser.parse({ text, line: i + 1, offset: 0 }));
}

function drafts(lines: string[]): Draft[] {
  return feed(lines).flatMap((outcome) => (outcome.kind === 'events' ? outcome.drafts : []));
}

function sample(lines: string[]): Sample {
  return { fileName: 'x', lines, values: [] };
}

void describe('iis-w3c parse', () => {
  void it('returns META for directives and reads rows with the declared layout', () => {
    const outcomes = feed([SOFTWARE, '#Version: 1.0', '#Date: 2024-03-01 00:00:00', DEFAULT_LAYOUT, ROW]);
    assert.deepEqual(outcomes.slice(0, 4).map((o) => o.kind), ['meta', 'meta', 'meta', 'meta']);
    const [d] = drafts([DEFAULT_LAYOUT, ROW]);
    assert.ok(d !== undefined);
    assert.equal(d.time, '2024-03-01 00:00:01');
    assert.equal(d.timeIsUtc, true);
    assert.equal(d.dataset, 'iis.access');
    assert.deepEqual(d.fields.source, { ip: '198.51.100.30' });
    assert.deepEqual(d.fields.destination, { ip: '10.0.0.10', port: 443 });
    assert.deepEqual(d.fields.url, { original: '/default.aspx', path: '/default.aspx' });
    assert.equal(d.fields.user, undefined);
    assert.equal(d.fields.user_agent?.original, 'Mozilla/5.0 (Windows NT 10.0)');
    assert.deepEqual(d.fields.http, { request: { method: 'GET' }, response: { status_code: 200 } });
    assert.deepEqual(d.fields.event, { category: ['web'], type: ['access'], action: 'http-request', outcome: 'success' });
    assert.deepEqual(d.fields.labels, { 'sc-substatus': '0', 'sc-win32-status': '0', 'time-taken': '15' });
  });

  void it('uses the IIS default layout before any #Fields line', () => {
    const [d] = drafts([ROW]);
    assert.equal(d?.fields.url?.path, '/default.aspx');
    assert.equal(d?.fields.source?.ip, '198.51.100.30');
  });

  void it('switches layout when a new #Fields line appears mid-file', () => {
    const out = drafts([
      DEFAULT_LAYOUT,
      ROW,
      '#Fields: date time s-computername cs-method cs-uri-stem cs-uri-query c-ip cs-username cs-host sc-status sc-bytes cs-bytes cs-version',
      '2024-03-01 06:00:02 WEB01 POST /login.aspx ReturnUrl=%2fadmin 2001:db8::5 CONTOSO\\jdoe www.contoso.com:443 401 1293 410 HTTP/1.1',
    ]);
    assert.equal(out.length, 2);
    const d = out[1];
    assert.ok(d !== undefined);
    assert.deepEqual(d.fields.host, { name: 'WEB01' });
    assert.deepEqual(d.fields.source, { ip: '2001:db8::5' });
    assert.deepEqual(d.fields.user, { domain: 'CONTOSO', name: 'jdoe' });
    assert.deepEqual(d.fields.destination, { domain: 'www.contoso.com' });
    assert.deepEqual(d.fields.url, { original: '/login.aspx?ReturnUrl=%2fadmin', path: '/login.aspx', query: 'ReturnUrl=%2fadmin' });
    assert.deepEqual(d.fields.http, { version: '1.1', request: { method: 'POST', bytes: 410 }, response: { status_code: 401, bytes: 1293 } });
    assert.equal(d.fields.event?.outcome, 'failure');
  });

  void it('takes the date from #Date when the layout has only a time column', () => {
    const [d] = drafts(['#Date: 2024-03-02 00:00:00', '#Fields: time c-ip cs-method cs-uri-stem sc-status', '01:02:03 192.0.2.1 GET / 200']);
    assert.equal(d?.time, '2024-03-02 01:02:03');
  });

  void it('rejects rows whose field count does not match the layout, and bad times', () => {
    const outcomes = feed([DEFAULT_LAYOUT, '2024-03-01 00:00:01 10.0.0.10 GET /truncated', 'garbage', ROW.replace('00:00:01', 'noon')]);
    assert.deepEqual(outcomes.map((o) => o.kind), ['meta', 'error', 'error', 'error']);
  });

  void it('never throws on random input', () => {
    const parser = iisW3cFormat.createParser({ fileName: 'x' });
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = ' #-+:\\()0123456789abcFields: date time c-ip cs-uri-stem';
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const length = Math.floor(rand() * 100);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(rand() * alphabet.length)] ?? '';
      assert.doesNotThrow(() => parser.parse({ text, line: i, offset: 0 }));
      assert.doesNotThrow(() => iisW3cFormat.sniff(sample([SOFTWARE, text])));
    }
  });
});

void describe('iis-w3c: keys and values named like Object.prototype members', () => {
  void it('keeps a #Fields: column named like one as a label and reads them as values', async () => {
    for (const w of HOSTILE_WORDS) {
      const lines = [SOFTWARE, `#Fields: date time c-ip cs-method cs-uri-stem sc-status ${w} cs-username`, `2024-01-15 10:00:00 203.0.113.9 GET /${w} 200 v ${w}`];
      const [event] = await hostileEvents('iis-w3c', lines.join('\n'), 1);
      assert.equal(event?.user?.name, w);
      assert.equal(event?.url?.path, `/${w}`);
      assert.equal(event?.source?.ip, '203.0.113.9');
      assertOwnField(event?.labels, w, 'v');
    }
  });
});

void describe('iis-w3c sniff', () => {
  void it('is confident with the IIS #Software header', () => {
    assert.equal(iisW3cFormat.sniff(sample([SOFTWARE, '#Version: 1.0', DEFAULT_LAYOUT, ROW])), 1);
  });

  void it('accepts a #Fields layout with cs-uri-stem without the #Software line', () => {
    assert.ok(iisW3cFormat.sniff(sample([DEFAULT_LAYOUT, ROW])) >= 0.85);
  });

  void it('needs the IIS directives, or lines in its default layout', () => {
    assert.equal(iisW3cFormat.sniff(sample(['#Fields: ts uid id.orig_h', '1 2 3'])), 0);
    assert.equal(iisW3cFormat.sniff(sample(['192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1'])), 0);
    assert.equal(iisW3cFormat.sniff(sample([])), 0);
  });

  void it('takes lines without directives for IIS when they check out in its default layout, as shippers forward them', async () => {
    assert.ok(iisW3cFormat.sniff(sample([ROW, ROW])) > 0.8);
    assert.ok(iisW3cFormat.sniff(sample([ROW, ROW.replace('GET', 'POST'), ROW])) > 0.8);
    const { events } = await readAs('iis-w3c', `${ROW}\n`);
    assert.deepEqual([events[0]?.url?.path, events[0]?.source?.ip, events[0]?.http?.response?.status_code], ['/default.aspx', '198.51.100.30', 200]);
    // Fifteen words that are not IIS's columns: a method, addresses and a status where IIS has them, or no IIS.
    assert.equal(iisW3cFormat.sniff(sample(['2024-03-01 00:00:01 a b c d e f g h i j k l m'])), 0);
    assert.equal(iisW3cFormat.sniff(sample([ROW.replace('10.0.0.10', 'web01')])), 0, 's-ip is not an address');
    assert.equal(iisW3cFormat.sniff(sample([ROW.replace(' 200 ', ' OK ')])), 0, 'no status');
    assert.equal(iisW3cFormat.sniff(sample([ROW, 'a line of text', 'another line of text'])), 0, 'a third of the lines');
  });
});
