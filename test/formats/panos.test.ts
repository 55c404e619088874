import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';

/** PAN-OS rows: quoted fields with commas, an IETF syslog header, and what Sigma logsources see of them. */

const THREAT = '1,2026/11/22 10:00:05,016401002737,THREAT,spyware,2561,2026/11/22 10:00:05,10.10.40.23,198.51.100.80,192.0.2.1,198.51.100.80,Allow Web,,,web-browsing,vsys1,Trust,Untrust,ethernet1/2,ethernet1/1,to-SIEM,2026/11/22 10:00:05,1475350,1,49812,443,40003,443,0x402000,tcp,drop,"c2.example,beacon",Cobalt Strike Beacon Detection(86000),any,critical,client-to-server';

test('PAN-OS rows: a quoted field keeps its commas, an IETF syslog header names the host, and verdicts and threats reach their logsources', async () => {
  const events = await eventsOf('pan.log', [
    `<14>1 2026-11-22T10:00:05+01:00 pa-fw02 - - - - ${THREAT}`,
    '1,2026/11/22 10:00:02,016401002737,TRAFFIC,drop,2561,2026/11/22 10:00:02,45.155.205.7,192.0.2.10,0.0.0.0,0.0.0.0,interzone-default,,,not-applicable,vsys1,Untrust,DMZ,ethernet1/1,,to-SIEM,2026/11/22 10:00:02,0,1,63000,3389,0,0,0x0,tcp,deny,60,60,0,1',
  ].join('\n') + '\n');
  const [threat, deny] = events;
  assert.ok(threat !== undefined && deny !== undefined);
  assert.equal(threat.vigil.format, 'panos');
  assert.deepEqual([threat.host?.name, threat.rule?.name, threat.rule?.id, threat.file?.name, threat.event.severity, threat.event.type], ['pa-fw02', 'Cobalt Strike Beacon Detection', '86000', 'c2.example,beacon', 1, ['denied']]);
  assert.equal(threat['@timestamp'], '2026-11-22T09:00:05.000Z', "the header's zoned time");
  assert.ok(selected(threat, { category: 'ids' }));
  assert.ok(selected(threat, { category: 'firewall' }), 'a dropped session is a denied connection too');
  assert.deepEqual([deny.event.type, deny.event.outcome, deny.labels?.['panos.nat_source_ip']], [['denied'], 'failure', undefined]);
  assert.ok(selected(deny, { category: 'firewall' }));
  assert.ok(!selected(deny, { category: 'ids' }));
  const [hostless] = await eventsOf('pan2.log', `<14>Nov 22 10:00:05 ${THREAT}\n`);
  assert.equal(hostless?.host?.name, undefined, 'a header without a host names none');
});
