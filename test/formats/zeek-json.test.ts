import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Draft, Sample } from '../../src/ingest/format.ts';
import { zeekJsonFormat } from '../../src/ingest/formats/zeek-json.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

function parse(value: unknown): Draft | string {
  const outcome = zeekJsonFormat.createParser({ fileName: 'x' }).parse({ text: JSON.stringify(value) ?? '', line: 1, offset: 0, value });
  if (outcome.kind === 'error') return outcome.reason;
  assert.equal(outcome.kind, 'events');
  const draft = outcome.kind === 'events' ? outcome.drafts[0] : undefined;
  assert.ok(draft !== undefined);
  return draft;
}

function draftOf(value: unknown): Draft {
  const result = parse(value);
  if (typeof result === 'string') assert.fail(`rejected: ${result}`);
  return result;
}

function sample(values: unknown[]): Sample {
  return { fileName: 'x', lines: values.map((v) => JSON.stringify(v) ?? ''), values };
}

const CONN = { _path: 'conn', ts: 1717236000.25, uid: 'C1', 'id.orig_h': '10.1.2.3', 'id.orig_p': 50123, 'id.resp_h': '203.0.113.10', 'id.resp_p': 443, proto: 'tcp', conn_state: 'SF', orig_bytes: 10, resp_bytes: 20 };

void describe('zeek-json parse', () => {
  void it('reads dotted keys, an epoch ts and _path', () => {
    const d = draftOf(CONN);
    assert.equal(d.time, 1717236000.25);
    assert.equal(d.dataset, 'zeek.conn');
    assert.deepEqual(d.fields.source, { ip: '10.1.2.3', port: 50123, bytes: 10 });
    assert.deepEqual(d.fields.destination, { ip: '203.0.113.10', port: 443, bytes: 20 });
    assert.equal(d.fields.network?.bytes, 30);
  });

  void it('reads underscore keys, a nested id object and an ISO ts the same way', () => {
    const underscore = draftOf({ ts: '2024-06-01T10:00:01.500Z', uid: 'C2', id_orig_h: '10.1.2.3', id_orig_p: 1, id_resp_h: '10.1.2.4', id_resp_p: 23, proto: 'tcp', conn_state: 'REJ' });
    assert.equal(underscore.time, '2024-06-01T10:00:01.500Z');
    assert.equal(underscore.dataset, 'zeek.conn');
    assert.deepEqual(underscore.fields.source, { ip: '10.1.2.3', port: 1 });
    assert.equal(underscore.fields.event?.outcome, 'failure');
    const nested = draftOf({ ts: 1717236000, uid: 'C3', id: { orig_h: '10.9.9.9', orig_p: 2, resp_h: '10.8.8.8', resp_p: 53 }, proto: 'udp', query: 'a.example.com', qtype_name: 'A', rcode_name: 'NOERROR' });
    assert.equal(nested.dataset, 'zeek.dns');
    assert.deepEqual(nested.fields.source, { ip: '10.9.9.9', port: 2 });
    assert.equal(nested.fields.destination?.ip, '10.8.8.8');
  });

  void it('infers the log type from the keys when there is no _path', () => {
    const base = { ts: 1717236000, uid: 'C4', id_orig_h: '10.0.0.1', id_orig_p: 1, id_resp_h: '10.0.0.2', id_resp_p: 2 };
    assert.equal(draftOf({ ...base, query: 'x.example.com', qtype_name: 'TXT' }).dataset, 'zeek.dns');
    assert.equal(draftOf({ ...base, method: 'GET', host: 'example.com', uri: '/' }).dataset, 'zeek.http');
    assert.equal(draftOf({ ...base, proto: 'tcp', conn_state: 'SF' }).dataset, 'zeek.conn');
    assert.equal(draftOf({ ...base, auth_success: false, auth_attempts: 4 }).dataset, 'zeek.ssh');
    assert.equal(draftOf({ ...base, version: 'TLSv12', cipher: 'TLS_AES_128_GCM_SHA256' }).dataset, 'zeek.ssl');
    assert.equal(draftOf({ ...base, server_name: 'login.example.com' }).dataset, 'zeek.ssl');
    assert.equal(draftOf({ ...base, something: 1 }).dataset, 'zeek.unknown');
  });

  void it('maps ssh and ssl specifics', () => {
    const ssh = draftOf({ _path: 'ssh', ts: 1, uid: 'C5', auth_success: false, auth_attempts: 3, client: 'SSH-2.0-libssh', server: 'SSH-2.0-OpenSSH_9.6' });
    assert.deepEqual(ssh.fields.event, { module: 'zeek', category: ['authentication'], type: ['info'], action: 'ssh-login', outcome: 'failure' });
    assert.equal(ssh.fields.labels?.client, 'SSH-2.0-libssh');
    assert.equal(ssh.fields.labels?.auth_attempts, '3');
    const ssl = draftOf({ _path: 'ssl', ts: 1, uid: 'C6', version: 'TLSv13', server_name: 'Login.Example.com', established: true });
    assert.deepEqual(ssl.fields.tls, { version: 'TLSv13', server_name: 'Login.Example.com' });
    assert.equal(ssl.fields.event?.outcome, 'success');
  });

  void it('keeps list values as arrays and drops invalid IPs', () => {
    const d = draftOf({ _path: 'dns', ts: 1, uid: 'C7', 'id.orig_h': 'not-an-ip', query: 'q.example.com', answers: ['a.example.com', '192.0.2.1'] });
    assert.deepEqual(d.fields.dns?.answers, ['a.example.com', '192.0.2.1']);
    assert.equal(d.fields.source?.ip, undefined);
  });

  void it('rejects non-objects, records without ts and unreadable ts', () => {
    assert.equal(typeof parse([1, 2]), 'string');
    assert.equal(typeof parse('text'), 'string');
    assert.equal(typeof parse({ uid: 'C8' }), 'string');
    assert.equal(typeof parse({ ts: 'yesterday', uid: 'C8' }), 'string');
    assert.equal(typeof parse({ ts: { deep: 1 } }), 'string');
  });
});

