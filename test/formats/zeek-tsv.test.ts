import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Draft, FormatParser, ParseOutcome, Sample } from '../../src/ingest/format.ts';
import { zeekTsvFormat } from '../../src/ingest/formats/zeek-tsv.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

const T = '\t';
const row = (...cells: string[]): string => cells.join(T);

function header(path: string | undefined, fields: string[], types?: string[], setSeparator = ','): string[] {
  const lines = ['#separator \\x09', row('#set_separator', setSeparator), row('#empty_field', '(empty)'), row('#unset_field', '-')];
  if (path !== undefined) lines.push(row('#path', path));
  lines.push(row('#open', '2024-01-15-10-00-00'), row('#fields', ...fields));
  if (types !== undefined) lines.push(row('#types', ...types));
  return lines;
}

const CONN_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state', 'tunnel_parents'];
const CONN_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count', 'string', 'set[string]'];
const DNS_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'query', 'qtype_name', 'rcode_name', 'answers'];
const DNS_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'string', 'string', 'vector[string]'];

function feed(lines: string[]): { outcomes: ParseOutcome[]; drafts: Draft[] } {
  const parser: FormatParser = zeekTsvFormat.createParser({ fileName: 'x' });
  const outcomes = lines.map((text, i) => parser.parse({ text, line: i + 1, offset: 0 }));
  return { outcomes, drafts: outcomes.flatMap((o) => (o.kind === 'events' ? o.drafts : [])) };
}

function sample(lines: string[]): Sample {
  return { fileName: 'x', lines, values: [] };
}

void describe('zeek-tsv parse', () => {
  void it('treats every directive as META and maps a conn row', () => {
    const lines = [...header('conn', CONN_FIELDS, CONN_TYPES), row('1705312800.250000', 'C1', '10.0.0.5', '49152', '198.51.100.20', '443', 'tcp', 'ssl', '1.5', '100', '900', 'SF', '(empty)'), row('#close', 'x')];
    const { outcomes, drafts } = feed(lines);
    assert.deepEqual(outcomes.map((o) => o.kind), ['meta', 'meta', 'meta', 'meta', 'meta', 'meta', 'meta', 'meta', 'events', 'meta']);
    const [d] = drafts;
    assert.ok(d !== undefined);
    assert.equal(d.time, '1705312800.250000');
    assert.equal(d.timeIsUtc, true);
    assert.equal(d.dataset, 'zeek.conn');
    assert.deepEqual(d.fields.source, { ip: '10.0.0.5', port: 49152, bytes: 100 });
    assert.deepEqual(d.fields.destination, { ip: '198.51.100.20', port: 443, bytes: 900 });
    assert.deepEqual(d.fields.network, { transport: 'tcp', protocol: 'ssl', bytes: 1000 });
    assert.deepEqual(d.fields.event, { module: 'zeek', category: ['network'], type: ['connection'], action: 'network-connection', outcome: 'success' });
    assert.deepEqual(d.fields.labels, { uid: 'C1', conn_state: 'SF', duration: '1.5' });
  });

  void it('reads - as unset and marks REJ / S0 connections as failures', () => {
    const lines = [...header('conn', CONN_FIELDS, CONN_TYPES), row('1705312801', 'C2', '203.0.113.5', '5000', '10.0.0.8', '22', 'tcp', '-', '-', '-', '-', 'S0', '-'), row('1705312802', 'C3', '203.0.113.5', '5001', '10.0.0.8', '23', 'tcp', '-', '-', '-', '-', 'REJ', '-')];
    const { drafts } = feed(lines);
    assert.equal(drafts[0]?.fields.event?.outcome, 'failure');
    assert.equal(drafts[0]?.fields.network?.protocol, undefined);
    assert.equal(drafts[0]?.fields.network?.bytes, undefined);
    assert.equal(drafts[1]?.fields.event?.outcome, 'failure');
  });

  void it('splits vectors on the declared set separator and decodes \\x escapes', () => {
    const lines = [...header('dns', DNS_FIELDS, DNS_TYPES, '|'), row('1705312803', 'C4', '10.0.0.5', '5353', '10.0.0.1', '53', 'udp', 'odd\\x09name.example.com', 'A', 'NOERROR', 'a.example.net|192.0.2.1')];
    const [d] = feed(lines).drafts;
    assert.equal(d?.dataset, 'zeek.dns');
    assert.deepEqual(d?.fields.dns, { question: { name: 'odd\tname.example.com', type: 'A' }, answers: ['a.example.net', '192.0.2.1'], response_code: 'NOERROR' });
    assert.equal(d?.fields.event?.action, 'dns-query');
    assert.equal(d?.fields.event?.outcome, 'success');
  });

  void it('treats (empty) sets as no answers', () => {
    const lines = [...header('dns', DNS_FIELDS, DNS_TYPES), row('1705312803', 'C5', '10.0.0.5', '5353', '10.0.0.1', '53', 'udp', 'x.example.org', 'AAAA', 'NXDOMAIN', '(empty)')];
    const [d] = feed(lines).drafts;
    assert.equal(d?.fields.dns?.answers, undefined);
    assert.equal(d?.fields.event?.outcome, 'failure');
  });

  void it('starts a new layout at each #separator (concatenated logs)', () => {
    const httpFields = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'method', 'host', 'uri', 'status_code', 'user_agent'];
    const lines = [
      ...header('conn', CONN_FIELDS, CONN_TYPES),
      row('1705312800', 'C1', '10.0.0.5', '1', '10.0.0.6', '80', 'tcp', 'http', '1', '1', '1', 'SF', '(empty)'),
      ...header('http', httpFields),
      row('1705312801', 'C1', '10.0.0.5', '1', '10.0.0.6', '80', 'GET', 'intranet.example.com', '/a/b?c=d', '404', 'curl/8.0'),
    ];
    const { drafts } = feed(lines);
    assert.deepEqual(drafts.map((d) => d.dataset), ['zeek.conn', 'zeek.http']);
    const http = drafts[1]?.fields;
    assert.deepEqual(http?.url, { original: '/a/b?c=d', path: '/a/b', query: 'c=d', domain: 'intranet.example.com' });
    assert.equal(http?.http?.response?.status_code, 404);
    assert.equal(http?.event?.outcome, 'failure');
    assert.equal(http?.user_agent?.original, 'curl/8.0');
  });

  void it('infers the log type when #path is missing and keeps other logs as labels', () => {
    const sshFields = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'auth_success', 'auth_attempts', 'client'];
    const [ssh] = feed([...header(undefined, sshFields), row('1705312800', 'C9', '198.51.100.1', '4000', '10.0.0.8', '22', 'T', '2', 'SSH-2.0-Go')]).drafts;
    assert.equal(ssh?.dataset, 'zeek.ssh');
    assert.equal(ssh?.fields.event?.outcome, 'success');
    assert.deepEqual(ssh?.fields.event?.category, ['authentication']);
    assert.equal(ssh?.fields.labels?.auth_attempts, '2');
    const [known] = feed([...header('known_hosts', ['ts', 'host', 'port_num']), row('1705312800', '10.0.0.8', '22')]).drafts;
    assert.equal(known?.dataset, 'zeek.known_hosts');
    assert.deepEqual(known?.fields.labels, { host: '10.0.0.8', port_num: '22' });
  });

  void it('rejects rows before a header, with the wrong column count, or with a bad ts', () => {
    const lines = [row('1705312800', 'C1'), ...header('conn', CONN_FIELDS, CONN_TYPES), row('1705312800', 'C1', '10.0.0.5'), row('yesterday', 'C1', '10.0.0.5', '1', '10.0.0.6', '80', 'tcp', '-', '-', '-', '-', 'SF', '-')];
    const kinds = feed(lines).outcomes.map((o) => o.kind);
    assert.equal(kinds[0], 'error');
    assert.deepEqual(kinds.slice(-2), ['error', 'error']);
  });

  void it('never throws on random input', () => {
    const parser = zeekTsvFormat.createParser({ fileName: 'x' });
    const junk = ['#fields', '#separator', '#separator \\xZZ', '\u0000\t\t', '#fields\t\t', '\t', '#types\tset['];
    for (const text of junk) assert.doesNotThrow(() => parser.parse({ text, line: 1, offset: 0 }));
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: 40 }, () => String.fromCharCode(Math.floor(Math.random() * 128))).join('');
      assert.doesNotThrow(() => parser.parse({ text, line: 1, offset: 0 }));
    }
  });
});

