import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Apache CouchDB's log: its HTTP requests are web requests (client, user, status), its other messages keep their level. */

const dirs = tempDirs('couchdb');
const request = (second: number, rest: string) => `[notice] 2026-11-23T08:00:${String(second).padStart(2, '0')}.000001Z couchdb@127.0.0.1 <0.1.0> ${String(second).padStart(10, 'a')} db.example.com:5984 ${rest}`;

void describe('CouchDB', () => {
  void it('reads a request: client, authenticated user, Host header, method, path, status; the time is UTC', async () => {
    const [ok, anonymous] = await eventsOf('couch.log', [request(1, '10.0.0.8 admin GET /_all_dbs 200 ok 2'), request(2, '203.0.113.9 undefined POST /_session 401 unauthorized 5'), ''].join('\n'));
    assert.deepEqual(
      [ok?.event.dataset, ok?.source?.ip, ok?.user?.name, ok?.destination?.domain, ok?.destination?.port, ok?.http?.request?.method, ok?.url?.path, ok?.http?.response?.status_code, ok?.event.outcome, ok?.['@timestamp'], ok?.vigil.time.source],
      ['couchdb.access', '10.0.0.8', 'admin', 'db.example.com', 5984, 'GET', '/_all_dbs', 200, 'success', '2026-11-23T08:00:01.000Z', 'record'],
    );
    assert.deepEqual([anonymous?.user, anonymous?.event.outcome, anonymous?.labels?.['couchdb.status']], [undefined, 'failure', 'unauthorized'], "`undefined` is CouchDB's word for no user");
    assert.equal(ok !== undefined && selected(ok, { category: 'webserver' }), true);
  });

  void it("keeps its other messages with their level and node, and no request id when there is none", async () => {
    const [other] = await eventsOf('couch.log', '[error] 2026-11-23T08:00:03.000000Z couchdb@127.0.0.1 <0.210.0> -------- chttpd_auth_cache changes listener died\n');
    assert.deepEqual([other?.event.dataset, other?.message, other?.labels?.['couchdb.level'], other?.labels?.['couchdb.request_id']], ['couchdb', 'chttpd_auth_cache changes listener died', 'error', undefined]);
  });

  void it('gives the web rules a password guesser on /_session and a client probing missing paths', async () => {
    const lines = [
      ...Array.from({ length: 12 }, (_, i) => request(i, '203.0.113.30 undefined POST /_session 401 unauthorized 3')),
      ...Array.from({ length: 40 }, (_, i) => request(i + 12, `203.0.113.31 undefined GET /probe${String(i)} 404 not_found 1`)),
    ];
    const dir = dirs.fresh();
    writeFileSync(join(dir, 'couch.log'), `${lines.join('\n')}\n`);
    const store = openStore(join(dir, 'v.db'));
    try {
      await ingest(store, [join(dir, 'couch.log')], { tz: 'UTC', actor: 'test' });
      const { incidents } = analyzeStore(store, { actor: 'test' });
      const bySource = new Map(incidents.map((i) => [i.entities.source_ip.join(','), i.title]));
      assert.match(bySource.get('203.0.113.30') ?? '', /brute force/i);
      assert.match(bySource.get('203.0.113.31') ?? '', /missing paths|forced browsing/i);
    } finally {
      store.close();
    }
  });

  void it('survives hostile lines: markup in the path and the user, a client that is no address', async () => {
    const hostile = [
      request(1, '203.0.113.9 <script>alert(1)</script> GET /<img/src=x/onerror=alert(1)> 404 not_found 1'),
      request(2, `not-an-ip undefined GET /${'%'.repeat(5000)} 400 bad_request 1`),
      '',
    ].join('\n');
    const events = await hostileEvents('couchdb', hostile, 2);
    assert.equal(events[0]?.user?.name, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assert.deepEqual(events[1]?.source, { domain: 'not-an-ip' });
  });
});
