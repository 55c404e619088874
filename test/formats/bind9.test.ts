import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventOf, eventsOf, read, selected } from '../detect/mapping/helpers.ts';

/** BIND's (named's) log: queries and refusals are DNS records for detection, in its own file and in syslog. */

describe('BIND (named)', () => {
  it('reads a query log line as a DNS query of the client, at named\'s time in the given zone', async () => {
    const e = await eventOf('named.log', '23-Nov-2026 08:00:00.123 queries: info: client @0x7f65100ee4d8 10.0.0.8#51234 (c2.evil.example): query: C2.Evil.Example IN TXT +E(0)K (10.0.0.53)\n');
    assert.equal(e['@timestamp'], '2026-11-23T08:00:00.123Z');
    assert.equal(e.vigil.time.source, 'assumed_zone');
    assert.equal(selected(e, { category: 'dns' }), true);
    assert.equal(read(e, { category: 'dns' }, 'query'), 'c2.evil.example');
    assert.equal(read(e, { category: 'dns' }, 'record_type'), 'TXT');
    assert.equal(read(e, { category: 'dns' }, 'src_ip'), '10.0.0.8');
  });

  it('reads refusals sent to syslog, and keeps named\'s other messages as its events', async () => {
    const events = await eventsOf('syslog', [
      'Nov 13 10:59:46 ns1 named[2075772]: client @0x7f6520147ae8 164.92.117.245#55590 (corp.example.com): zone transfer \'corp.example.com/AXFR/IN\' denied',
      'Nov 13 10:59:47 ns1 named[2075772]: zone corp.example.com/IN: loaded serial 2026112301',
      '',
    ].join('\n'));
    const [refused, loaded] = events;
    assert.deepEqual([refused?.event.dataset, refused?.event.action, refused?.event.outcome, refused?.source?.ip, refused?.dns?.question?.type], ['bind9', 'dns-zone-transfer', 'failure', '164.92.117.245', 'AXFR']);
    assert.equal(refused !== undefined && selected(refused, { category: 'dns' }), true);
    assert.deepEqual([loaded?.event.dataset, loaded?.event.action], ['bind9', undefined]);
    assert.equal(loaded !== undefined && selected(loaded, { category: 'dns' }), false, 'not a DNS record: no question');
  });

  it('keeps the reason of a refusal, and reads a refused transfer of a zone named does not serve', async () => {
    const [acl, notauth, bare] = await eventsOf('named.log', [
      "06-Feb-2025 10:32:43.895 security: info: client @0x7fcb602f4168 192.168.1.1#44717 (wr_test): query (cache) 'wr_test/A/IN' denied (allow-query-cache did not match)",
      "03-Nov-2022 13:38:37.525 client @0x7fa0a4137838 ::1#61738 (example.com): bad zone transfer request: 'example.com/IN': non-authoritative zone (NOTAUTH)",
      "client @0x7f8ac00071e8 ::1#62524 (example.com): zone transfer 'example.com/AXFR/IN' denied",
      '',
    ].join('\n'));
    assert.equal(acl?.event.reason, 'query (cache) denied: allow-query-cache did not match');
    assert.deepEqual([notauth?.event.action, notauth?.event.outcome, notauth?.event.reason], ['dns-zone-transfer', 'failure', 'zone transfer denied: non-authoritative zone (NOTAUTH)']);
    assert.deepEqual([bare?.event.action, bare?.['@timestamp']], ['dns-zone-transfer', undefined], 'named without print-time: no time, still read');
  });
});
