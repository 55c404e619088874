import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { haproxyDraft } from '../../src/ingest/formats/haproxy.ts';
import { eventOf, read, selected } from '../detect/mapping/helpers.ts';

/** HAProxy's logs: on their own, and in syslog as HAProxy sends them; their HTTP requests are web access events. */

describe('HAProxy logs', () => {
  it('reads a request sent to syslog as a web request of the host that logged it', async () => {
    const e = await eventOf('haproxy.log', 'Apr  4 14:30:19 hap-1 haproxy[3946303]: 192.168.1.1:55032 [04/Apr/2024:14:30:18.885] front_https~ back_app/web-1 0/0/0/169/169 404 1541 - - ---- 5715/616/96/15/0 0/0 "GET /cgi-bin/../../etc/passwd HTTP/1.1"\n');
    assert.equal(e.vigil.format, 'syslog');
    assert.equal(e.event.dataset, 'haproxy.http');
    assert.equal(e.host?.name, 'hap-1');
    assert.equal(e.source?.ip, '192.168.1.1');
    assert.equal(selected(e, { category: 'webserver' }), true);
    assert.equal(read(e, { category: 'webserver' }, 'cs-uri-stem'), '/cgi-bin/../../etc/passwd');
    assert.equal(read(e, { category: 'webserver' }, 'sc-status'), 404);
  });

  it('keeps HAProxy\'s other messages as syslog events of the program', async () => {
    const e = await eventOf('haproxy.log', 'Apr  4 14:30:19 hap-1 haproxy[1]: Server back_app/web-1 is DOWN, reason: Layer4 timeout\n');
    assert.equal(e.event.dataset, 'haproxy');
    assert.equal(e.event.action, undefined);
  });

  it('rejects lines that only start like HAProxy\'s', () => {
    for (const line of [
      '203.0.113.7:51234 [02/May/2024:08:00:00.123] www www/web-1 0/0/1/12 404 512 - - ---- 3/3/1/1/0 0/0 "GET / HTTP/1.1"',
      'host.example:80 [02/May/2024:08:00:00.123] www www/web-1 0/0/1/12/13 404 512 - - ---- 3/3/1/1/0 0/0 "GET / HTTP/1.1"',
      '203.0.113.7:51234 [2024-05-02 08:00:00] www www/web-1 0/0/1/12/13 404 512 - - ---- 3/3/1/1/0 0/0 "GET / HTTP/1.1"',
    ]) {
      assert.equal(typeof haproxyDraft(line), 'string', line);
    }
  });
});
