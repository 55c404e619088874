import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Draft, ParseOutcome, Sample } from '../../src/ingest/format.ts';
import { genericJsonFormat } from '../../src/ingest/formats/generic-json.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

function parse(value: unknown, mapping?: Record<string, string>): ParseOutcome {
  return genericJsonFormat.createParser({ fileName: 'x', mapping }).parse({ text: JSON.stringify(value) ?? '', line: 1, offset: 0, value });
}

function draft(value: unknown, mapping?: Record<string, string>): Draft {
  const outcome = parse(value, mapping);
  assert.equal(outcome.kind, 'events', `expected an event for ${JSON.stringify(value)}`);
  const first = outcome.kind === 'events' ? outcome.drafts[0] : undefined;
  assert.ok(first !== undefined);
  return first;
}

function sample(values: unknown[]): Sample {
  return { fileName: 'x', lines: values.map((v) => JSON.stringify(v) ?? ''), values };
}

void describe('generic-json sniff', () => {
  void it('scores JSON objects low but above zero, so specific JSON formats win', () => {
    assert.equal(genericJsonFormat.sniff(sample([{ a: 1 }, { b: 2 }])), 0.2);
    assert.equal(genericJsonFormat.sniff(sample([{ a: 1 }, 5])), 0.1);
    assert.equal(genericJsonFormat.sniff(sample([1, 'x', [1]])), 0);
    assert.equal(genericJsonFormat.sniff({ fileName: 'x', lines: ['hello'], values: [] }), 0);
  });
});

void describe('generic-json parse', () => {
  void it('rejects values that are not objects and skips empty objects', () => {
    for (const value of [42, 'text', [1, 2], null, true]) assert.equal(parse(value).kind, 'error', JSON.stringify(value));
    assert.equal(parse({}).kind, 'meta');
  });

  void it('maps a mixed-spelling nested record', () => {
    const d = draft({
      '@timestamp': '2024-03-10T08:16:00Z',
      event: { dataset: 'vpn.gw', outcome: 'failure' },
      Source: { IP: '203.0.113.7' },
      'dst-ip': '10.0.0.4',
      DstPort: '443',
      Account: 'CORP\\eve',
      computer_name: 'gw-01',
      msg: 'tunnel rejected',
      extra: { reason: 'bad certificate' },
    });
    assert.equal(d.time, '2024-03-10T08:16:00Z');
    assert.equal(d.dataset, 'vpn.gw');
    assert.deepEqual(d.fields.source, { ip: '203.0.113.7' });
    assert.deepEqual(d.fields.destination, { ip: '10.0.0.4', port: 443 });
    assert.deepEqual(d.fields.user, { name: 'eve', domain: 'CORP' });
    assert.deepEqual(d.fields.host, { name: 'gw-01' });
    assert.equal(d.fields.message, 'tunnel rejected');
    assert.deepEqual(d.fields.event, { category: ['network'], type: ['connection'], outcome: 'failure', reason: 'bad certificate' });
  });

  void it('applies the user mapping from the parser context', () => {
    const d = draft({ actor_addr: '198.51.100.3', who: 'root' }, { actor_addr: 'source.ip', who: 'user.name' });
    assert.equal(d.fields.source?.ip, '198.51.100.3');
    assert.equal(d.fields.user?.name, 'root');
    assert.equal(d.dataset, 'json');
  });

  void it('never throws on random values', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const atoms = ['', '-', 'x', '2024-01-15T10:00:00Z', '::1', '999.1.1.1', 0, -1, 1e308, true, null];
    const keys = ['src_ip', 'time', 'status', 'user', 'host', 'event', 'action', 'port', 'path', 'bytes', '__proto__', 'a.b'];
    const build = (depth: number): unknown => {
      if (depth > 3 || rand() < 0.4) return atoms[Math.floor(rand() * atoms.length)];
      if (rand() < 0.2) return [build(depth + 1), build(depth + 1)];
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < 4; i++) obj[keys[Math.floor(rand() * keys.length)] ?? 'k'] = build(depth + 1);
      return obj;
    };
    for (let i = 0; i < 2000; i++) {
      const value = build(0);
      assert.doesNotThrow(() => parse(value));
      assert.doesNotThrow(() => genericJsonFormat.sniff(sample([value])));
    }
  });
});

