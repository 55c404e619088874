import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { tempDirs } from '../helpers/temp.ts';
import { sharedPath } from './shared-data.ts';

/**
 * SigmaHQ's Cisco IOS rules on IOS messages behind a syslog header: the `service: aaa` rules (CLI command
 * keywords) each fire on a logged command of theirs and never on a message that is not a command; the BGP and
 * LDP rules fire on their authentication failures.
 */

const temp = tempDirs('sigmahq-cisco');
const ios = (i: number, body: string) => `Nov 22 10:${String(i).padStart(2, '0')}:00 core-rtr1 ${String(1000 + i)}: *Nov 22 10:${String(i).padStart(2, '0')}:00.123 UTC: ${body}`;

test("SigmaHQ's Cisco IOS rules fire on the commands and messages they describe", async (t) => {
  const root = sharedPath(t, 'sigma', 'rules', 'network', 'cisco');
  if (root === undefined) return;
  const aaa = readdirSync(join(root, 'aaa')).filter((f) => f.endsWith('.yml')).map((f) => join(root, 'aaa', f));
  const others = ['bgp/cisco_bgp_md5_auth_failed.yml', 'ldp/cisco_ldp_md5_auth_failed.yml'].map((f) => join(root, f));
  const set = loadRuleSet([...aaa, ...others].map((path) => ({ path, origin: 'extra' as const })), defaultResolver);
  assert.deepEqual(set.problems.map((p) => `${p.status} ${p.reason}`), []);
  const commands = aaa.map((file) => {
    const doc = parseAllDocuments(readFileSync(file, 'utf8'))[0]!.toJS() as { id: string; detection: { keywords: string[] } };
    return { id: doc.id, command: doc.detection.keywords[0]! };
  });
  const lines = [
    ...commands.map((c, i) => ios(i, `%PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:${c.command}`)),
    ios(40, '%SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.0.0.5) before shutdown and clear logging'),
    ios(41, '%TCP-6-BADAUTH: Invalid MD5 digest from 192.0.2.9:179 to 192.0.2.1:23456 (RST) %IP-TCP-3-BADAUTH'),
    ios(42, '%ROUTING-LDP-5-SOCKET_TCP_PACKET_MD5_AUTHEN_FAIL: LDP session to 192.0.2.7 failed MD5 authentication'),
  ];
  const log = join(temp.fresh(), 'ios.log');
  writeFileSync(log, `${lines.join('\n')}\n`);
  const { events, errors } = await collectEvents([log], { tz: 'UTC', year: 2026 });
  assert.deepEqual(errors, []);
  assert.ok(events.every((e) => e.event.dataset === 'cisco.ios'));
  const detector = createDetector(set, defaultResolver);
  const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
  const firedOn = (ruleId: string, index: number) => alerts.some((a) => a.rule.id === ruleId && a.event_ids.includes(events[index]!.id));
  commands.forEach((c, i) => assert.ok(firedOn(c.id, i), `${c.id} on "${c.command}"`));
  const config = events[commands.length]!;
  assert.ok(!alerts.some((a) => a.event_ids.includes(config.id)), 'a configuration message is not a command, whatever words it holds');
  for (const [file, index] of [[others[0]!, commands.length + 1], [others[1]!, commands.length + 2]] as const) {
    const id = /^id:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    assert.ok(firedOn(id, index), file);
  }
});
