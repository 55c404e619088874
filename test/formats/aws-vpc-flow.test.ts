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

/** Amazon VPC Flow Logs: default and custom layouts, rejected flows as firewall denials, accepted ones as flows. */

const dirs = tempDirs('aws-vpc-flow');
const HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const flow = (src: string, dst: string, sport: number, dport: number, action: string, second = 0) =>
  `2 123456789010 eni-1235b8ca123456789 ${src} ${dst} ${String(sport)} ${String(dport)} 6 1 40 ${String(1732356000 + second)} ${String(1732356060 + second)} ${action} OK`;

async function titles(lines: readonly string[]): Promise<string[]> {
  const dir = dirs.fresh();
  const file = join(dir, 'vpcflow.log');
  writeFileSync(file, `${HEADER}\n${lines.join('\n')}\n`);
  const store = openStore(join(dir, 'v.db'));
  try {
    await ingest(store, [file], { tz: 'UTC', actor: 'test' });
    return analyzeStore(store, { actor: 'test' }).incidents.flatMap((i) => i.alerts.map((a) => a.title));
  } finally {
    store.close();
  }
}

void describe('Amazon VPC Flow Logs', () => {
  void it('reads the default layout: endpoints, protocol, packets, bytes, account, the window start as UTC time', async () => {
    const [accepted, rejected] = await eventsOf('flows.log', `${HEADER}\n${flow('172.31.16.139', '172.31.16.21', 20641, 22, 'ACCEPT')}\n${flow('198.51.100.7', '172.31.16.139', 44321, 3389, 'REJECT', 1)}\n`);
    assert.deepEqual(
      [accepted?.vigil.format, accepted?.event.dataset, accepted?.event.action, accepted?.event.outcome, accepted?.source?.ip, accepted?.destination?.port, accepted?.network?.transport, accepted?.network?.packets, accepted?.cloud?.account?.id, accepted?.['@timestamp']],
      ['aws-vpc-flow', 'aws.vpcflow', 'vpc-flow-accept', 'success', '172.31.16.139', 22, 'tcp', 1, '123456789010', '2024-11-23T10:00:00.000Z'],
    );
    assert.deepEqual([rejected?.event.action, rejected?.event.outcome], ['firewall-drop', 'failure']);
    assert.equal(rejected !== undefined && selected(rejected, { category: 'firewall' }), true);
    assert.equal(accepted !== undefined && selected(accepted, { category: 'firewall' }), false, 'an accepted flow is not a firewall verdict');
    assert.equal(accepted !== undefined && selected(accepted, { service: 'netflow' }), true);
  });

  void it('reads a custom layout from its header, and CloudWatch lines without one in the default order', async () => {
    const custom = 'version vpc-id interface-id account-id srcaddr dstaddr srcport dstport protocol bytes packets start end action tcp-flags log-status flow-direction region pkt-srcaddr';
    const [e] = await eventsOf('custom.log', `${custom}\n5 vpc-0a1b2c3d eni-0a1b2c3d4e5f60718 123456789010 10.0.1.5 52.94.236.248 49152 443 6 5120 20 1732356003 1732356063 ACCEPT 3 OK egress us-east-1 10.0.1.5\n`);
    assert.deepEqual([e?.network?.bytes, e?.network?.packets, e?.network?.direction, e?.cloud?.region, e?.labels?.['aws.vpcflow.tcp-flags'], e?.labels?.['aws.vpcflow.vpc-id']], [5120, 20, 'egress', 'us-east-1', '3', 'vpc-0a1b2c3d']);
    const [bare] = await eventsOf('cloudwatch.log', `${flow('203.0.113.12', '172.31.16.139', 0, 0, 'REJECT').replace(' 6 ', ' 1 ')}\n`);
    assert.deepEqual([bare?.vigil.format, bare?.network?.transport, bare?.source?.port, bare?.event.action], ['aws-vpc-flow', 'icmp', undefined, 'firewall-drop']);
  });

  void it('raises the port scan from flows rejected on many ports, and none from a busy server answering its clients', async () => {
    const scan = [21, 22, 23, 25, 80, 110, 139, 443, 445, 1433, 3306, 3389].map((port, i) => flow('198.51.100.7', '10.0.1.5', 40000 + i, port, 'REJECT', i));
    assert.ok((await titles(scan)).some((title) => /port scan/i.test(title)));
    const replies = Array.from({ length: 30 }, (_, i) => flow('10.0.1.5', `10.0.2.${String(10 + i)}`, 443, 50000 + i * 7, 'ACCEPT', i));
    const requests = Array.from({ length: 30 }, (_, i) => flow(`10.0.2.${String(10 + i)}`, '10.0.1.5', 50000 + i * 7, 443, 'ACCEPT', i));
    assert.deepEqual(await titles([...requests, ...replies]), []);
  });

  void it('keeps rows without data, and survives hostile rows', async () => {
    const [nodata] = await eventsOf('flows.log', `${HEADER}\n2 123456789010 eni-1a2b3c4d5e6f7a8b9 - - - - - - - 1732356000 1732356060 - NODATA\n`);
    assert.deepEqual([nodata?.event.action, nodata?.source, nodata?.['@timestamp']], ['vpc-flow-nodata', undefined, '2024-11-23T10:00:00.000Z']);
    const events = await hostileEvents('aws-vpc-flow', `${HEADER}\n2 __proto__ constructor <script> 999.1.1.1 99999999 x 6 1 40 1732356000 1732356060 __PROTO__ OK\n`, 1);
    assert.deepEqual([events[0]?.event.action, events[0]?.source?.ip, events[0]?.destination?.ip, events[0]?.cloud?.account?.id, events[0]?.labels?.['aws.vpcflow.interface-id']], ['vpc-flow', undefined, undefined, '__proto__', 'constructor']);
  });
});
