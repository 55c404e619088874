import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Draft, ParseOutcome, Sample } from '../../src/ingest/format.ts';
import { csvFormat } from '../../src/ingest/formats/csv.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

function parse(value: unknown, mapping?: Record<string, string>): ParseOutcome {
  return csvFormat.createParser({ fileName: 'x.csv', mapping }).parse({ text: 'row', line: 2, offset: 0, value });
}

function draft(value: Record<string, string>, mapping?: Record<string, string>): Draft {
  const outcome = parse(value, mapping);
  assert.equal(outcome.kind, 'events');
  const first = outcome.kind === 'events' ? outcome.drafts[0] : undefined;
  assert.ok(first !== undefined);
  return first;
}

function sample(header: string[], lines: string[] = []): Sample {
  return { fileName: 'x', lines, values: [], csv: { delimiter: ',', header, rows: [] } };
}

void describe('csv sniff', () => {
  void it('scores 0.3 with a recognisable time/ip/user/host/message column, 0.1 without', () => {
    assert.equal(csvFormat.sniff(sample(['Date', 'Time', 'Source IP', 'Action'])), 0.3);
    assert.equal(csvFormat.sniff(sample(['id', 'Hostname'])), 0.3);
    assert.equal(csvFormat.sniff(sample(['cs(User-Agent)', 'Message'])), 0.3);
    assert.equal(csvFormat.sniff(sample(['alpha', 'beta', 'gamma'])), 0.1);
  });

  void it('scores nothing without a delimited sample, or for JSON / directive headers', () => {
    assert.equal(csvFormat.sniff({ fileName: 'x', lines: ['a'], values: [] }), 0);
    assert.equal(csvFormat.sniff(sample(['only'])), 0);
    assert.equal(csvFormat.sniff(sample(['{"a": 1', '"b": 2}'])), 0);
    assert.equal(csvFormat.sniff(sample(['#Fields: date', 'time'])), 0);
  });

  void it('scores nothing when the "header" is data or sentence text', () => {
    assert.equal(csvFormat.sniff(sample(['Jan 5 10:00:00 host sshd[1]: Failed password for root from 1.2.3.4 port 22 ssh2', 'x'])), 0);
    assert.equal(csvFormat.sniff(sample(['2024-01-15 10:30:00', '123 INFO [main] app.Server - Started'])), 0);
    assert.equal(csvFormat.sniff(sample(['10.0.0.1', 'GET', '200'])), 0);
  });
});

void describe('csv parse', () => {
  void it('maps a row through the alias table, joining Date and Time columns', () => {
    const d = draft({
      Date: '2024-03-10',
      Time: '09:00:01',
      'Source IP': '185.220.101.42',
      'Src Port': '51000',
      'Destination IP': '10.0.2.20',
      'Dst Port': '22',
      Protocol: 'TCP',
      Action: 'deny',
      Hostname: 'fw-edge-01',
      Message: 'Denied inbound SSH, rule 10',
    });
    assert.equal(d.time, '2024-03-10T09:00:01');
    assert.equal(d.dataset, 'csv');
    assert.deepEqual(d.fields.source, { ip: '185.220.101.42', port: 51000 });
    assert.deepEqual(d.fields.destination, { ip: '10.0.2.20', port: 22 });
    assert.deepEqual(d.fields.event, { category: ['network'], type: ['connection', 'denied'], action: 'firewall-deny', outcome: 'failure' });
    assert.equal(d.fields.message, 'Denied inbound SSH, rule 10');
  });

  void it('keeps a multi-line quoted message and unmapped columns as labels', () => {
    const d = draft({ timestamp: '2024-03-10T09:01:00Z', user: 'bob', message: 'line one,\nline two', ticket: 'INC-7', empty: '' });
    assert.equal(d.fields.message, 'line one,\nline two');
    assert.deepEqual(d.fields.labels, { ticket: 'INC-7' });
  });

  void it('treats placeholders as absent and numeric strings as numbers', () => {
    const d = draft({ src_ip: '-', dst_ip: 'N/A', user: '(null)', status: '503', pid: '42', bytes_sent: '1024', method: 'get' });
    assert.equal(d.fields.source, undefined);
    assert.equal(d.fields.destination, undefined);
    assert.equal(d.fields.user, undefined);
    assert.deepEqual(d.fields.http, { request: { method: 'GET' }, response: { status_code: 503, bytes: 1024 } });
    assert.equal(d.fields.process?.pid, 42);
    assert.equal(d.fields.event?.outcome, 'failure');
  });

  void it('skips blank rows and repeated header rows', () => {
    assert.equal(parse({ a: '', b: ' ' }).kind, 'meta');
    assert.equal(parse({ Date: 'Date', 'Source IP': 'Source IP' }).kind, 'meta');
    assert.equal(parse('not a row').kind, 'error');
  });

  void it('applies the user mapping', () => {
    const d = draft({ 'Client Address': '198.51.100.8', Who: 'dana', When: '1710061200' }, { 'Client Address': 'source.ip', Who: 'user.name', When: '@timestamp' });
    assert.equal(d.fields.source?.ip, '198.51.100.8');
    assert.equal(d.fields.user?.name, 'dana');
    assert.equal(d.time, '1710061200');
  });

  void it('never throws on odd rows', () => {
    const odd = ['', '"', '\u0000', '9'.repeat(400), '::ffff:10.0.0.1', '[::1]', '1e999', '-1', 'true'];
    for (const a of odd) for (const b of odd) {
      assert.doesNotThrow(() => parse({ time: a, src_ip: b, status: a, port: b, user: a, message: b }));
    }
  });
});

void describe('csv: keys and values named like Object.prototype members', () => {
  void it('keeps a header cell named like one as its own column, never as a prototype', async () => {
    for (const w of HOSTILE_WORDS) {
      const text = [
        `time,user,src_ip,${w},note ${w}`,
        `2024-01-15T10:00:00Z,${w},203.0.113.7,tcp,${w}`,
        `2024-01-15T10:00:01Z,bob,203.0.113.8,${w},x`,
      ].join('\n');
      const [first] = await hostileEvents('csv', text, 2);
      assert.equal(first?.user?.name, w);
      assert.equal(first?.source?.ip, '203.0.113.7');
      assertOwnField(first?.labels, `note ${w}`, w);
      // Keys match ignoring `_`, so a `__proto__` column is the `proto` alias; the other names stay labels.
      if (w === '__proto__') assert.equal(first?.network?.transport, 'tcp');
      else assertOwnField(first?.labels, w, 'tcp');
    }
  });
});
