import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSquidLine } from '../../src/ingest/formats/squid.ts';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';

/** Squid's native access log: its clients' requests to any server, read as Sigma's proxy requests. */

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'formats', 'squid', 'input.log');
const PROXY = { category: 'proxy' };

void describe('Squid access log', () => {
  void it("reads a request: client, method, URL, status, bytes, the origin server, at the line's epoch time", async () => {
    const [e] = await eventsOf('access.log', '1732356000.123    145 192.168.1.10 TCP_MISS/200 5120 GET http://example.com/dl/a.exe?x=1 - HIER_DIRECT/93.184.216.34 application/octet-stream\n');
    assert.deepEqual(
      [e?.vigil.format, e?.event.dataset, e?.source?.ip, e?.http?.request?.method, e?.url?.domain, e?.url?.path, e?.http?.response?.status_code, e?.http?.response?.bytes, e?.destination?.ip, e?.['@timestamp'], e?.labels?.['squid.result_code']],
      ['squid', 'squid.access', '192.168.1.10', 'GET', 'example.com', '/dl/a.exe', 200, 5120, '93.184.216.34', '2024-11-23T10:00:00.123Z', 'TCP_MISS'],
    );
    assert.ok(e !== undefined);
    assert.equal(selected(e, PROXY), true);
    assert.equal(selected(e, { category: 'webserver' }), false, "a forward proxy's clients' requests are not a web server's");
    assert.equal(selected(e, { product: 'squid' }), true);
    assert.equal(read(e, PROXY, 'c-uri-extension'), 'exe');
    assert.equal(read(e, PROXY, 'cs-host'), 'example.com');
  });

  void it("reads CONNECT tunnels' servers, refusals, users, and a user agent a custom logformat appends", async () => {
    const events = await eventsOf('access.log', readFileSync(FIXTURE, 'utf8'));
    const denied = events[2];
    assert.deepEqual([denied?.event.outcome, denied?.user?.name, denied?.destination?.domain, denied?.destination?.port, denied?.url?.domain], ['failure', 'bob', 'evil.example.net', 443, 'evil.example.net']);
    assert.equal(denied !== undefined && selected(denied, { category: 'firewall' }), false, 'a refused request is no firewall verdict');
    assert.deepEqual([events[3]?.destination?.ip, events[3]?.destination?.port], ['203.0.113.80', 8443]);
    assert.deepEqual([events[4]?.http?.response?.status_code, events[4]?.event.outcome], [undefined, undefined], 'status 000: no answer');
    assert.deepEqual([events[5]?.source?.ip, events[5]?.url?.query], ['2001:db8::10', 'redirect=%2Fadmin']);
    assert.deepEqual([events[6]?.source?.domain, events[6]?.user_agent?.original, events[6]?.destination?.ip], ['ws07.corp.local', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', '10.0.0.3']);
    assert.equal(events.length, 7);
  });

  void it('takes Squid lines only, and survives hostile ones', async () => {
    for (const line of ['1732356000.123 145 192.168.1.10 200 5120 GET http://a/ - x', '192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326']) assert.equal(parseSquidLine(line).kind, 'error', line);
    const events = await hostileEvents('squid', '1732356000.123 1 <script> TCP_MISS/200 1 constructor http://x/<img> __proto__ HIER_DIRECT/toString - "<b>ua</b>"\n1732356001.000 1 10.0.0.1 TCP_MISS/200 1 CONNECT a:99999 - HIER_NONE/- -\n', 2);
    assert.deepEqual([events[0]?.source, events[0]?.http?.request?.method, events[0]?.user?.name, events[0]?.user_agent?.original], [undefined, 'CONSTRUCTOR', '__proto__', '<b>ua</b>']);
    assert.deepEqual([events[1]?.destination?.port, events[1]?.destination?.domain], [undefined, 'a']);
  });
});
