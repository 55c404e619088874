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

/** Cloud networks' flow and firewall logs: Google's VPC Flow Logs and Firewall Rules Logging, Azure's NSG and VNet flow logs. */

const dirs = tempDirs('flows');
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };


const summary = (e: VigilEvent) => [e.event.dataset, e.event.action, e.source?.ip, e.destination?.port, e['@timestamp'], selected(e, { category: 'firewall' }), selected(e, { service: 'netflow' })];

/** An NSG flow log record with the tuples given. */
const nsgRecord = (tuples: string[]) => ({
  time: '2024-11-23T10:01:00.0000000Z', category: 'NetworkSecurityGroupFlowEvent', operationName: 'NetworkSecurityGroupFlowEvents', resourceId: '/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/NSG',
  properties: { Version: 2, flows: [{ rule: 'DefaultRule_DenyAllInBound', flows: [{ mac: '000D3AF87856', flowTuples: tuples }] }] },
});

void describe('cloud network flow and firewall logs', () => {
  void it("reads Google's VPC flows as flow records and its firewall's rule hits as verdicts", async () => {
    const events = await fixtureEvents('gcp-network', 'input.jsonl');
    assert.deepEqual(events.map(summary), [
      ['gcp.vpcflow', 'vpc-flow', '10.128.0.5', 4444, '2024-11-23T10:00:01.123Z', false, true],
      ['gcp.firewall', 'firewall-drop', '198.51.100.23', 22, '2024-11-23T10:00:02.000Z', true, false],
      ['gcp.firewall', 'firewall-allow', '198.51.100.23', 443, '2024-11-23T10:00:03.000Z', true, false],
    ]);
    assert.equal(events[1]?.rule?.name, 'network:default/firewall:deny-ssh-world');
    assert.deepEqual([events[0]?.network?.transport, events[0]?.network?.bytes, events[0]?.cloud?.account?.id], ['tcp', 5120, 'prod-123']);
  });

  void it("reads every tuple of Azure's NSG (seconds) and VNet (milliseconds) flow logs as its own event", async () => {
    const events = await fixtureEvents('azure-flow', 'input.jsonl');
    assert.deepEqual(events.map(summary), [
      ['azure.flow', 'firewall-drop', '198.51.100.23', 3389, '2024-11-23T10:00:00.000Z', true, true],
      ['azure.flow', 'firewall-drop', '198.51.100.23', 22, '2024-11-23T10:00:01.000Z', true, true],
      ['azure.flow', 'firewall-allow', '203.0.113.9', 443, '2024-11-23T10:00:02.000Z', true, true],
      ['azure.flow', 'firewall-allow', '203.0.113.9', 443, '2024-11-23T10:00:32.000Z', true, true],
      ['azure.flow', 'firewall-allow', '10.0.0.6', 4444, '2024-11-23T10:02:00.599Z', true, true],
      ['azure.flow', 'firewall-drop', '198.51.100.23', 445, '2024-11-23T10:02:01.000Z', true, true],
    ]);
    assert.deepEqual([events[3]?.network?.packets, events[3]?.network?.bytes, events[3]?.labels?.['azure.flow.state']], [22, 13630, 'E']);
    assert.equal(events[0]?.labels?.['azure.flow.rule'], 'DefaultRule_DenyAllInBound');
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'each tuple its own event');
  });

  void it("raises the port scan from an NSG's denied flows, and Azure's reader leaves flow records alone", async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'PT1H.json');
    const tuples = Array.from({ length: 15 }, (_, i) => `${String(1732356000 + i)},198.51.100.23,10.0.0.4,${String(51000 + i)},${String(20 + i)},T,I,D,B,,,,`);
    writeFileSync(file, `${JSON.stringify({ records: [nsgRecord(tuples)] })}\n`);
    const { events, formats } = await collectEvents([file], OPTIONS);
    assert.deepEqual([formats, events.length], [['azure-flow'], 15]);
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.includes('Port scan - many destination ports from one source'), titles.join(' | '));
    const azure = await readAs('azure', line(nsgRecord(tuples.slice(0, 1))));
    assert.notEqual(azure.events[0]?.event.dataset, 'azure.networksecuritygroupflowevent');
  });

  void it('survives hostile records: junk tuples, prototype-named rules, odd types', async () => {
    const record = nsgRecord(['', ',,,,,,,,', 'x,__proto__,constructor,a,b,c,d,D', '1732356000,198.51.100.1,10.0.0.4,1,2,T,I,A,B,NaN,-1,1e400,x']);
    record.properties.flows[0]!.rule = '__proto__';
    const { events } = await readAs('azure-flow', `${line(record)}${line({ category: 'FlowLogFlowEvent', flowRecords: { flows: [{ aclID: {}, flowGroups: [{ rule: 5, flowTuples: [7, null, '1,2,3,4,5,6,7,D'] }] }] } })}`);
    assert.ok(events.length >= 3);
    for (const event of events) assertSoundEvent(event);
    const gcp = await readAs('gcp-network', line({ jsonPayload: { connection: { src_ip: '<b>', dest_port: 'x', protocol: {} }, disposition: ['DENIED'], reporter: 'SRC' }, logName: 5, timestamp: 'no' }));
    for (const event of gcp.events) assertSoundEvent(event);
    assertNoPollution();
  });
});