void describe('zeek-json: keys and values named like Object.prototype members', () => {
  void it('reads them as _path, as top-level and nested keys (also with list values) and as values', async () => {
    for (const w of HOSTILE_WORDS) {
      const records = [
        { ts: 1717236000.25, uid: w, _path: w, 'id.orig_h': '10.1.2.3', [w]: ['a', w], id: { [w]: 'nested' } },
        { ...CONN, proto: w, conn_state: w, [w]: 'v' },
      ];
      const text = records.map((record) => JSON.stringify(record)).join('\n');
      assert.ok(text.includes(`"${w}":`), 'the hostile key reaches the file');
      const [typed, conn] = await hostileEvents('zeek-json', text, 2);
      assert.equal(typed?.event.dataset, `zeek.${w.toLowerCase().replaceAll('_', '')}`);
      assert.equal(typed?.source?.ip, '10.1.2.3');
      assertOwnField(typed?.labels, 'uid', w);
      assertOwnField(typed?.labels, w, `a,${w}`);
      assertOwnField(typed?.labels, `id.${w}`, 'nested');
      assert.equal(conn?.event.dataset, 'zeek.conn');
      assert.equal(conn?.network?.transport, w.toLowerCase());
      assertOwnField(conn?.labels, 'conn_state', w);
      assertOwnField(conn?.labels, w, 'v');
    }
  });
});

void describe('zeek-json sniff', () => {
  void it('claims Zeek records and not other JSON', () => {
    assert.equal(zeekJsonFormat.sniff(sample([CONN, { ts: 1, uid: 'C', id_orig_h: '10.0.0.1', query: 'x' }])), 1);
    assert.equal(zeekJsonFormat.sniff(sample([{ ts: 1, message: 'hello' }, { level: 'info' }])), 0);
    assert.equal(zeekJsonFormat.sniff(sample([])), 0);
  });
});
