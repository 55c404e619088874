import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { eventsOf, line, read, selected } from '../detect/mapping/helpers.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Suricata EVE records: detected over generic JSON, read per event type, selected by the logsources they feed. */

const dirs = tempDirs('suricata-eve');
const base = { flow_id: 1, in_iface: 'eth0', src_ip: '10.0.0.8', src_port: 53535, dest_ip: '10.0.0.2', dest_port: 53, proto: 'UDP' };
const at = (second: number) => `2024-05-02T08:00:${String(second).padStart(2, '0')}.000000+0000`;
const dns = { ...base, timestamp: at(1), event_type: 'dns', dns: { type: 'query', id: 1, rrname: 'C2.Evil.Example', rrtype: 'TXT' } };
const http = { ...base, timestamp: at(2), event_type: 'http', proto: 'TCP', dest_port: 80, http: { hostname: 'updates.example.org', url: '/agent.exe', http_method: 'GET', http_user_agent: 'curl/8', status: 200 } };
const flow = { ...base, timestamp: at(3), event_type: 'flow', proto: 'TCP', flow: { bytes_toserver: 10, bytes_toclient: 20, pkts_toserver: 1, pkts_toclient: 2, state: 'closed' } };
const alert = (second: number, action: string) => ({
  ...base, timestamp: at(second), event_type: 'alert', proto: 'TCP', src_ip: '203.0.113.7', dest_ip: '10.0.0.5', dest_port: 80,
  alert: { action, gid: 1, signature_id: 2034125, rev: 4, signature: 'ET EXPLOIT Apache HTTP Server 2.4.49 - Path Traversal Attempt (CVE-2021-41773) M2', category: 'Attempted Administrator Privilege Gain', severity: 1 },
});

describe('Suricata EVE', () => {
  it('is told from generic JSON and Zeek, and each event type keeps its own dataset', async () => {
    const events = await eventsOf('eve.json', [dns, http, flow, alert(4, 'allowed')].map(line).join(''));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.dataset]), [
      ['suricata-eve', 'suricata.dns'], ['suricata-eve', 'suricata.http'], ['suricata-eve', 'suricata.flow'], ['suricata-eve', 'suricata.alert'],
    ]);
  });

  it('leaves other tools\' flat records with an event_type to generic JSON', async () => {
    const flat = { source: 'fw', timestamp: '2026-11-21T02:16:30.230876Z', host: 'fw-edge-01', src_ip: '198.51.100.10', dst_ip: '10.0.9.99', src_port: 3920, dst_port: 123, protocol: 'UDP', action: 'allow', event_type: 'fw_allow' };
    const events = await eventsOf('soc.jsonl', [flat, { ...flat, event_type: 'alert' }].map(line).join(''));
    assert.deepEqual(events.map((e) => e.vigil.format), ['generic-json', 'generic-json']);
  });

  it('feeds the logsources of its records: dns, proxy, netflow, ids, and product suricata by event type', async () => {
    const [d, h, f, a] = await eventsOf('eve.json', [dns, http, flow, alert(4, 'blocked')].map(line).join(''));
    assert.ok(d !== undefined && h !== undefined && f !== undefined && a !== undefined);
    assert.equal(selected(d, { category: 'dns' }), true);
    assert.equal(read(d, { category: 'dns' }, 'query'), 'c2.evil.example');
    assert.equal(read(d, { category: 'dns' }, 'record_type'), 'TXT');
    assert.equal(selected(d, { product: 'suricata', service: 'dns' }), true);
    assert.equal(selected(d, { product: 'suricata', service: 'http' }), false);
    assert.equal(selected(h, { category: 'proxy' }), true);
    assert.equal(read(h, { category: 'proxy' }, 'cs-host'), 'updates.example.org');
    assert.equal(selected(h, { category: 'webserver' }), false, 'a sensor\'s view of traffic, as Zeek\'s http log');
    assert.equal(selected(f, { service: 'netflow' }), true);
    assert.equal(f.network?.bytes, 30);
    assert.equal(selected(a, { category: 'ids' }), true);
    assert.deepEqual(a.event.type, ['denied'], 'an IPS drop');
    assert.equal(a.rule?.id, '2034125');
    assert.equal(selected(d, { category: 'ids' }), false);
    // Under product suricata a rule names EVE's own keys (read from the record), or the taxonomy of its records.
    assert.equal(read(d, { product: 'suricata', service: 'dns' }, 'dns.rrname'), 'C2.Evil.Example');
    assert.equal(read(d, { product: 'suricata', service: 'dns' }, 'query'), 'c2.evil.example');
    assert.equal(read(a, { product: 'suricata', service: 'alert' }, 'alert.signature_id'), 2034125);
    assert.equal(read(a, { product: 'suricata', service: 'alert' }, 'src_ip'), '203.0.113.7');
    assert.equal(read(h, { product: 'suricata', service: 'http' }, 'cs-method'), 'GET');
    assert.equal(read(h, { product: 'suricata' }, 'source.ip'), '10.0.0.8', 'and our schema names');
  });

  it("reads AWS Network Firewall's alert and flow logs: the EVE record in `event`, the firewall as labels", async () => {
    const wrap = (record: object) => ({ firewall_name: 'prod-fw', availability_zone: 'us-east-1a', event_timestamp: '1714636804', event: record });
    const events = await eventsOf('anf.log', [wrap(alert(4, 'blocked')), wrap(flow), { firewall_name: 'x', event: { note: 'not EVE' } }].map(line).join(''));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.event.dataset, e.labels?.['aws.network_firewall.firewall_name'] ?? null]), [
      ['suricata-eve', 'suricata.alert', 'prod-fw'], ['suricata-eve', 'suricata.flow', 'prod-fw'], ['suricata-eve', 'json', null],
    ]);
    assert.deepEqual([events[0]?.rule?.id, events[0]?.source?.ip, events[0]?.labels?.['aws.network_firewall.availability_zone'], events[0]?.['@timestamp']], ['2034125', '203.0.113.7', 'us-east-1a', '2024-05-02T08:00:04.000Z']);
    assert.equal(selected(events[0]!, { category: 'ids' }), true);
  });

  it('raises the pack\'s IDS exploitation alert from an EVE alert', async () => {
    const dir = dirs.fresh();
    const path = join(dir, 'eve.json');
    writeFileSync(path, [dns, alert(4, 'allowed'), alert(5, 'allowed')].map(line).join(''));
    const store = openStore(join(dir, 'v.db'));
    try {
      await ingest(store, [path], { tz: 'UTC', actor: 'test', embedder: false });
      const findings = analyzeStore(store, { actor: 'test' });
      const exploit = findings.alerts.filter((x) => x.rule.title === 'IDS alert of an exploitation attempt');
      assert.ok(exploit.length > 0, findings.alerts.map((x) => x.rule.title).join('; '));
      assert.ok(findings.incidents.some((i) => i.entities.source_ip.includes('203.0.113.7')));
    } finally {
      store.close();
    }
  });
});
