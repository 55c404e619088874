import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import { line, selected } from '../detect/mapping/helpers.ts';
import { fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Sentinel's CommonSecurityLog table: each row put back into CEF's keys and read as its CEF line would be. */

const dirs = tempDirs('sentinel-cef');

void describe("Sentinel's CommonSecurityLog table", () => {
  void it('reads each row as the CEF event it was: verdicts, endpoints, URLs, custom strings with their labels', async () => {
    const events = await fixtureEvents('sentinel-cef', 'input.jsonl');
    assert.deepEqual(events.map((e) => [e.event.dataset, e.event.action, e.event.type, e.source?.ip, e.destination?.port ?? null, e.host?.name, selected(e, { category: 'firewall' })]), [
      ['cef.pan_os', 'deny', ['denied'], '198.51.100.23', 3389, 'PA-FW01', true],
      ['cef.fortigate', 'accept', ['allowed'], '10.0.0.21', 443, 'FGT60F', true],
      ['cef.nssweblog', 'blocked', ['denied'], '10.0.0.22', null, 'cef-forwarder01', true],
    ]);
    assert.equal(events[0]?.labels?.Rule, 'untrust-to-dmz', "a custom string under its label's name, as in a CEF line");
    assert.equal(events[0]?.labels?.PanOSSourceLocation, 'NL', 'AdditionalExtensions are keys too');
    assert.equal(events[2]?.user_agent?.original, 'sqlmap/1.7');
    assert.equal(events[2]?.user?.name, 'bob@corp.example');
  });

  void it('gives the events of the same CEF line', async () => {
    const dir = dirs.fresh();
    const cef = join(dir, 'fw.log');
    writeFileSync(cef, 'CEF:0|Palo Alto Networks|PAN-OS|10.2.4|end|TRAFFIC|1|rt=Nov 23 2024 10:00:01 GMT src=198.51.100.23 spt=51000 dst=10.0.0.5 dpt=3389 proto=tcp act=deny app=ms-rdp dvchost=PA-FW01 cs1Label=Rule cs1=untrust-to-dmz\n');
    const [fromLine] = (await collectEvents([cef], { tz: 'UTC' })).events;
    const [fromRow] = await fixtureEvents('sentinel-cef', 'input.jsonl');
    for (const pick of [(e: typeof fromRow) => e?.source, (e: typeof fromRow) => e?.destination, (e: typeof fromRow) => e?.event.action, (e: typeof fromRow) => e?.network?.transport, (e: typeof fromRow) => e?.labels?.Rule, (e: typeof fromRow) => e?.['@timestamp']]) {
      assert.deepEqual(pick(fromRow), pick(fromLine));
    }
  });

  void it('raises the port scan from denied rows', async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'csl.json');
    const rows = Array.from({ length: 12 }, (_, i) => line({ TimeGenerated: `2024-11-23T10:00:${String(i).padStart(2, '0')}Z`, DeviceVendor: 'Check Point', DeviceProduct: 'VPN-1 & FireWall-1', DeviceEventClassID: 'Log', Activity: 'Drop', SourceIP: '198.51.100.23', DestinationIP: '10.0.0.5', DestinationPort: 20 + i, Protocol: 'tcp', DeviceAction: 'Drop', Type: 'CommonSecurityLog' }));
    writeFileSync(file, rows.join(''));
    const titles = await packAlertTitles(dir, [file]);
    assert.ok(titles.includes('Port scan - many destination ports from one source'), titles.join(' | '));
  });

  void it('survives hostile rows: prototype-named columns and extensions, markup, odd types', async () => {
    const { events } = await readAs('sentinel-cef', [
      line({ TimeGenerated: 'x', DeviceVendor: '<b>v</b>', DeviceProduct: ['p'], DeviceEventClassID: 1, Activity: '<script>', __proto__: 'p', AdditionalExtensions: '__proto__=x;constructor=y;=z;;a', DeviceCustomString9: 'c', DeviceCustomString9Label: '__proto__' }),
      line({ TimeGenerated: 1, DeviceVendor: 'v', DeviceProduct: 'p', Type: 'CommonSecurityLog', SourceIP: {}, DestinationPort: 'x', AdditionalExtensions: 7 }),
    ].join(''));
    assert.equal(events.length, 2);
    for (const event of events) assertSoundEvent(event);
    assertNoPollution();
  });
});
