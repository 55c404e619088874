import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { line, selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Requests seen at a site's edge: Cloudflare's Logpush, AWS WAF's logs, S3 server access logs. */

const dirs = tempDirs('edge');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'formats');
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };
const WEB = { category: 'webserver' };


const summary = (e: VigilEvent) => [e.event.dataset, e.event.action ?? null, e.source?.ip ?? null, e.url?.original ?? null, e.http?.response?.status_code ?? null, selected(e, WEB), e['@timestamp'] ?? null];

void describe('requests at the edge', () => {
  void it("reads Cloudflare's http_requests as web requests (RFC 3339 and nanosecond times) and firewall_events as WAF decisions", async () => {
    const events = await fixtureEvents('cloudflare', 'input.jsonl');
    assert.deepEqual(events.map(summary), [
      ['cloudflare.http_requests', 'http-request', '203.0.113.50', '/products?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--', 403, true, '2024-11-23T10:00:01.000Z'],
      ['cloudflare.http_requests', 'http-request', '2001:db8::7', '/', 200, true, '2024-11-23T10:00:02.500Z'],
      ['cloudflare.firewall_events', 'waf-managed_challenge', '203.0.113.51', '/wp-login.php', 403, false, '2024-11-23T10:00:03.000Z'],
    ]);
    assert.deepEqual(events[0]?.event.type, ['access', 'denied'], 'blocked by a security rule');
    assert.deepEqual(events[0]?.rule, { id: '6179ae15870a4b77', name: 'SQLi - UNION' });
    assert.equal(events[0]?.url?.domain, 'shop.example.com');
    assert.equal(events[2]?.rule?.category, 'botFight');
  });

  void it("reads AWS WAF's logs: the request from its parts and headers, the deciding rule, blocked or allowed", async () => {
    const events = await fixtureEvents('aws-waf', 'input.jsonl');
    assert.deepEqual(events.map(summary), [
      ['aws.waf', 'http-request', '203.0.113.60', '/v1/items?id=1%27%20UNION%20SELECT%201,2--', null, true, '2024-11-23T10:00:04.123Z'],
      ['aws.waf', 'http-request', '198.51.100.9', '/v1/items/../../etc/passwd', null, true, '2024-11-23T10:00:05.000Z'],
    ]);
    assert.deepEqual([events[0]?.event.type, events[1]?.event.type], [['access', 'denied'], ['access', 'allowed']]);
    assert.equal(events[0]?.user_agent?.original, 'sqlmap/1.7.2#stable (https://sqlmap.org)');
    assert.equal(events[0]?.rule?.id, 'AWS-AWSManagedRulesSQLiRuleSet');
    assert.equal(events[0]?.labels?.['httpRequest.headers.host'], 'api.example.com');
  });

  void it('reads S3 server access logs: requester, operation, object, status; canonical ids are no SHA-256 indicators', async () => {
    const events = await fixtureEvents('aws-s3-access', 'input.log');
    assert.deepEqual(events.map(summary), [
      ['aws.s3access', 'REST.GET.VERSIONING', '192.0.2.3', '/amzn-s3-demo-bucket1?versioning', 200, true, '2024-11-23T10:00:38.000Z'],
      ['aws.s3access', 'REST.GET.OBJECT', '203.0.113.77', '/amzn-s3-demo-bucket1/backups/db-2024-11-22.sql.gz', 200, true, '2024-11-23T10:01:00.000Z'],
      ['aws.s3access', 'REST.GET.OBJECT', '198.51.100.20', '/.env', 403, true, '2024-11-23T10:01:05.000Z'],
    ]);
    assert.deepEqual(events[1]?.user, { name: 'i-0abc123', id: 'arn:aws:sts::123456789012:assumed-role/ci-deploy/i-0abc123' });
    assert.equal(events[1]?.labels?.key, 'backups/db-2024-11-22.sql.gz');
    assert.equal(events[2]?.event.reason, 'AccessDenied');
    assert.equal(events[2]?.user, undefined, 'an anonymous request names no one');
    for (const event of events) assert.ok(!(event.vigil.indicators ?? []).some((i) => i.type === 'sha256'), JSON.stringify(event.vigil.indicators));
  });

  void it('raises the web attack rules over edge records as over an access log', async () => {
    const titles = await packAlertTitles(dirs.fresh(), ['cloudflare', 'aws-waf'].map((id) => join(FIXTURES, id, 'input.jsonl')).concat(join(FIXTURES, 'aws-s3-access', 'input.log')));
    for (const title of ['SQL injection attempt in a request', 'Request from a known vulnerability scanner or fuzzer', 'Path traversal attempt in a request', 'Probe for sensitive files and admin panels']) {
      assert.ok(titles.includes(title), `${title} in ${titles.join(' | ')}`);
    }
  });

  void it('survives hostile records: prototype-named fields and headers, markup, odd types', async () => {
    const cloudflare = await readAs('cloudflare', [
      line({ ClientIP: '203.0.113.1', ClientRequestHost: '<script>', ClientRequestURI: '/<img src=x onerror=alert(1)>', EdgeStartTimestamp: 'x', __proto__: 'p', constructor: 'c', EdgeResponseStatus: 'abc' }),
      line({ ClientIP: '203.0.113.1', ClientRequestPath: ['a'], EdgeStartTimestamp: Number.MAX_VALUE, EdgeResponseStatus: 200 }),
    ].join(''));
    const waf = await readAs('aws-waf', [
      line({ timestamp: 'soon', webaclId: 'a', action: 'BLOCK', httpRequest: { clientIp: 'nope', headers: [{ name: '__proto__', value: 'x' }, { name: 'constructor', value: 'y' }, null, { name: 1 }], uri: 5 } }),
    ].join(''));
    const s3 = await readAs('aws-s3-access', `o b [23/Nov/2024:10:00:38 +0000] 192.0.2.3 __proto__ r REST.GET.OBJECT k "<b>GET</b> /x" 200 - - - - - "-" "<script>" - - - - - - - -\n`);
    for (const event of [...cloudflare.events, ...waf.events, ...s3.events]) assertSoundEvent(event);
    assert.equal(cloudflare.events[0]?.url?.original, '/<img src=x onerror=alert(1)>', 'kept as text: the edges escape it');
    assert.equal(waf.events[0]?.labels?.['httpRequest.headers.__proto__'], 'x');
    assert.equal(s3.events[0]?.user?.name, '__proto__');
    assertNoPollution();
  });

  void it('does not take an access log or another JSON log for an edge log', async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'access.log');
    writeFileSync(file, '203.0.113.7 - - [23/Nov/2024:10:00:02 +0000] "GET / HTTP/1.1" 200 10 "-" "curl/8"\n');
    assert.deepEqual((await collectEvents([file], OPTIONS)).formats, ['web-access']);
  });
});
