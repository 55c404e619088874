import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultResolver } from '../../../src/detect/mapping/index.ts';
import { loadYaml, ruleText } from '../sigma/helpers.ts';
import { eventOf, eventsOf, line, read, selected } from './helpers.ts';

/** Web server, proxy, firewall, DNS and Zeek logsources on events of our line, CEF, CSV and Zeek readers. */

const WEB = { category: 'webserver' };

test('an access log line answers the W3C names; cs-uri-query is the whole request target as SigmaHQ uses it', async () => {
  const event = await eventOf(
    'access.log',
    '192.0.2.50 - bob [11/Oct/2023:06:16:00 +0000] "GET /cgi-bin/.%2e/.%2e/bin/sh?id=1%27%20OR%201=1-- HTTP/1.1" 500 17 "https://app.example.org/" "sqlmap/1.7.2#stable"\n',
  );
  assert.ok(selected(event, WEB));
  assert.ok(selected(event, { service: 'apache' }));
  assert.ok(selected(event, { product: 'nginx' }));
  assert.ok(!selected(event, { category: 'proxy' }), 'an origin-form request is not a proxy request');
  assert.equal(read(event, WEB, 'c-ip'), '192.0.2.50');
  assert.equal(read(event, WEB, 'cs-uri-query'), '/cgi-bin/.%2e/.%2e/bin/sh?id=1%27%20OR%201=1--');
  assert.equal(read(event, WEB, 'cs-uri-stem'), '/cgi-bin/.%2e/.%2e/bin/sh');
  assert.equal(read(event, WEB, 'c-uri-query'), 'id=1%27%20OR%201=1--');
  assert.equal(read(event, WEB, 'cs-method'), 'GET');
  assert.equal(read(event, WEB, 'sc-status'), 500);
  assert.equal(read(event, WEB, 'sc-bytes'), 17);
  assert.equal(read(event, WEB, 'cs-user-agent'), 'sqlmap/1.7.2#stable');
  assert.equal(read(event, WEB, 'cs-referer'), 'https://app.example.org/');
  assert.equal(read(event, WEB, 'cs-username'), 'bob');
  assert.equal(read(event, WEB, 'CS-METHOD'), 'GET', 'names are case-insensitive');
  assert.equal(defaultResolver.field('cs-cookie', WEB), undefined, 'a name our web logs never hold is unknown');
});

test("a SigmaHQ value with a quote matches an nginx request whose quote the server wrote as \\x22", async () => {
  const event = await eventOf(
    'access.log',
    String.raw`192.0.2.51 - - [11/Oct/2023:06:16:00 +0000] "GET /search?q=x\x22 onload=\x22alert(1) HTTP/1.1" 200 17 "-" "Mozilla/5.0"` + '\n',
  );
  assert.equal(read(event, WEB, 'cs-uri-query'), '/search?q=x" onload="alert(1)');
  // The selection of SigmaHQ's web_xss_in_access_logs that holds a quote.
  const load = loadYaml(ruleText("selection:\n  cs-uri-query|contains: ' onload=\"'\ncondition: selection", 'category: webserver'), defaultResolver);
  assert.deepEqual(load.problems, []);
  assert.ok(load.rules[0]?.matches(event));
});

test('IIS W3C lines: server address, port, host and the IIS-only columns', async () => {
  const text = [
    '#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
    '2024-03-01 06:00:02 W3SVC1 WEB01 10.0.0.10 GET /aspnet_client/shell.aspx cmd=whoami 443 - 203.0.113.41 HTTP/1.1 curl/8.0 - - www.contoso.com 404 0 2 1293 410 46',
    '',
  ].join('\n');
  const event = await eventOf('u_ex240301.log', text);
  assert.ok(selected(event, WEB));
  assert.ok(selected(event, { product: 'windows', service: 'iis' }));
  assert.equal(read(event, WEB, 'cs-uri-query'), '/aspnet_client/shell.aspx?cmd=whoami');
  assert.equal(read(event, WEB, 'c-uri-query'), 'cmd=whoami');
  assert.equal(read(event, WEB, 's-ip'), '10.0.0.10');
  assert.equal(read(event, WEB, 's-port'), 443);
  assert.equal(read(event, WEB, 'cs-host'), 'www.contoso.com');
  assert.equal(read(event, WEB, 'sc-win32-status'), '2');
});