const SAMPLE = fileURLToPath(new URL('../../../shared/data/prior-art/ai-soc-triage-assistant/sample_logs.jsonl', import.meta.url));

interface Mapped {
  raw: Record<string, unknown>;
  draft: Draft;
}

function readSample(): Mapped[] {
  const parser = genericJsonFormat.createParser({ fileName: SAMPLE });
  return readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((text, i) => {
      const raw = JSON.parse(text) as Record<string, unknown>;
      const outcome = parser.parse({ text, line: i + 1, offset: 0, value: raw });
      assert.equal(outcome.kind, 'events', `line ${i + 1}`);
      const draft = outcome.kind === 'events' ? outcome.drafts[0] : undefined;
      assert.ok(draft !== undefined);
      return { raw, draft };
    });
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '-' ? value : undefined);

void describe('generic-json: keys and values named like Object.prototype members', () => {
  void it('keeps them as labels (top level, nested, user mapping targets) and reads them as values', async () => {
    for (const w of HOSTILE_WORDS) {
      const record = { time: '2024-01-15T10:00:00Z', user: w, host: w, action: w, event_type: w, [w]: ['a', w], extra_info: { [w]: 'nested' } };
      const mapped = { time: '2024-01-15T10:00:01Z', note: 'mapped', user: 'bob' };
      const text = JSON.stringify(record);
      assert.ok(text.includes(`"${w}":`), 'the hostile key reaches the file');
      const [first] = await hostileEvents('generic-json', text, 1);
      assert.equal(first?.user?.name, w);
      assert.equal(first?.host?.name, w);
      assert.equal(typeof first?.event.action, 'string');
      assertOwnField(first?.labels, w, `a, ${w}`);
      assertOwnField(first?.labels, `extra_info.${w}`, 'nested');
      const [second] = await hostileEvents('generic-json', JSON.stringify(mapped), 1, { note: `labels.${w}` });
      assertOwnField(second?.labels, w, 'mapped');
    }
  });
});

void describe('generic-json on the ai-soc-triage-assistant sample', () => {
  const skip = existsSync(SAMPLE) ? false : 'sample not present (../shared/data/prior-art is optional)';

  void it('maps all 259 events with addresses, user, host, time, action and outcome', { skip }, () => {
    const events = readSample();
    assert.equal(events.length, 259);
    const perSource = new Map<string, number>();
    for (const { raw, draft } of events) {
      const f = draft.fields;
      perSource.set(draft.dataset, (perSource.get(draft.dataset) ?? 0) + 1);
      assert.equal(draft.dataset, raw.source);
      assert.equal(draft.time, raw.timestamp);
      assert.equal(f.source?.ip, text(raw.src_ip));
      assert.equal(f.destination?.ip, text(raw.dst_ip));
      assert.equal(f.user?.name, text(raw.user));
      assert.equal(f.host?.name, raw.host);
      assert.equal(f.message, raw.message);
      assert.deepEqual(f.event, expectedEvent(raw), JSON.stringify(raw));
    }
    assert.deepEqual(Object.fromEntries(perSource), { auth: 85, fw: 66, web: 56, endpoint: 52 });
  });

  void it('maps the per-source details: ports, HTTP fields, process fields', { skip }, () => {
    for (const { raw, draft } of readSample()) {
      const f = draft.fields;
      if (raw.source === 'fw') {
        assert.deepEqual(f.network, { transport: String(raw.protocol).toLowerCase(), bytes: raw.bytes });
        assert.equal(f.source?.port, raw.src_port);
        assert.equal(f.destination?.port, raw.dst_port);
      } else if (raw.source === 'web') {
        assert.deepEqual(f.http, { request: { method: raw.http_method }, response: { status_code: raw.status_code, bytes: raw.bytes_sent } });
        assert.equal(f.url?.path, raw.path);
        assert.equal(f.user_agent?.original, raw.user_agent);
      } else if (raw.source === 'endpoint') {
        assert.deepEqual(f.process, {
          name: raw.process_name,
          pid: raw.process_id,
          command_line: raw.command_line,
          parent: { name: raw.parent_process },
        });
      } else {
        assert.deepEqual(f.labels, { event_type: raw.event_type, auth_method: raw.auth_method, logon_type: String(raw.logon_type) });
      }
    }
  });

  void it('shows the planted attacks', { skip }, () => {
    const events = readSample().map((e) => e.draft);
    const alice = events
      .filter((d) => d.fields.user?.name === 'alice' && d.fields.host?.name === 'srv-web-01' && d.fields.source?.ip === '198.51.100.10')
      .filter((d) => d.fields.event?.action === 'login')
      .sort((a, b) => String(a.time).localeCompare(String(b.time)));
    const outcomes = alice.map((d) => d.fields.event?.outcome);
    const firstSuccess = outcomes.indexOf('success');
    assert.equal(firstSuccess, 30, 'thirty failed logins come first');
    assert.ok(outcomes.slice(0, 30).every((o) => o === 'failure'));

    const denies = events.filter((d) => d.fields.source?.ip === '185.220.101.42' && d.fields.event?.action === 'firewall-deny');
    assert.equal(denies.length, 9);
    assert.ok(denies.every((d) => d.fields.event?.outcome === 'failure'));

    const bob = events
      .filter((d) => d.fields.user?.name === 'bob' && d.fields.host?.name === 'wkst-02' && d.fields.event?.action === 'process-start')
      .sort((a, b) => String(a.time).localeCompare(String(b.time)))
      .map((d) => d.fields.process?.name);
    const chain = bob.filter((name) => name === 'net.exe' || name === 'mimikatz.exe' || name === 'nc.exe');
    assert.deepEqual(chain, ['net.exe', 'mimikatz.exe', 'nc.exe']);
    const mimikatz = events.find((d) => d.fields.process?.name === 'mimikatz.exe');
    assert.equal(mimikatz?.fields.process?.parent?.name, 'cmd.exe');
    assert.match(mimikatz?.fields.process?.command_line ?? '', / -enc /);
  });
});

