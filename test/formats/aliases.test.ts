import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIELD_ALIASES, mapRecord, type MapOptions } from '../../src/ingest/formats/aliases.ts';
import { findTimestamp, timeValue } from '../../src/ingest/formats/aliases/time.ts';
import type { Draft } from '../../src/ingest/format.ts';

function map(record: Record<string, unknown>, options: Partial<MapOptions> = {}): Draft {
  return mapRecord(record, { dataset: 'json', ...options });
}

void describe('alias table', () => {
  void it('lists each target once, with keys', () => {
    const targets = FIELD_ALIASES.map((a) => a.target);
    assert.equal(new Set(targets).size, targets.length);
    for (const alias of FIELD_ALIASES) assert.ok(alias.keys.length > 0, alias.target);
  });
});

void describe('mapRecord: key matching', () => {
  void it('matches keys ignoring case and . _ - separators', () => {
    for (const key of ['src_ip', 'SrcIP', 'src-ip', 'Source_IP', 'sourceIp', 'source.ip', 'CLIENT_IP', 'c-ip']) {
      assert.equal(map({ [key]: '192.0.2.1' }).fields.source?.ip, '192.0.2.1', key);
    }
  });

  void it('reads nested paths and fields under wrapper objects', () => {
    const d = map({ source: { ip: '192.0.2.1', port: 4000 }, data: { dstip: '10.0.0.1' }, _source: { user_name: 'eve' } });
    assert.deepEqual(d.fields.source, { ip: '192.0.2.1', port: 4000 });
    assert.equal(d.fields.destination?.ip, '10.0.0.1');
    assert.equal(d.fields.user?.name, 'eve');
  });

  void it('does not take a destination.ip leaf for the source', () => {
    const d = map({ destination: { ip: '10.0.0.1' } });
    assert.equal(d.fields.source, undefined);
    assert.equal(d.fields.destination?.ip, '10.0.0.1');
  });

  void it("keeps the port written into a source or destination address, unless a port field is given", () => {
    assert.deepEqual(map({ remote_addr: '203.0.113.9:51234', dst: '[2001:db8::1]:443' }).fields.source, { ip: '203.0.113.9', port: 51234 });
    assert.deepEqual(map({ remote_addr: '203.0.113.9:51234', dst: '[2001:db8::1]:443' }).fields.destination, { ip: '2001:db8::1', port: 443 });
    assert.deepEqual(map({ remote_addr: '203.0.113.9:51234', src_port: 4000 }).fields.source, { ip: '203.0.113.9', port: 4000 });
    // A bare IPv6 address is not an address with a port, nor is a forwarded-for list.
    assert.deepEqual(map({ client_ip: '2001:db8::1:443' }).fields.source, { ip: '2001:db8::1:443' });
    assert.deepEqual(map({ client_ip: '198.51.100.4, 10.0.0.2:80' }).fields.source, { ip: '198.51.100.4' });
    assert.equal(map({ host_ip: '10.0.0.7:22' }).fields.host?.ip, '10.0.0.7');
  });

  void it('skips values that do not fit and tries the next key', () => {
    const d = map({ src_ip: 'not-an-ip', client_ip: '192.0.2.9', status: 'info', status_code: 'x', sc_status: 404 });
    assert.equal(d.fields.source?.ip, '192.0.2.9');
    assert.equal(d.fields.labels?.src_ip, 'not-an-ip');
    assert.equal(d.fields.event?.outcome, 'failure');
    assert.equal(d.fields.http?.response?.status_code, 404);
  });

  void it('takes an ip:port value for the address', () => {
    assert.equal(map({ remote_addr: '198.51.100.4:5566' }).fields.source?.ip, '198.51.100.4');
  });

  void it('treats null, "-" and empty values as absent', () => {
    const d = map({ user: null, username: '-', host: '', src_ip: null, message: 'x' });
    assert.equal(d.fields.user, undefined);
    assert.equal(d.fields.host, undefined);
    assert.equal(d.fields.source, undefined);
    assert.equal(d.fields.labels, undefined);
  });

  void it('splits DOMAIN\\user names', () => {
    assert.deepEqual(map({ user: 'CORP\\bob' }).fields.user, { name: 'bob', domain: 'CORP' });
    assert.deepEqual(map({ user: 'bob@example.com' }).fields.user, { name: 'bob@example.com' });
  });

  void it('reads a path-like process or parent name as executable + base name', () => {
    const d = map({ ParentImage: 'C:\\Windows\\explorer.exe', Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd /c dir' });
    assert.deepEqual(d.fields.process, {
      name: 'cmd.exe',
      executable: 'C:\\Windows\\System32\\cmd.exe',
      command_line: 'cmd /c dir',
      parent: { name: 'explorer.exe', executable: 'C:\\Windows\\explorer.exe' },
    });
  });

  void it('routes protocol values to transport or application protocol', () => {
    assert.deepEqual(map({ protocol: 'TCP' }).fields.network, { transport: 'tcp' });
    assert.deepEqual(map({ proto: '17' }).fields.network, { transport: 'udp' });
    assert.deepEqual(map({ protocol: 'HTTP/1.1' }).fields.network, { protocol: 'http' });
  });

  void it('routes path and bytes by whether the record is a web request', () => {
    const web = map({ method: 'GET', path: '/a', query_string: 'b=1', bytes: 10 });
    assert.deepEqual(web.fields.url, { original: '/a?b=1', path: '/a', query: 'b=1' });
    assert.equal(web.fields.http?.response?.bytes, 10);
    const other = map({ path: '/etc/shadow', bytes: 99 });
    assert.deepEqual(other.fields.file, { path: '/etc/shadow' });
    assert.deepEqual(other.fields.network, { bytes: 99 });
  });
});

void describe('mapRecord: time', () => {
  void it('keeps supported layouts as found and converts the others', () => {
    assert.equal(map({ '@timestamp': '2024-01-15T10:30:00.123Z' }).time, '2024-01-15T10:30:00.123Z');
    assert.equal(map({ time: '2024/01/15 10:30:00' }).time, '2024-01-15T10:30:00');
    assert.equal(map({ ts: 1705314600 }).time, 1705314600);
    assert.equal(map({ eventtime: '15/Jan/2024:10:30:00 +0000' }).time, '15/Jan/2024:10:30:00 +0000');
    assert.equal(map({ date: '2024-01-15', time: '10:30:00' }).time, '2024-01-15T10:30:00');
  });

  void it('prefers @timestamp, skips values that are not times and marks UtcTime as UTC', () => {
    assert.equal(map({ timestamp: 'later', '@timestamp': '2024-01-15T10:30:00Z' }).time, '2024-01-15T10:30:00Z');
    assert.equal(map({ time: 'yesterday', created_at: '2024-01-15 10:30:00' }).time, '2024-01-15 10:30:00');
    const sysmon = map({ UtcTime: '2024-01-15 10:30:00.123' });
    assert.equal(sysmon.time, '2024-01-15 10:30:00.123');
    assert.equal(sysmon.timeIsUtc, true);
    assert.equal(map({ time: 12 }).time, undefined);
  });

  void it('finds timestamps in text and whole-value timestamps', () => {
    assert.equal(findTimestamp('at Mon Jan 15 10:30:00 2024 done')?.text, 'Mon Jan 15 10:30:00 2024');
    assert.equal(findTimestamp('Mon, 15 Jan 2024 10:30:00 +0100 x')?.text, '2024-01-15T10:30:00+01:00');
    assert.equal(timeValue('1705314600123456789'), '1705314600123456');
    assert.equal(timeValue('2024-01-15 10:30:00 PM'), undefined);
  });

  void it("finds Gin's, Werkzeug's and two-digit-year US times, which carry no zone", () => {
    assert.equal(findTimestamp('[GIN] 2024/02/07 - 10:49:33 | 401 |')?.text, '2024-02-07T10:49:33');
    assert.equal(findTimestamp('127.0.0.1 - - [27/Jul/2023 16:06:44] "GET / HTTP/1.1" 200 -')?.text, '2023-07-27T16:06:44');
    // Webmin does not pad the day.
    assert.equal(findTimestamp('1690898804.2161960.0 [1/Aug/2023 16:06:44] admin - 192.0.2.100')?.text, '2023-08-01T16:06:44');
    // With a zone it stays Apache's layout, as written.
    assert.equal(findTimestamp('- [27/Jul/2023:16:06:44 +0200] "GET /"')?.text, '27/Jul/2023:16:06:44 +0200');
    assert.equal(findTimestamp('01/25/22 16:08:02.393003 web_php[118770].ERR')?.text, '2022-01-25T16:08:02.393003');
    assert.equal(findTimestamp('12/31/99 23:59:59 x')?.text, '1999-12-31T23:59:59');
    // No month 13, and a date inside a longer slashed run is not one.
    assert.equal(findTimestamp('13/25/22 16:08:02 x'), undefined);
    assert.equal(findTimestamp('/srv/01/25/22 16:08:02 x'), undefined);
  });

  void it("reads MongoDB's extended JSON dates and its attr wrapper", () => {
    const d = map({ t: { $date: '2022-07-28T18:00:00.903+02:00' }, msg: 'Authentication failed', attr: { principalName: 'root', remote: '127.0.0.1:4071' } });
    assert.equal(d.time, '2022-07-28T18:00:00.903+02:00');
    assert.deepEqual([d.fields.user?.name, d.fields.source?.ip, d.fields.source?.port], ['root', '127.0.0.1', 4071]);
    assert.equal(map({ t: { $date: { $numberLong: '1659024000903' } } }).time, '1659024000903');
    // Any other one-key object is walked as before.
    assert.equal(map({ t: { $oid: '5f1' } }).time, undefined);
  });
});

void describe('mapRecord: event block', () => {
  void it("reads an `event` name as the record's type (Teleport's audit log)", () => {
    const d = map({ event: 'user.login', code: 'T1000W', time: '2023-09-05T07:16:25.133Z', user: 'bob', success: false, error: 'invalid username, password or second factor', user_agent: 'Mozilla/5.0', 'addr.remote': '198.51.100.2:34204' });
    assert.deepEqual([d.fields.event?.action, d.fields.event?.outcome, d.fields.user?.name, d.fields.source?.ip], ['login', 'failure', 'bob', '198.51.100.2']);
  });

  void it('reads outcome values and ignores non-outcomes such as info', () => {
    const cases: [unknown, string | undefined][] = [
      ['success', 'success'], ['Succeeded', 'success'], ['OK', 'success'], ['allowed', 'success'], [true, 'success'],
      ['failed', 'failure'], ['DENIED', 'failure'], ['blocked', 'failure'], ['drop', 'failure'], [false, 'failure'],
      ['error', 'failure'], ['info', undefined], ['pending', undefined],
    ];
    for (const [value, want] of cases) assert.equal(map({ status: value }).fields.event?.outcome, want, String(value));
  });

  void it('derives login actions and outcomes from the event type', () => {
    const failed = map({ event_type: 'login_failed', user: 'a' }).fields.event;
    assert.deepEqual(failed, { category: ['authentication'], type: ['start'], action: 'login', outcome: 'failure' });
    assert.equal(map({ event_type: 'auth_success' }).fields.event?.outcome, 'success');
    assert.deepEqual(map({ eventType: 'UserLogoff' }).fields.event, { category: ['authentication'], type: ['end'], action: 'logout' });
  });

  void it('derives firewall actions from allow/deny verbs', () => {
    assert.deepEqual(map({ source: 'fw', action: 'allow' }).fields.event, {
      category: ['network'], type: ['connection', 'allowed'], action: 'firewall-allow', outcome: 'success',
    });
    assert.deepEqual(map({ action: 'Dropped', src_ip: '192.0.2.1' }).fields.event, {
      category: ['network'], type: ['connection', 'denied'], action: 'firewall-drop', outcome: 'failure',
    });
  });

  void it('derives web and process events from their fields', () => {
    assert.deepEqual(map({ http_method: 'GET', status_code: 302 }).fields.event, {
      category: ['web'], type: ['access'], action: 'http-request', outcome: 'success',
    });
    assert.deepEqual(map({ event_type: 'process_start', process_name: 'a.exe' }).fields.event, {
      category: ['process'], type: ['start'], action: 'process-start',
    });
  });

  void it('keeps explicit ECS values and kebab-cases native actions', () => {
    const d = map({ event: { category: ['iam'], type: ['user', 'creation'], action: 'UserCreated', outcome: 'success' } });
    assert.deepEqual(d.fields.event, { category: ['iam'], type: ['user', 'creation'], action: 'user-created', outcome: 'success' });
  });

  void it('reads native event codes but not random record ids', () => {
    assert.equal(map({ event_id: 4625 }).fields.event?.code, '4625');
    assert.equal(map({ id: 'AUTH-1001' }).fields.event?.code, 'AUTH-1001');
    assert.equal(map({ _id: 'Xk3Lp9QmTn2Rv8' }).fields.event?.code, undefined);
  });

  void it('takes the dataset from a short source word only', () => {
    assert.equal(map({ source: 'auth' }).dataset, 'auth');
    assert.equal(map({ log_type: 'Firewall' }).dataset, 'firewall');
    assert.equal(map({ source: 'C:\\logs\\app.log' }).dataset, 'json');
    assert.equal(map({ source: '10.0.0.1' }).fields.source?.ip, '10.0.0.1');
    assert.equal(map({}, { dataset: 'csv' }).dataset, 'csv');
  });
});

void describe('mapRecord: labels and user mapping', () => {
  void it('keeps unmapped scalars and scalar arrays as string labels', () => {
    const d = map({ auth_method: 'kerberos', logon_type: 3, tags: ['a', 'b'], nested: { k: true }, objs: [{ a: 1 }] });
    assert.deepEqual(d.fields.labels, { auth_method: 'kerberos', logon_type: '3', tags: 'a, b', 'nested.k': 'true' });
  });

  void it('does not let __proto__ keys touch prototypes', () => {
    const d = map(JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "c", "a": "b"}') as Record<string, unknown>);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(d.fields.labels?.a, 'b');
    assert.equal(d.fields.labels?.constructor, 'c');
  });

  void it('applies the user mapping before the alias table', () => {
    const record = { who: 'mallory', where: '203.0.113.5', when: '2024-01-15T10:30:00Z', src_ip: '192.0.2.1', team: 'red' };
    const d = map(record, { mapping: { who: 'user.name', where: 'source.ip', when: '@timestamp', team: 'labels.squad' } });
    assert.equal(d.fields.user?.name, 'mallory');
    assert.equal(d.fields.source?.ip, '203.0.113.5');
    assert.equal(d.time, '2024-01-15T10:30:00Z');
    assert.deepEqual(d.fields.labels, { squad: 'red', src_ip: '192.0.2.1' });
  });

  void it('keeps an aliased key for the mapped field only', () => {
    const d = map({ ip: '10.0.0.7', client_ip: '192.0.2.1' }, { mapping: { ip: 'destination.ip' } });
    assert.equal(d.fields.destination?.ip, '10.0.0.7');
    assert.equal(d.fields.source?.ip, '192.0.2.1');
  });

  void it('matches mapping keys by nested path or loosely, and falls back when the value does not fit', () => {
    const d = map({ actor: { addr: '192.0.2.44' }, Action_Name: 'Purge', where: 'nowhere', dst: '192.0.2.2' }, {
      mapping: { 'actor.addr': 'source.ip', 'action name': 'event.action', where: 'destination.ip', missing: 'user.name' },
    });
    assert.equal(d.fields.source?.ip, '192.0.2.44');
    assert.equal(d.fields.event?.action, 'purge');
    assert.equal(d.fields.destination?.ip, '192.0.2.2');
    assert.equal(d.fields.labels?.where, 'nowhere');
    assert.equal(d.fields.user, undefined);
  });

  void it('puts values mapped to paths it has no slot for into labels of that name', () => {
    assert.deepEqual(map({ v: 'TLSv1.3' }, { mapping: { v: 'tls.version' } }).fields.labels, { 'tls.version': 'TLSv1.3' });
  });
});

void describe('mapRecord: hostile input', () => {
  void it('survives deep nesting, huge records and odd values', () => {
    let deep: Record<string, unknown> = { src_ip: '192.0.2.1' };
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    assert.doesNotThrow(() => map(deep));
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) wide[`k${i}`] = i;
    assert.doesNotThrow(() => map(wide));
    assert.doesNotThrow(() => map({ time: Number.NaN, src_ip: { toString: 'x' }, status: [], port: -1, pid: 1e300 }));
  });
});

void describe('mapRecord: proxies\' JSON access logs', () => {
  void it('reads Envoy\'s JSON layout: peer address with its port, original path, authority', () => {
    const d = map({ start_time: '2025-12-31T16:37:40.479Z', method: 'GET', 'x-envoy-origin-path': '/login?next=%2Fadmin', response_code: 401, 'user-agent': 'zgrab/0.x', downstream_remote_address: '[2001:db8::5]:43000', ':authority': 'app.example.com' });
    assert.equal(d.fields.source?.ip, '2001:db8::5');
    assert.deepEqual(d.fields.url, { original: '/login?next=%2Fadmin', path: '/login', query: 'next=%2Fadmin', domain: 'app.example.com' });
    assert.deepEqual(d.fields.event?.type, ['access']);
  });

  void it('reads a header Caddy logs as a list of one value, and an address with its port', () => {
    const d = map({ ts: 1711741827.96, request: { remote_ip: '127.0.0.1', method: 'GET', host: 'localhost', uri: 'https://localhost/admin?x=1', headers: { 'User-Agent': ['curl/7.88.1'], Accept: ['a', 'b'] } }, status: 401 });
    assert.equal(d.fields.user_agent?.original, 'curl/7.88.1');
    assert.equal(d.fields.url?.path, '/admin');
    assert.equal(d.fields.url?.scheme, 'https');
    assert.equal(d.fields.url?.domain, 'localhost');
    assert.equal(map({ src: '198.51.100.4:5123' }).fields.source?.ip, '198.51.100.4');
    assert.equal(map({ src_port: '198.51.100.4:5123' }).fields.source?.port, 5123);
    assert.equal(map({ src_port: 'host:5123' }).fields.source?.port, undefined, 'a port after a name that is not an address is not taken');
    assert.equal(map({ ClientHost: '192.168.1.100,10.0.0.50' }).fields.source?.ip, '192.168.1.100', 'a forwarded-for list: its first address');
    assert.equal(map({ method: 'GET', status: 200, uri: '/', http_host: 'Shop.Example.com:8443' }).fields.url?.domain, 'shop.example.com', 'a Host header with its port');
  });
});
