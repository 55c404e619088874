import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { containerLabelsOf, containerRuntimeOf, frameContainer, type WrappedRecord } from '../../src/ingest/framing/container.ts';
import { readSource, type ParsedItem, type RecordError } from '../../src/ingest/read.ts';
import { eventId } from '../../src/normalize/build.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Container log files (CRI and Docker json-file): the wrapped lines are read by their own format. */

const dirs = tempDirs('container-logs');

function chunked(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(Buffer.from(bytes.subarray(i, i + size)));
  return Readable.from(parts) as AsyncIterable<Buffer>;
}

async function frame(text: string, runtime: 'cri' | 'docker', json = false, size = 1 << 20): Promise<WrappedRecord[]> {
  const out: WrappedRecord[] = [];
  for await (const batch of frameContainer(chunked(Buffer.from(text), size), runtime, json)) out.push(...batch);
  return out;
}

async function read(name: string, text: string, format?: string): Promise<{ items: ParsedItem[]; errors: RecordError[]; format?: string; container?: string }> {
  const reading = await readSource(name, chunked(Buffer.from(text), 1 << 20), { format });
  const items: ParsedItem[] = [];
  const errors: RecordError[] = [];
  for await (const batch of reading.batches((e) => errors.push(e))) items.push(...batch);
  return { items, errors, format: reading.format?.id, container: reading.container };
}

const ACCESS = '203.0.113.9 - - [28/Jan/2022:16:04:05 +0000] "GET /.env HTTP/1.1" 404 13 "-" "curl/7.68.0"';
const CRI = [
  `2022-01-28T16:04:05.413656027Z stdout F ${ACCESS}`,
  `2022-01-28T16:04:06.000000001Z stdout P 203.0.113.10 - - [28/Jan/2022:16:04:06 +0000] "GET /wp-login`,
  '2022-01-28T16:04:06.100000000Z stderr F worker 7 started',
  '2022-01-28T16:04:06.200000000Z stdout F .php HTTP/1.1" 200 5 "-" "Mozilla/5.0"',
  '',
].join('\n');

describe('container log framing', () => {
  it('recognises CRI and Docker json-file lines, not ISO-stamped logs of other kinds', () => {
    assert.equal(containerRuntimeOf(CRI.split('\n').filter(Boolean)), 'cri');
    assert.equal(containerRuntimeOf(['{"log":"hello\\n","stream":"stdout","time":"2024-01-01T00:00:00Z"}']), 'docker');
    assert.equal(containerRuntimeOf(['2024-01-01T00:00:00Z host app: started', '2024-01-01T00:00:01Z host app: stopped']), undefined);
    assert.equal(containerRuntimeOf(['{"log":"x","time":"2024"}']), undefined, 'no stream: not Docker');
    assert.equal(containerRuntimeOf([]), undefined);
  });

  it('joins the parts of a long CRI line by stream, whatever the chunking', async () => {
    for (const size of [1, 3, 7, 1 << 20]) {
      const records = await frame(CRI, 'cri', false, size);
      assert.deepEqual(
        records.map((r) => [r.line, r.text, r.wrapper?.stream]),
        [
          [1, ACCESS, 'stdout'],
          [3, 'worker 7 started', 'stderr'],
          [2, '203.0.113.10 - - [28/Jan/2022:16:04:06 +0000] "GET /wp-login.php HTTP/1.1" 200 5 "-" "Mozilla/5.0"', 'stdout'],
        ],
        `chunks of ${size}`,
      );
      assert.equal(records[2]!.wrapper?.time, '2022-01-28T16:04:06.000000001Z', 'a joined line has its first part\'s time');
      assert.equal(records[2]!.offset, CRI.indexOf('2022-01-28T16:04:06.000000001Z'));
    }
  });

  it('keeps a line cut off by the end of the file, and passes lines that are not the runtime\'s', async () => {
    const records = await frame('not a container line\n2024-01-01T00:00:00Z stdout P half a li', 'cri');
    assert.deepEqual(records.map((r) => [r.text, r.wrapper === undefined]), [['not a container line', true], ['half a li', false]]);
  });

  it('joins Docker\'s split entries, drops their newline and keeps attrs', async () => {
    const text = [
      JSON.stringify({ log: 'first half, ', stream: 'stdout', time: '2024-01-01T00:00:00.1Z', attrs: { tag: 'web', n: 1 } }),
      JSON.stringify({ log: 'second half\r\n', stream: 'stdout', time: '2024-01-01T00:00:00.2Z', attrs: { tag: 'web', n: 1 } }),
      JSON.stringify({ log: '{"level":"info"}\n', stream: 'stderr', time: '2024-01-01T00:00:01Z' }),
      '',
    ].join('\n');
    const records = await frame(text, 'docker', true);
    assert.equal(records[0]!.text, 'first half, second half');
    assert.match(records[0]!.error ?? '', /^invalid JSON: /, 'not JSON when told to read JSON');
    assert.deepEqual(records[0]!.wrapper?.attrs, { tag: 'web' }, 'text attrs only (Docker writes text)');
    assert.deepEqual(records[1]!.value, { level: 'info' });
    assert.equal(records[1]!.wrapper?.stream, 'stderr');
  });

  it('names the container from Kubernetes\' and Docker\'s file names', () => {
    const id = 'a'.repeat(64);
    assert.deepEqual(containerLabelsOf(`/var/log/containers/ingress-nginx-controller-7d9_ingress-nginx_controller-${id}.log`), {
      'kubernetes.pod.name': 'ingress-nginx-controller-7d9', 'kubernetes.namespace': 'ingress-nginx', 'container.name': 'controller', 'container.id': id,
    });
    assert.deepEqual(containerLabelsOf('/var/log/pods/kube-system_coredns-5d78c9869d-abcde_0f2c1a4e-7b6d-4e8f-9a1b-2c3d4e5f6a7b/coredns/0.log'), {
      'kubernetes.namespace': 'kube-system', 'kubernetes.pod.name': 'coredns-5d78c9869d-abcde', 'kubernetes.pod.uid': '0f2c1a4e-7b6d-4e8f-9a1b-2c3d4e5f6a7b', 'container.name': 'coredns',
    });
    assert.deepEqual(containerLabelsOf(`/var/lib/docker/containers/${id}/${id}-json.log`), { 'container.id': id });
    assert.deepEqual(containerLabelsOf('/var/log/nginx/access.log'), {});
  });
});

