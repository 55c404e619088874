import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseNpmLine } from '../../src/ingest/formats/npm-access.ts';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';

/** Nginx Proxy Manager's access logs (proxy, standard and NPMplus formats), and nginx's error lines in syslog. */

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'formats', 'npm-access', 'input.log');

void describe('Nginx Proxy Manager access log', () => {
  void it('reads the proxy format: client, virtual host, method, URI, status, length, agent, referer, upstream', async () => {
    const [e, failed, dropped] = await eventsOf('proxy-host-1_access.log', readFileSync(FIXTURE, 'utf8'));
    assert.deepEqual(
      [e?.vigil.format, e?.event.dataset, e?.source?.ip, e?.url?.domain, e?.url?.scheme, e?.url?.path, e?.url?.query, e?.http?.request?.method, e?.http?.response?.status_code, e?.http?.response?.bytes, e?.user_agent?.original, e?.http?.request?.referrer, e?.labels?.['npm.sent_to'], e?.['@timestamp']],
      ['npm-access', 'nginx_proxy_manager.access', '203.0.113.7', 'cloud.example.org', 'https', '/index.php/login', 'redirect_url=%2Fapps', 'GET', 200, 5120, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0', 'https://cloud.example.org/', '10.0.0.20', '2024-11-23T10:00:00.000Z'],
    );
    assert.deepEqual([failed?.event.outcome, failed?.http?.response?.status_code], ['failure', 401]);
    assert.deepEqual([dropped?.source?.ip, dropped?.http?.response?.status_code, dropped?.url?.path], ['2001:db8::66', 444, '/.env'], 'the standard format');
    assert.ok(e !== undefined);
    assert.equal(selected(e, { category: 'webserver' }), true);
    assert.equal(selected(e, { product: 'nginx_proxy_manager' }), true);
    assert.equal(read(e, { category: 'webserver' }, 'cs-uri-query'), '/index.php/login?redirect_url=%2Fapps');
  });

  void it("reads NPMplus's format, and keeps a request nginx could not parse", async () => {
    const [, , , plus, garbage] = await eventsOf('access.log', readFileSync(FIXTURE, 'utf8'));
    assert.deepEqual([plus?.url?.domain, plus?.source?.ip, plus?.http?.version, plus?.http?.response?.bytes, plus?.user_agent?.original, plus?.['@timestamp']], ['git.example.org', '192.168.1.100', '2.0', 125, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0', '2024-11-23T09:00:03.000Z']);
    assert.deepEqual([garbage?.http?.response?.status_code, garbage?.url, garbage?.labels?.['npm.request']], [400, undefined, '\\x16\\x03\\x01\\x00\\xF4\\x01\\x00\\x00\\xF0\\x03\\x03']);
  });

  void it("reads nginx's error lines in syslog (pfSense's GUI) as the error log format does", async () => {
    const [e] = await eventsOf('syslog', '<171>1 2025-11-05T20:47:03.000000+00:00 firewall.lan nginx - - - 2025/11/05 20:47:03 [error] 24537#230441: *914 open() "/usr/local/www/x" failed (2: No such file or directory), client: 192.0.2.9, server: , request: "GET /x HTTP/2.0", host: "firewall.lan"\n');
    assert.deepEqual([e?.vigil.format, e?.event.dataset, e?.source?.ip, e?.url?.path, e?.process?.pid, e?.host?.name], ['syslog', 'nginx.error', '192.0.2.9', '/x', 24537, 'firewall.lan']);
  });

  void it('takes its own lines only, and survives hostile ones', async () => {
    for (const line of ['192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326', '[23/Nov/2024:10:00:00 +0000] something else entirely']) assert.equal(parseNpmLine(line).kind, 'error', line);
    const events = await hostileEvents('npm-access', '[23/Nov/2024:10:00:00 +0000] - 200 200 - constructor https __proto__ "/<script>" [Client <b>] [Length 99999999999999999999] [Gzip -] [Sent-to toString] "<img>" "-"\n', 1);
    assert.deepEqual([events[0]?.source, events[0]?.url?.path, events[0]?.labels?.['npm.sent_to'], events[0]?.user_agent?.original], [undefined, '/<script>', 'toString', '<img>']);
  });
});
