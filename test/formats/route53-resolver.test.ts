import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { read, selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';

/** Amazon Route 53 Resolver query logs: DNS records of a VPC's instances, with DNS Firewall's verdict. */

describe('Route 53 Resolver query logs', () => {
  it("reads each question as a DNS record: the name without its trailing dot, answers, code, DNS Firewall's block", async () => {
    const events = await fixtureEvents('aws-route53-resolver', 'input.jsonl');
    assert.deepEqual(
      events.map((e) => [e.event.dataset, e.dns?.question?.name, e.dns?.question?.type, e.dns?.response_code, e.dns?.answers ?? null, e.event.type, e.source?.ip, e['@timestamp']]),
      [
        ['aws.route53_resolver', 'evil-c2.example', 'A', 'NOERROR', ['198.51.100.66'], ['protocol'], '10.0.0.5', '2024-11-23T10:00:01.000Z'],
        ['aws.route53_resolver', 'aGVsbG8.tunnel.example', 'TXT', 'NXDOMAIN', null, ['denied', 'protocol'], '10.0.0.5', '2024-11-23T10:00:02.000Z'],
      ],
    );
    // Sigma's DNS rules read the question as they read Zeek's and Suricata's.
    assert.equal(selected(events[0]!, { category: 'dns' }), true);
    assert.equal(read(events[0]!, { category: 'dns' }, 'query'), 'evil-c2.example');
    assert.deepEqual([events[0]?.labels?.['cloud.instance.id'], events[0]?.labels?.vpc_id, events[1]?.labels?.firewall_rule_action], ['i-0abc123', 'vpc-0a1b2c3d', 'BLOCK']);
  });

  it('survives hostile records: prototype-named fields, markup, odd types', async () => {
    const { events } = await readAs('aws-route53-resolver', [
      { query_timestamp: 'x', query_name: '<script>.', srcaddr: 5, srcids: { __proto__: { polluted: 1 } }, answers: [{ Rdata: {} }, 7, null], vpc_id: 'v' },
      { query_timestamp: '2024-11-23T10:00:00Z', query_name: '.', srcaddr: '999.1.1.1', srcport: 'x', vpc_id: ['a'], transport: '__proto__', constructor: 'c' },
    ].map((r) => `${JSON.stringify(r)}\n`).join(''));
    assert.equal(events.length, 2);
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.dns?.question?.name, '<script>', 'kept as text: the edges escape it');
    assertNoPollution();
  });
});