describe('reading a container log', () => {
  it('reads the wrapped lines with their own format: web access lines become requests', async () => {
    const r = await read('app.log', CRI);
    assert.equal(r.container, 'cri');
    assert.equal(r.format, 'web-access');
    const byLine = new Map(r.items.map((i) => [i.line, i]));
    assert.equal(byLine.get(1)?.formatId, 'web-access');
    assert.equal(byLine.get(1)?.original, ACCESS, 'the original is the container\'s line, not the runtime\'s wrapper');
    assert.equal(byLine.get(1)?.draft.fields.url?.path, '/.env');
    assert.equal(byLine.get(1)?.draft.time, '28/Jan/2022:16:04:05 +0000', 'the line\'s own time wins');
    assert.equal(byLine.get(1)?.draft.fields.labels?.['container.time'], '2022-01-28T16:04:05.413656027Z');
    assert.equal(byLine.get(2)?.draft.fields.url?.path, '/wp-login.php', 'the joined line is one request');
    // A line of another kind is plain text, with the runtime's time since it has none of its own.
    assert.equal(byLine.get(3)?.formatId, 'plaintext');
    assert.equal(byLine.get(3)?.draft.time, '2022-01-28T16:04:06.100000000Z');
    assert.equal(byLine.get(3)?.draft.fields.labels?.['container.stream'], 'stderr');
  });

  it("keeps the Kubernetes metadata Fluent Bit adds to a container's record as kubernetes.* labels", async () => {
    const record = {
      log: 'Nov 23 10:00:01 h sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2\n', stream: 'stdout', time: '2024-11-23T10:00:01.5Z',
      kubernetes: { pod_name: 'jump-7d9', namespace_name: 'ops', container_name: 'sshd', host: 'node-1', labels: { app: 'jump' }, annotations: { a: 'b' }, restarts: 2 },
    };
    const r = await read('fluent-bit.log', `${JSON.stringify(record)}\n`);
    assert.equal(r.container, 'docker');
    assert.equal(r.items[0]?.draft.dataset, 'sshd');
    const labels = r.items[0]?.draft.fields.labels ?? {};
    assert.deepEqual(
      Object.fromEntries(Object.entries(labels).filter(([key]) => key.startsWith('kubernetes.'))),
      { 'kubernetes.pod_name': 'jump-7d9', 'kubernetes.namespace_name': 'ops', 'kubernetes.container_name': 'sshd', 'kubernetes.host': 'node-1', 'kubernetes.labels.app': 'jump', 'kubernetes.restarts': '2' },
    );
  });

  it('reads Docker json-file logs of JSON lines as JSON records', async () => {
    const text = [
      { log: '{"_path":"dns","ts":1700000000,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":5353,"id.resp_h":"10.0.0.2","id.resp_p":53,"proto":"udp","query":"evil.example"}\n', stream: 'stdout', time: '2023-11-14T22:13:20Z' },
      { log: 'plain start-up banner\n', stream: 'stderr', time: '2023-11-14T22:13:21Z', attrs: { tag: 'zeek' } },
    ].map((o) => JSON.stringify(o)).join('\n');
    const r = await read('zeek-json.log', `${text}\n`);
    assert.equal(r.container, 'docker');
    assert.equal(r.format, 'zeek-json');
    assert.equal(r.items[0]?.draft.dataset, 'zeek.dns');
    assert.equal(r.items[1]?.formatId, 'plaintext');
    assert.equal(r.items[1]?.draft.fields.labels?.['container.attrs.tag'], 'zeek');
    assert.equal(r.errors.length, 1, 'the banner is not JSON: counted and reported, and still kept');
    assert.equal(r.errors[0]?.line, 2);
  });

  it('a forced format reads the wrapped lines; one that cannot read lines reads the file as it is', async () => {
    assert.equal((await read('x.log', CRI, 'plaintext')).items[0]?.original, ACCESS);
    const csv = await read('x.log', CRI, 'csv');
    assert.equal(csv.container, undefined);
  });

  it('puts the container\'s names on each event, and its time where the line has none', async () => {
    const dir = dirs.fresh();
    const path = join(dir, `api-6b7f_shop_api-${'b'.repeat(64)}.log`);
    writeFileSync(path, '2024-03-01T10:00:00.5+01:00 stdout F GET /health ok\n');
    const { events } = await collectEvents([path], { tz: 'UTC' });
    assert.equal(events.length, 1);
    assert.equal(events[0]!['@timestamp'], '2024-03-01T09:00:00.500Z');
    assert.equal(events[0]!.vigil.time.source, 'record');
    assert.equal(events[0]!.labels?.['kubernetes.namespace'], 'shop');
    assert.equal(events[0]!.labels?.['container.name'], 'api');
    assert.equal(events[0]!.event.original, 'GET /health ok');
  });

  it("gives a line whose own time is no instant the runtime's: a syslog line's year and zone, an app's zone-less time", async () => {
    const dir = dirs.fresh();
    const path = join(dir, 'sshd.log');
    writeFileSync(path, [
      '2020-01-01T04:59:59.250Z stdout F Dec 31 23:59:59 bastion sshd[1]: Failed password for root from 203.0.113.9 port 4000 ssh2',
      '2024-03-01T10:00:00.5+01:00 stdout F Dec 31 23:59:58 bastion sshd[1]: Failed password for root from 203.0.113.9 port 4001 ssh2',
    ].join('\n'));
    const { events } = await collectEvents([path], { tz: 'UTC', year: 2024 });
    assert.deepEqual(events.map((e) => e['@timestamp']), ['2020-01-01T04:59:59.250Z', '2024-03-01T09:00:00.500Z']);
    assert.equal(events[0]?.labels?.['container.time'], '2020-01-01T04:59:59.250Z');
  });

  it('identifies each event by the runtime\'s line as read, so a log stored before lines were unwrapped keeps its ids', async () => {
    const path = join(dirs.fresh(), 'app.log');
    writeFileSync(path, CRI);
    const { events } = await collectEvents([path], { tz: 'UTC' });
    const lines = CRI.split('\n');
    assert.equal(events[0]!.id, eventId(path, 1, lines[0]!));
    const joined = events.find((e) => e.log.line === 2);
    assert.equal(joined?.id, eventId(path, 2, lines[1]!), 'a line in parts: its first part as read');
  });
});