test('a proxy request (CEF URL filtering) answers the proxy names, the URL extension included', async () => {
  const cef = 'CEF:0|Palo Alto Networks|PAN-OS|10.2.4|THREAT|url filtering|8|rt=1717236000250 src=10.1.2.3 spt=50111 dst=203.0.113.10 dpt=443 proto=TCP act=blocked request=https://bad.example.com/dl/payload.exe?id\\=1 requestMethod=GET requestClientApplication=Mozilla/5.0 (X11) dvchost=pa-fw01\n';
  const event = await eventOf('pan.log', cef);
  const ls = { category: 'proxy' };
  assert.ok(selected(event, ls));
  assert.equal(read(event, ls, 'c-uri'), 'https://bad.example.com/dl/payload.exe?id=1');
  assert.equal(read(event, ls, 'cs-host'), 'bad.example.com');
  assert.equal(read(event, ls, 'c-uri-extension'), 'exe');
  assert.equal(read(event, ls, 'c-useragent'), 'Mozilla/5.0 (X11)');
  assert.equal(read(event, ls, 'cs-method'), 'GET');
  assert.equal(read(event, ls, 'dst_ip'), '203.0.113.10');
});

const FIREWALL = { category: 'firewall' };

test('netfilter lines: addresses, ports, interface and the verdict in the usual words', async () => {
  const [drop, allow, logged] = await eventsOf(
    'kern.log',
    [
      'Mar  3 11:00:01 fw01 kernel: [86401.000001] IPTABLES-DROP: IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00 SRC=203.0.113.5 DST=192.0.2.10 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=54322 PROTO=TCP SPT=44123 DPT=3389 WINDOW=1024 RES=0x00 SYN URGP=0',
      'Mar  3 11:00:04 fw01 kernel: [86404.000000] [UFW ALLOW] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00 SRC=198.51.100.78 DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=22222 DF PROTO=TCP SPT=52000 DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0',
      'Mar  3 11:00:00 fw01 kernel: [86400.123456] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00 SRC=203.0.113.5 DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=54321 DF PROTO=TCP SPT=44123 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0',
      '',
    ].join('\n'),
  );
  assert.ok(drop && allow && logged);
  for (const e of [drop, allow, logged]) assert.ok(selected(e, FIREWALL));
  assert.ok(selected(drop, { product: 'linux' }));
  assert.equal(read(drop, FIREWALL, 'src_ip'), '203.0.113.5');
  assert.equal(read(drop, FIREWALL, 'dst_ip'), '192.0.2.10');
  assert.equal(read(drop, FIREWALL, 'src_port'), 44123);
  assert.equal(read(drop, FIREWALL, 'dst_port'), 3389);
  assert.equal(read(drop, FIREWALL, 'protocol'), 'tcp');
  assert.equal(read(drop, FIREWALL, 'interface'), 'eth0');
  assert.ok((read(drop, FIREWALL, 'action') as readonly string[]).includes('drop'));
  assert.equal(read(drop, FIREWALL, 'blocked'), 'true');
  assert.ok((read(allow, FIREWALL, 'action') as readonly string[]).includes('accept'));
  assert.equal(read(allow, FIREWALL, 'blocked'), 'false');
  assert.equal(read(logged, FIREWALL, 'action'), 'log');
  assert.equal(read(logged, FIREWALL, 'blocked'), undefined);
});

