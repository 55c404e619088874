import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { tempDirs } from '../helpers/temp.ts';
import { sharedPath } from './shared-data.ts';

/**
 * SigmaHQ's FortiGate rules (`product: fortigate, service: event`: configuration changes by `action` and
 * `cfgpath`) on FortiGate configuration logs in the form FortiOS writes them (log id 0100044547, "Object attribute
 * configured"; 0100044546 for attribute edits): each rule fires on its own change and on no other.
 */

const temp = tempDirs('sigmahq-fortigate');
const CHANGES: readonly [string, string][] = [
  ['Add', 'firewall.policy'], ['Add', 'user.local'], ['Edit', 'user.group'], ['Add', 'firewall.address'],
  ['Add', 'vpn.ssl.web.portal'], ['Add', 'system.admin'], ['Edit', 'vpn.ssl.settings'], ['Delete', 'firewall.policy'],
];

function configLine([action, path]: readonly [string, string], i: number): string {
  return `date=2026-11-22 time=10:0${String(i)}:00 devname="FGT-EDGE-01" devid="FGVM01TM00000001" logid="${action === 'Add' ? '0100044547' : '0100044546'}" ` +
    `type="event" subtype="system" level="information" vd="root" logdesc="Object attribute configured" user="admin" ui="GUI(10.10.40.5)" ` +
    `action="${action}" cfgtid=${String(1000 + i)} cfgpath="${path}" cfgobj="obj${String(i)}" msg="${action} ${path} obj${String(i)}"`;
}

test("SigmaHQ's FortiGate rules each fire on the configuration change they describe, and on no other", async (t) => {
  const dir = sharedPath(t, 'sigma', 'rules', 'network', 'fortinet', 'fortigate');
  if (dir === undefined) return;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => join(dir, f));
  assert.ok(files.length >= 7, `${String(files.length)} rules`);
  const set = loadRuleSet(files.map((path) => ({ path, origin: 'extra' as const })), defaultResolver);
  assert.deepEqual(set.problems.map((p) => `${p.status} ${p.reason}`), []);
  const log = join(temp.fresh(), 'fortigate-config.log');
  writeFileSync(log, `${CHANGES.map(configLine).join('\n')}\n`);
  const { events, errors } = await collectEvents([log], { tz: 'UTC' });
  assert.deepEqual(errors, []);
  const detector = createDetector(set, defaultResolver);
  const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
  const cfgpathOf = (ids: readonly string[]) => events.find((e) => ids.includes(e.id))?.labels?.cfgpath;
  assert.equal(alerts.length, 7, alerts.map((a) => `${a.rule.title}: ${cfgpathOf(a.event_ids) ?? '?'}`).join('\n'));
  const ruleText = new Map(files.map((file) => [/^id:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1], readFileSync(file, 'utf8')]));
  for (const alert of alerts) {
    const path = cfgpathOf(alert.event_ids);
    assert.ok(path !== undefined && ruleText.get(alert.rule.id)?.includes(`cfgpath: '${path}'`) === true, `${alert.rule.title} fired on ${String(path)}`);
  }
});
