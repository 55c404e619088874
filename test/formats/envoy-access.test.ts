import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { parseEnvoyLine } from '../../src/ingest/formats/envoy-access.ts';
import { readSource, type ParsedItem } from '../../src/ingest/read.ts';

/** Envoy's text access log in its three layouts, and Envoy's JSON and text lines mixed in one container log. */

test('lines that start like an Envoy line but lack its fields are not read', () => {
  for (const line of [
    '[2024-05-02T08:00:00.123Z] "GET / HTTP/1.1" 200 - 0 9',
    '[2024-05-02T08:00:00.123Z] "GET / HTTP/1.1 200 - 0 9 1 - "a" "b" "c" "d" "e"',
    '[2024-05-02T08:00:00.123Z] "GET / HTTP/1.1" OK - 0 9 1 - "a" "b" "c" "d" "e"',
    '[2024-05-02T08:00:00.123Z] "GET / HTTP/1.1" 200 - zero 9 1 - "a" "b" "c" "d" "e"',
    '[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server configuration',
  ]) {
    assert.equal(parseEnvoyLine(line).kind, 'error', line);
  }
});

test('quotes escaped in a user agent do not end it', () => {
  const outcome = parseEnvoyLine('[2024-05-02T08:00:00.123Z] "GET /a HTTP/1.1" 200 - 0 9 1 1 "-" "say \\"hi\\"" "r" "h.example" "-"');
  assert.equal(outcome.kind, 'events');
  if (outcome.kind === 'events') assert.equal(outcome.drafts[0]?.fields.user_agent?.original, 'say "hi"');
});

test('a container log of Envoy JSON and text lines: each read by its format, none an error', async () => {
  const json = JSON.stringify({ start_time: '2025-12-31T16:37:40.479Z', method: 'GET', 'x-envoy-origin-path': '/admin', response_code: 404, 'user-agent': 'Mozilla/5.0 zgrab/0.x', downstream_remote_address: '10.0.0.12:59292', ':authority': 'app.internal' });
  const text = [
    `2025-12-31T17:37:40.493035218+01:00 stdout F ${json}`,
    `2025-12-31T17:37:41.000000000+01:00 stdout F ${json}`,
    '2025-12-31T17:37:42.000000000+01:00 stdout F [2025-12-31T16:37:42.000Z] "POST /api HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" "r1" "locations" "tcp://10.0.2.1:80"',
  ].join('\n');
  const reading = await readSource('envoy.log', Readable.from([Buffer.from(text)]) as AsyncIterable<Buffer>, {});
  const items: ParsedItem[] = [];
  const errors: unknown[] = [];
  for await (const batch of reading.batches((e) => errors.push(e))) items.push(...batch);
  assert.equal(reading.container, 'cri');
  assert.deepEqual(items.map((i) => i.formatId), ['generic-json', 'generic-json', 'envoy-access']);
  assert.deepEqual(errors, []);
  const [first, , last] = items;
  assert.equal(first?.draft.fields.source?.ip, '10.0.0.12', 'the JSON layout\'s peer address');
  assert.equal(first?.draft.fields.url?.original, '/admin');
  assert.equal(first?.draft.fields.url?.domain, 'app.internal');
  assert.equal(last?.draft.fields.destination?.ip, '10.0.2.1');
  assert.equal(last?.draft.fields.source?.ip, '10.0.35.28');
});
