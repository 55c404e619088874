import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FORMATS } from '../../../src/ingest/formats/index.ts';
import { logsourceSelector } from '../../../src/detect/mapping/logsources/index.ts';
import { collectEvents } from '../../../src/pipeline/events.ts';
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

/** Logsources that cut across readers: each format that declares one must have its fixture's events selected by it. */
const SHARED_CATEGORIES = new Set(['webserver', 'proxy', 'firewall', 'dns', 'authentication']);

test("every format declaring a shared category (webserver, proxy, firewall, dns, authentication) has events of its fixture selected by it", async () => {
  const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'formats');
  const unselected: string[] = [];
  for (const format of FORMATS) {
    const shared = format.logsources.filter((l) => l.category !== undefined && SHARED_CATEGORIES.has(l.category) && l.product === undefined);
    if (shared.length === 0) continue;
    const input = readdirSync(join(fixtures, format.id)).find((name) => name.startsWith('input.'));
    assert.ok(input !== undefined, format.id);
    const { events } = await collectEvents([join(fixtures, format.id, input)], { tz: 'UTC', year: 2024 });
    for (const logsource of shared) if (!events.some((e) => selected(e, logsource))) unselected.push(`${format.id} ${JSON.stringify(logsource)}`);
  }
  assert.deepEqual(unselected, []);
});

test('requests read by applications\' and generic readers are web server requests', async () => {
  const [gin, kv, hapi] = await Promise.all([
    eventsOf('gin.log', '[GIN] 2024/02/07 - 10:49:33 | 401 |  505.317µs |  10.1.2.3 | POST  "/client"\n'),
    eventsOf('navidrome.log', 'time="2024-02-07T10:49:33Z" level=info msg="HTTP: POST http://music.example/auth/login" elapsedTime=1ms httpStatus=401 remoteAddr="198.51.100.31:1234" requestId=x responseSize=5 userAgent="curl/8"\n'),
    eventsOf('syslog', 'Nov 23 08:00:01 web node[1]: {"req":{"url":"/login","method":"post","remoteAddress":"203.0.113.9"},"res":{"statusCode":401},"message":"POST /login 401"}\n'),
  ]);
  assert.deepEqual([gin[0], kv[0], hapi[0]].map((e) => e !== undefined && selected(e, { category: 'webserver' })), [true, true, true]);
  const [sshd] = await eventsOf('auth.log', 'Nov 23 08:00:01 host sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2\n');
  assert.equal(sshd !== undefined && selected(sshd, { category: 'webserver' }), false);
});