describe('ingesting a container log', () => {
  for (const threads of [false, true]) {
    it(`reports the runtime beside the wrapped lines' format (${threads ? 'parse thread' : 'inline'}), and a second run adds nothing`, async () => {
      const dir = dirs.fresh();
      const path = join(dir, 'ingress.log');
      writeFileSync(path, CRI);
      const store = openStore(join(dir, 'v.db'));
      try {
        const first = await ingest(store, [path], { tz: 'UTC', actor: 'test', threads, embedder: false });
        assert.equal(first.parseThread, threads);
        assert.equal(first.files[0]?.format, 'web-access');
        assert.equal(first.files[0]?.container, 'cri');
        assert.equal(first.files[0]?.inserted, 3);
        const again = await ingest(store, [path], { tz: 'UTC', actor: 'test', threads, embedder: false });
        assert.equal(again.files[0]?.inserted, 0);
      } finally {
        store.close();
      }
    });
  }
});

describe('JSON lines mixed with other records', () => {
  it('a JSON object of another kind goes to generic JSON, a text line to the line format that reads it', async () => {
    const zeek = (n: number) => JSON.stringify({ _path: 'conn', ts: 1700000000 + n, uid: `C${n}`, 'id.orig_h': '10.0.0.1', 'id.orig_p': 40000 + n, 'id.resp_h': '10.0.0.2', 'id.resp_p': 22, proto: 'tcp' });
    const text = [zeek(1), zeek(2), JSON.stringify({ level: 'warn', msg: 'capture loss', host: 'sensor-1' }), 'Jan 28 16:04:05 sensor-1 sshd[42]: Failed password for root from 203.0.113.9 port 50022 ssh2', 'garbage that nothing reads {', zeek(3)].join('\n');
    const reading = await readSource('mixed.json', chunked(Buffer.from(`${text}\n`), 1 << 20), {});
    const items: ParsedItem[] = [];
    const errors: RecordError[] = [];
    for await (const batch of reading.batches((e) => errors.push(e))) items.push(...batch);
    assert.equal(reading.format?.id, 'zeek-json');
    assert.deepEqual(items.map((i) => i.formatId), ['zeek-json', 'zeek-json', 'generic-json', 'syslog', 'plaintext', 'zeek-json']);
    assert.equal(items[2]?.draft.fields.message, 'capture loss', 'the other JSON object is read with its value');
    assert.equal(items[3]?.draft.fields.source?.ip, '203.0.113.9');
    assert.equal(reading.counters.fallbacks, 2);
    assert.deepEqual(errors.map((e) => e.line), [5], 'only the line nothing reads is an error');
  });
});
