import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestClaim } from '../../src/ingest/formats/request-text.ts';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';

/** Web requests told in lines of text that no access-log reader takes (applications' own request logs). */

const TOLD: ReadonlyArray<readonly [string, [string, string, number, string | undefined]]> = [
  ['[info] o.t.s.AccessLogFilter [1e60d1e5e2a1741f|2989d0704d3c364c] 172.17.0.2 POST /api/v1/login took 8ms and returned 401 65 bytes', ['POST', '/api/v1/login', 401, '172.17.0.2']],
  ['2025/05/01 14:14:02 [2025-05-01 14:14:02.417736] [router:root-no_resp] [origin:10.10.10.10] [client: 192.0.2.1] [useragent: Mozilla/5.0 zgrab/0.x] GET /ecp/Current/exporttool 444', ['GET', '/ecp/Current/exporttool', 444, '192.0.2.1']],
  ['INFO:     192.0.2.2:52782 - "POST /login HTTP/1.1" 401 Unauthorized', ['POST', '/login', 401, '192.0.2.2']],
  ['www.example.com 192.0.2.3 - 7bde940ef0f870cdee1f6d53fe0ff157 - [22/Oct/2025:14:31:07 +0000] "GET /login/?id=/etc/passwd HTTP/2.0" 403 69283 "-" "curl/8"', ['GET', '/login/?id=/etc/passwd', 403, '192.0.2.3']],
  ['[10/Feb/2024:21:23:32 +0100] mx.example.org 192.0.2.4 0.227 "REPORT /SOGo/dav/Calendar/ HTTP/2.0" 207 125 440 - Mozilla/5.0', ['REPORT', '/SOGo/dav/Calendar/', 207, '192.0.2.4']],
  ['request GET https://api.example.com/v1/items status=503 client=192.0.2.5', ['GET', 'https://api.example.com/v1/items', 503, '192.0.2.5']],
  ['GET /health -> 200', ['GET', '/health', 200, undefined]],
];

const NOT_TOLD: readonly string[] = [
  'Route GET /api/items registered',
  'GET /x took 120 ms',
  'GET /x returned 999',
  'Mapped "{[/login],methods=[POST]}" onto public java.lang.String',
  'the GETTER /foo 200 is not a method',
];

void describe('requests told in words', () => {
  for (const [text, [method, target, status, client]] of TOLD) {
    void it(`reads: ${text.slice(0, 80)}`, () => {
      const claim = requestClaim(text);
      assert.deepEqual([claim?.http?.request?.method, claim?.url?.original, claim?.http?.response?.status_code, claim?.source?.ip], [method, target, status, client]);
      assert.deepEqual([claim?.event?.action, claim?.event?.outcome], ['http-request', status >= 400 ? 'failure' : 'success']);
    });
  }

  void it('reads nothing into a method and a path without a status, nor into a status that is none', () => {
    for (const text of NOT_TOLD) assert.equal(requestClaim(text), undefined, text);
  });

  void it('makes a plain-text line a web request the web rules read, with the user agent it names; a login told in words still wins', async () => {
    const [zoraxy, login] = await eventsOf('app.log', [
      '2025/05/01 14:14:02 [client: 192.0.2.1] [useragent: Mozilla/5.0 zgrab/0.x] GET /.git/config 404',
      '2025/05/01 14:14:03 POST /login 200 login failed for user "bob" from 192.0.2.9',
      '',
    ].join('\n'));
    assert.deepEqual([zoraxy?.vigil.format, zoraxy?.event.action, zoraxy?.source?.ip, zoraxy?.url?.path, zoraxy?.user_agent?.original], ['plaintext', 'http-request', '192.0.2.1', '/.git/config', 'Mozilla/5.0 zgrab/0.x']);
    assert.equal(zoraxy !== undefined && selected(zoraxy, { category: 'webserver' }), true);
    assert.deepEqual([login?.event.action, login?.event.outcome, login?.user?.name, login?.source?.ip], ['login', 'failure', 'bob', '192.0.2.9']);
  });

  void it('reads requests of syslog programs without a decoder', async () => {
    const [e] = await eventsOf('syslog', 'Nov 23 08:00:00 web uvicorn[77]: INFO:     192.0.2.2:52782 - "POST /login HTTP/1.1" 401 Unauthorized\n');
    assert.deepEqual([e?.vigil.format, e?.event.action, e?.source?.ip, e?.source?.port, e?.http?.response?.status_code, e?.process?.name], ['syslog', 'http-request', '192.0.2.2', 52782, 401, 'uvicorn']);
  });

  void it('survives hostile lines: markup in the path, runaway methods and addresses', async () => {
    const hostile = [
      '2025/05/01 14:14:02 [client: 192.0.2.1] GET /<script>alert(1)</script> 404',
      `2025/05/01 14:14:03 ${'GET '.repeat(1000)}/x 200`,
      `2025/05/01 14:14:04 ${'1.2.3.4 '.repeat(900)}GET /y 500`,
      `2025/05/01 14:14:05 ${'GET '.repeat(3000)}/z 200`,
      '',
    ].join('\n');
    const events = await hostileEvents('plaintext', hostile, 4);
    assert.equal(events[0]?.url?.path, '/<script>alert(1)</script>', 'kept as text: the edges escape it');
    assert.deepEqual(events.map((e) => e.http?.response?.status_code), [404, 200, 500, undefined], 'a request past the first 8 KiB is not looked for');
    assert.equal(events[2]?.source?.ip, '1.2.3.4');
  });
});