test('CEF and CSV firewall records: vendor verdicts are kept, our own become the usual words', async () => {
  const fortigate = await eventOf('fg.log', '<134>Jun  1 10:00:02 fw01 CEF:0|Fortinet|FortiGate|7.2|0000000013|traffic forward accept|3|src=10.1.2.5 spt=51000 dst=198.51.100.53 dpt=53 proto=17 act=accept\n');
  assert.ok(selected(fortigate, FIREWALL));
  assert.equal(read(fortigate, FIREWALL, 'action'), 'accept');
  assert.equal(read(fortigate, FIREWALL, 'dst_port'), 53);
  const csv = await eventOf(
    'fw.csv',
    'Date,Time,Source IP,Source Port,Destination IP,Destination Port,Protocol,Action,Status,User,Host,Event Type,Message\n2024-03-10,09:00:01,185.220.101.42,51000,10.0.2.20,22,TCP,deny,,,fw-edge-01,fw_deny,Denied inbound SSH\n',
  );
  assert.ok(selected(csv, FIREWALL));
  assert.equal(read(csv, FIREWALL, 'src_ip'), '185.220.101.42');
  assert.ok((read(csv, FIREWALL, 'action') as readonly string[]).includes('deny'));
});

test('Zeek: its own column names per log, columns our reader did not map read from labels; DNS category', async () => {
  const dns = await eventOf(
    'dns.json',
    line({ _path: 'dns', ts: 1717236002.125, uid: 'CHt9bb2cUbYQ0mkh7', 'id.orig_h': '10.1.2.3', 'id.orig_p': 53211, 'id.resp_h': '10.1.0.1', 'id.resp_p': 53, proto: 'udp', trans_id: 4242, query: 'evil.example.com', qtype_name: 'TXT', rcode_name: 'NOERROR', answers: ['v=spf1'], rejected: false, Z: 0 }),
  );
  const zeekDns = { product: 'zeek', service: 'dns' };
  assert.ok(selected(dns, zeekDns));
  assert.ok(!selected(dns, { product: 'zeek', service: 'http' }));
  assert.ok(selected(dns, { category: 'dns' }));
  assert.equal(read(dns, zeekDns, 'query'), 'evil.example.com');
  assert.equal(read(dns, zeekDns, 'qtype_name'), 'TXT');
  assert.deepEqual(read(dns, zeekDns, 'answers'), ['v=spf1']);
  assert.equal(read(dns, zeekDns, 'id.orig_h'), '10.1.2.3');
  assert.equal(read(dns, zeekDns, 'id.resp_p'), 53);
  assert.equal(read(dns, zeekDns, 'rejected'), 'false');
  assert.equal(read(dns, zeekDns, 'trans_id'), '4242');
  assert.equal(read(dns, zeekDns, 'Z'), '0');
  assert.equal(read(dns, { category: 'dns' }, 'query'), 'evil.example.com');
  assert.equal(read(dns, { category: 'dns' }, 'record_type'), 'TXT');
  const http = await eventOf(
    'http.json',
    line({ _path: 'http', ts: 1717236003, uid: 'Cx', 'id.orig_h': '10.0.0.9', 'id.orig_p': 52101, 'id.resp_h': '198.51.100.81', 'id.resp_p': 80, method: 'POST', host: 'upd.example.net', uri: '/gate.php?id=7', user_agent: 'curl/8.4.0', status_code: 200, resp_mime_types: ['text/html'] }),
  );
  const zeekHttp = { product: 'zeek', service: 'http' };
  assert.ok(selected(http, zeekHttp));
  assert.ok(selected(http, { category: 'proxy' }));
  assert.equal(read(http, zeekHttp, 'uri'), '/gate.php?id=7');
  assert.equal(read(http, zeekHttp, 'c-uri'), '/gate.php?id=7');
  assert.equal(read(http, zeekHttp, 'host'), 'upd.example.net');
  assert.equal(read(http, zeekHttp, 'c-useragent'), 'curl/8.4.0');
  assert.equal(read(http, zeekHttp, 'status_code'), 200);
  assert.equal(read(http, zeekHttp, 'resp_mime_types'), 'text/html');
  assert.ok(selected(http, { product: 'zeek', service: 'http' }));
  assert.notEqual(defaultResolver.selects({ product: 'zeek', service: 'kerberos' }), undefined, 'any Zeek log is readable');
});

