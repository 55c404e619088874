import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FORMAT_FIXTURES, fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice, packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** ModSecurity's audit log, native and JSON: one event per request, with the rules that matched. */

const dirs = tempDirs('modsecurity-audit');

void describe("ModSecurity's audit log", () => {
  void it('reads each native record as its request, the rule that says most, and the verdict', async () => {
    const events = await fixtureEvents('modsecurity-audit', 'input.log');
    assert.deepEqual(
      events.map((e) => [e.event.action, e.event.type, e.rule?.id ?? null, e.rule?.category ?? null, e.source?.ip, e.http?.request?.method, e.url?.original, e.http?.response?.status_code, e.log.line, e['@timestamp']]),
      [
        ['waf-blocked', ['access', 'denied'], '942100', 'attack-sqli', '203.0.113.50', 'GET', '/item.php?id=1%27%20or%20%271%27=%271', 403, 1, '2024-11-23T10:00:00.123Z'],
        ['waf-alert', ['access'], '941100', 'attack-xss', '198.51.100.7', 'POST', '/login.php', 200, 30, '2024-11-23T10:00:05.000Z'],
        ['http-request', ['access'], null, null, '2001:db8::9', 'GET', '/health', 200, 49, '2024-11-23T10:00:09.000Z'],
      ],
    );
    assert.equal(events[0]?.labels?.['waf.rules'], '942100 SQL Injection Attack Detected via libinjection; 949110 Inbound Anomaly Score Exceeded (Total Score: 5)');
    assert.equal(events[1]?.labels?.['waf.request_body'], 'user=admin&pass=<script>alert(1)</script>');
    assert.match(events[0]?.event.original ?? '', /--c7036611-Z--$/, 'the whole record is the original');
    assert.ok(!events[0]?.vigil.indicators.some((i) => i.value === 'http://www.modsecurity.org/'), "the producer's banner is no indicator");
  });

  void it("reads ModSecurity 2's and libmodsecurity 3's JSON records", async () => {
    const events = await fixtureEvents('modsecurity-audit-json', 'input.json');
    assert.deepEqual(
      events.map((e) => [e.event.action, e.rule?.id, e.rule?.category, e.source?.ip, e.destination?.port, e.user_agent?.original, e.http?.response?.status_code, e['@timestamp']]),
      [
        ['waf-blocked', '942100', 'attack-sqli', '203.0.113.50', 80, 'sqlmap/1.7.2#stable', 403, '2024-11-23T10:00:00.000Z'],
        ['waf-alert', '913100', 'attack-reputation-scanner', '198.51.100.7', 443, 'Nikto/2.1.6', 404, '2024-11-23T10:00:05.000Z'],
      ],
    );
  });

  void it("raises the pack's exploitation and reconnaissance alerts, and re-ingesting adds nothing", async () => {
    const files = [join(FORMAT_FIXTURES, 'modsecurity-audit', 'input.log'), join(FORMAT_FIXTURES, 'modsecurity-audit-json', 'input.json')];
    const titles = await packAlertTitles(dirs.fresh(), files);
    assert.ok(titles.includes('IDS alert of an exploitation attempt'), titles.join(' | '));
    assert.ok(titles.includes('IDS alert of network reconnaissance'), titles.join(' | '));
    assert.deepEqual(await ingestTwice(dirs.fresh(), files), [5, 0]);
  });

  void it('survives hostile records: boundaries out of order, markup, prototype-named headers, a huge response', async () => {
    const text = [
      'stray line before any record',
      '--aaaaaaaa-A--',
      '[23/Nov/2024:10:00:00 +0000] id1 <script> 1 10.0.0.5 80',
      '--aaaaaaaa-B--',
      'GET /<img src=x onerror=alert(1)> HTTP/1.1',
      '__proto__: polluted',
      'constructor: x',
      'Host: <b>h</b>',
      '--bbbbbbbb-H--',
      'Message: Warning. x [id "1"] [msg "from another boundary"]',
      '--aaaaaaaa-E--',
      ...Array.from({ length: 3000 }, () => 'x'.repeat(500)),
      '--aaaaaaaa-H--',
      'Message: Warning. x [id "<id>"] [msg "<script>alert(1)</script>"] [tag "attack-xss"]',
      '--aaaaaaaa-A--',
      '[not a header]',
      '--aaaaaaaa-Z--',
    ].join('\n');
    const { events, errors } = await readAs('modsecurity-audit', `${text}\n`);
    assert.deepEqual(events.map((e) => [e.vigil.format, e.log.line]), [['plaintext', 1], ['modsecurity-audit', 2], ['modsecurity-audit', 3014]], 'the stray line is kept as text; both records are events, the first closed by the second A');
    assert.deepEqual(errors.map((e) => e.line), [1], 'the stray line is reported');
    for (const event of events) assertSoundEvent(event);
    const [, first] = events;
    assert.equal(first?.rule?.name, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assert.equal(first?.labels?.['waf.truncated'], 'true', 'a record past 1 MiB is cut in its original, and says so');
    assert.equal(first?.url?.domain, undefined, 'a host name of markup is no domain');
    assertNoPollution();
    const json = await readAs('modsecurity-audit-json', `${JSON.stringify({ transaction: { client_ip: '<x>', time_stamp: 'bad', unique_id: '__proto__', request: { headers: { __proto__: 'x', constructor: 'y' } }, messages: [{ details: { ruleId: 7, tags: 'nope' } }, null, 'x'] } })}\n`);
    assert.equal(json.events.length, 1);
    for (const event of json.events) assertSoundEvent(event);
    assertNoPollution();
  });
});