void describe('zeek-tsv: keys and values named like Object.prototype members', () => {
  void it('reads them as #path, as field names (also of set type) and as values', async () => {
    for (const w of HOSTILE_WORDS) {
      const lines = [
        ...header(w, ['ts', 'uid', 'id.orig_h', w], ['time', 'string', 'addr', 'set[string]']),
        row('1705312800.25', w, '10.0.0.5', `a,${w}`),
        ...header('conn', CONN_FIELDS, CONN_TYPES),
        row('1705312801.5', 'C2', '10.0.0.6', '49152', '198.51.100.20', '443', w, w, '1.0', '1', '2', w, `${w},x`),
      ];
      const [typed, conn] = await hostileEvents('zeek-tsv', lines.join('\n'), 2);
      assert.equal(typed?.event.dataset, `zeek.${w.toLowerCase().replaceAll('_', '')}`);
      assert.equal(typed?.event.action, `zeek-${w.toLowerCase().replaceAll('_', '')}`);
      assert.equal(typed?.source?.ip, '10.0.0.5');
      assertOwnField(typed?.labels, 'uid', w);
      assertOwnField(typed?.labels, w, `a,${w}`);
      assert.equal(conn?.event.dataset, 'zeek.conn');
      assert.equal(conn?.network?.transport, w.toLowerCase());
      assert.equal(conn?.network?.protocol, w.toLowerCase());
      assertOwnField(conn?.labels, 'conn_state', w);
      assertOwnField(conn?.labels, 'tunnel_parents', `${w},x`);
    }
  });
});

void describe('zeek-tsv sniff', () => {
  void it('is certain with #separator and #fields, and ignores IIS #Fields:', () => {
    assert.equal(zeekTsvFormat.sniff(sample(header('conn', CONN_FIELDS, CONN_TYPES))), 1);
    assert.equal(zeekTsvFormat.sniff(sample(['#Software: Microsoft Internet Information Services 10.0', '#Fields: date time c-ip'])), 0);
    assert.equal(zeekTsvFormat.sniff(sample(['plain text', 'more'])), 0);
  });
});
