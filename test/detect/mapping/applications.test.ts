import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMATS } from '../../../src/ingest/formats/index.ts';
import { logsourceSelector } from '../../../src/detect/mapping/logsources/index.ts';
import { eventsOf, line, selected } from './helpers.ts';

test('every logsource a format declares selects data, SQL Server ERRORLOG aside', () => {
  const unselectable = FORMATS.flatMap((f) => f.logsources.filter((l) => logsourceSelector(l) === undefined).map((l) => `${f.id} ${JSON.stringify(l)}`));
  // SigmaHQ's SQL Server rules read the Windows Application log, which the windows formats already select.
  assert.deepEqual(unselectable, ['mssql {"product":"windows","service":"mssql"}']);
});

test('products of applications with datasets of their own select their events and no others', async () => {
  const [asterisk, cowrie, webmin, gitlab, other] = await Promise.all([
    eventsOf('full', '[Nov 23 08:00:01] SECURITY[77]: res_security_log.c: SecurityEvent="InvalidPassword",Service="SIP",AccountID="1",RemoteAddress="IPV4/UDP/203.0.113.9/5060"\n'),
    eventsOf('syslog', 'Nov 23 08:00:01 hp cowrie[1]: 2026-11-23T08:00:01+0000 [HoneyPotSSHTransport,0,203.0.113.9] login attempt [root/x] failed\n'),
    eventsOf('webmin.log', '1690466804.2161960.0 [27/Jul/2023 16:06:44] admin - 192.0.2.100 global miniserv.pl "failed" "-" "wrongpass"\n'),
    eventsOf('production_json.log', line({ method: 'POST', path: '/users/sign_in', controller: 'SessionsController', action: 'create', status: 0, time: '2026-11-23T08:00:00Z', correlation_id: 'c', remote_ip: '203.0.113.9' })),
    eventsOf('auth.log', 'Nov 23 08:00:01 host sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2\n'),
  ]);
  const products = ['asterisk', 'cowrie', 'webmin', 'gitlab'];
  const table = [asterisk[0], cowrie[0], webmin[0], gitlab[0], other[0]].map((e) => products.filter((product) => e !== undefined && selected(e, { product })));
  assert.deepEqual(table, [['asterisk'], ['cowrie'], ['webmin'], ['gitlab'], []]);
});
