import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { line, selected } from '../detect/mapping/helpers.ts';
import { FORMAT_FIXTURES, fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Amazon GuardDuty findings as IDS alerts: the API's PascalCase, EventBridge's camelCase, `{"Findings":[…]}` documents. */

const dirs = tempDirs('guardduty');
const INPUT = join(FORMAT_FIXTURES, 'aws-guardduty', 'input.jsonl');

void describe('Amazon GuardDuty findings', () => {
  void it("reads each finding's type, title, threat category, remote address, instance and severity, in either case", async () => {
    const events = await fixtureEvents('aws-guardduty', 'input.jsonl');
    assert.deepEqual(events.map((e) => [e.rule?.id, e.rule?.category, e.source?.ip ?? null, e.destination?.port ?? null, e.host?.name ?? null, e.event.severity, e['@timestamp']]), [
      ['UnauthorizedAccess:EC2/SSHBruteForce', 'brute-force', '203.0.113.66', 22, 'i-0abc123', 2, '2024-11-23T10:00:05.000Z'],
      ['Recon:EC2/PortProbeUnprotectedPort', 'scan', '198.51.100.23', 3389, 'i-0abc123', 2, '2024-11-23T10:01:05.000Z'],
      ['Backdoor:EC2/C&CActivity.B!DNS', 'backdoor', null, null, 'i-0def456', 8, '2024-11-23T10:02:00.000Z'],
      ['Stealth:IAMUser/CloudTrailLoggingDisabled', 'stealth', '203.0.113.99', null, null, 2, '2024-11-23T10:03:00.000Z'],
    ]);
    assert.equal(events[0]?.event.count, 42);
    assert.equal(events[2]?.dns?.question?.name, 'c2.bad-domain.example');
    assert.equal(events[3]?.user?.name, 'mallory');
    assert.ok(events.every((e) => selected(e, { category: 'ids' })));
  });

  void it('raises the IDS alert rules, and reads the CLI output document ({"Findings":[…]})', async () => {
    const titles = await packAlertTitles(dirs.fresh(), [INPUT]);
    for (const title of ['IDS alert of password brute force', 'IDS alert of network reconnaissance', 'IDS alert of malware or command-and-control traffic']) assert.ok(titles.includes(title), `${title} in ${titles.join(' | ')}`);
    const findings = readFileSync(INPUT, 'utf8').trim().split('\n').map((text) => JSON.parse(text) as Record<string, unknown>).filter((finding) => finding['detail-type'] === undefined);
    const file = join(dirs.fresh(), 'findings.json');
    writeFileSync(file, JSON.stringify({ Findings: findings }, null, 4));
    const { events, formats, errors } = await collectEvents([file], { tz: 'UTC' });
    assert.deepEqual([formats, errors, events.length], [['aws-guardduty'], [], 3]);
  });

  void it('survives hostile findings: prototype-named fields, markup, odd types', async () => {
    const { events } = await readAs('aws-guardduty', [
      line({ Type: 'x:<script>', Arn: 'arn:aws:guardduty:x', __proto__: 'p', Severity: 'high', Service: { ServiceName: 'guardduty', Action: { NetworkConnectionAction: { RemoteIpDetails: { IpAddressV4: {} }, ConnectionDirection: ['OUTBOUND'] }, PortProbeAction: { PortProbeDetails: 'no' } }, Count: -1 } }),
      line({ 'detail-type': 'GuardDuty Finding', detail: { type: ':', title: '<b>t</b>', service: { action: { portProbeAction: { portProbeDetails: [null] } } }, constructor: 'c' } }),
    ].join(''));
    assert.equal(events.length, 2);
    for (const event of events) assertSoundEvent(event);
    const { events: bare } = await readAs('aws-guardduty', line({ 'detail-type': 'GuardDuty Finding', detail: { type: 'Custom', title: 't' } }));
    assert.equal(bare[0]?.rule?.category, 'custom', 'a type without a threat purpose is its own category');
    assertNoPollution();
  });
});