function expectedEvent(raw: Record<string, unknown>): Record<string, unknown> {
  switch (raw.source) {
    case 'auth':
      return { category: ['authentication'], type: ['start'], action: 'login', outcome: raw.event_type === 'auth_success' ? 'success' : 'failure' };
    case 'fw': {
      const allow = raw.action === 'allow';
      return {
        category: ['network'],
        type: ['connection', allow ? 'allowed' : 'denied'],
        action: `firewall-${String(raw.action)}`,
        outcome: allow ? 'success' : 'failure',
      };
    }
    case 'web':
      return { category: ['web'], type: ['access'], action: 'http-request', outcome: Number(raw.status_code) < 400 ? 'success' : 'failure' };
    default:
      return { category: ['process'], type: ['start'], action: 'process-start' };
  }
}

describe('web server JSON access logs (Caddy, Traefik)', () => {
  it('reads the client, method, path and status of a Caddy access record (nested under request)', () => {
    const d = draft({ level: 'error', ts: 1711741827.96, logger: 'http.log.access.log0', msg: 'handled request', request: { remote_ip: '127.0.0.1', remote_port: '54462', client_ip: '203.0.113.9', proto: 'HTTP/1.1', method: 'GET', host: 'localhost:9080', uri: '/admin?x=1' }, status: 401, size: 0 });
    assert.equal(d.fields.source?.ip, '203.0.113.9');
    assert.equal(d.fields.http?.request?.method, 'GET');
    assert.equal(d.fields.http?.response?.status_code, 401);
    assert.equal(d.fields.url?.original, '/admin?x=1');
  });

  it('reads the client, method, path, host, status and user agent of a Traefik access record', () => {
    const d = draft({ ClientHost: '172.17.0.1', ClientPort: '39490', DownstreamStatus: 404, OriginStatus: 200, RequestHost: 'shop.example.com', RequestMethod: 'GET', RequestPath: '/.env', 'request_User-Agent': 'Nikto', StartUTC: '2021-12-08T14:02:43Z' });
    assert.equal(d.fields.source?.ip, '172.17.0.1');
    assert.equal(d.fields.source?.port, 39490);
    assert.equal(d.fields.http?.response?.status_code, 404, 'what the client got, not the backend status');
    assert.equal(d.fields.url?.original, '/.env');
    assert.equal(d.fields.url?.domain, 'shop.example.com');
    assert.equal(d.fields.user_agent?.original, 'Nikto');
  });
});