test('an IIS request logged to the event log (IIS-Logging 6200, as XML) reads as the same request in an IIS log file', async () => {
  const w3c = await eventOf(
    'u_ex221001.log',
    '#Software: Microsoft Internet Information Services 10.0\n' +
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n' +
      '2022-10-01 11:25:51 192.168.9.241 GET /autodiscover/autodiscover.json bla=powershell&x=1 443 CORP\\alice 192.168.9.212 Mozilla/5.0+(X11;+Linux) https://mail.example/ 400 0 0 49\n',
  );
  const data = (name: string, value: string) => `<Data Name="${name}">${value}</Data>`;
  const xml = await eventOf(
    'iis-events.xml',
    '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-IIS-Logging"/>' +
      '<EventID>6200</EventID><TimeCreated SystemTime="2022-10-01T11:25:54.6206890Z"/><Channel>Microsoft-IIS-Logging/Logs</Channel>' +
      '<Computer>exchange-1.mydomain.test</Computer></System><EventData>' +
      [
        ['EnabledFieldsFlags', '2478079'], ['date', '2022-10-01'], ['time', '11:25:51'], ['c-ip', '192.168.9.212'], ['cs-username', 'CORP\\alice'],
        ['s-sitename', 'W3SVC1'], ['s-ip', '192.168.9.241'], ['cs-method', 'GET'], ['cs-uri-stem', '/autodiscover/autodiscover.json'],
        ['cs-uri-query', 'bla=powershell&amp;x=1'], ['sc-status', '400'], ['s-port', '443'], ['csUser-Agent', 'Mozilla/5.0+(X11;+Linux)'],
        ['csReferer', 'https://mail.example/'], ['sc-substatus', '0'],
      ].map(([name, value]) => data(name!, value!)).join('') +
      '</EventData></Event>\n',
  );
  assert.equal(xml.vigil.format, 'windows-xml');
  assert.equal(xml.host?.name, 'exchange-1.mydomain.test');
  for (const path of ['@timestamp', 'source', 'destination', 'url', 'http', 'user_agent', 'user'] as const) assert.deepEqual(xml[path], w3c[path], path);
  assert.deepEqual([xml.event.dataset, xml.event.category, xml.event.type, xml.event.action, xml.event.outcome], [w3c.event.dataset, w3c.event.category, w3c.event.type, w3c.event.action, w3c.event.outcome]);
  for (const event of [w3c, xml]) {
    assert.ok(selected(event, WEB));
    assert.ok(selected(event, { product: 'windows', service: 'iis' }));
    assert.equal(read(event, WEB, 'cs-uri-query'), '/autodiscover/autodiscover.json?bla=powershell&x=1');
    assert.equal(read(event, WEB, 'cs-user-agent'), 'Mozilla/5.0 (X11; Linux)');
    assert.equal(read(event, WEB, 'c-ip'), '192.168.9.212');
    assert.equal(read(event, WEB, 'sc-status'), 400);
  }
});

test('FortiGate logs answer SigmaHQ FortiGate rules by their own key names, under product fortigate and its log types', async () => {
  const config = await eventOf(
    'fortigate.log',
    'date=2026-11-22 time=10:05:00 devname="FGT-EDGE-01" logid="0100044547" type="event" subtype="system" level="information" vd="root" logdesc="Object attribute configured" user="admin" ui="GUI(10.10.40.5)" action="Add" cfgtid=1234 cfgpath="firewall.policy" cfgobj="12" cfgattr="name[allow-any]" msg="Add firewall.policy 12"\n',
  );
  const EVENT = { product: 'fortigate', service: 'event' };
  assert.ok(selected(config, EVENT));
  assert.ok(selected(config, { product: 'fortigate' }));
  assert.ok(!selected(config, { product: 'fortigate', service: 'traffic' }));
  assert.equal(read(config, EVENT, 'action'), 'Add');
  assert.equal(read(config, EVENT, 'cfgpath'), 'firewall.policy');
  assert.equal(read(config, EVENT, 'user'), 'admin');
  assert.equal(config.user?.name, 'admin');
});
