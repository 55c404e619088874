import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Windows Defender Firewall's pfirewall.log: verdicts, endpoints and direction, at the machine's local time. */

const dirs = tempDirs('windows-firewall');
const HEADER = ['#Version: 1.5', '#Software: Microsoft Windows Firewall', '#Time Format: Local', '#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid', ''];
const log = (rows: readonly string[], header = HEADER) => `${[...header, ...rows].join('\r\n')}\r\n`;
const drop = (second: number, port: number) => `2024-11-23 10:00:${String(second).padStart(2, '0')} DROP TCP 203.0.113.5 10.0.0.5 ${String(50000 + second)} ${String(port)} 52 S 3052423470 0 64240 - - - RECEIVE 4`;

void describe('Windows Firewall log', () => {
  void it('reads a dropped inbound connection: verdict, endpoints, protocol, direction, process, at --tz local time', async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'pfirewall.log');
    writeFileSync(file, log([drop(0, 3389)]));
    const { events } = await collectEvents([file], { tz: 'Europe/Berlin' });
    const e = events[0];
    assert.deepEqual(
      [e?.vigil.format, e?.event.dataset, e?.event.action, e?.event.outcome, e?.source?.ip, e?.destination?.port, e?.network?.transport, e?.network?.direction, e?.process?.pid, e?.['@timestamp'], e?.vigil.time.source],
      ['windows-firewall', 'windows.firewall', 'firewall-drop', 'failure', '203.0.113.5', 3389, 'tcp', 'ingress', 4, '2024-11-23T09:00:00.000Z', 'assumed_zone'],
    );
    assert.equal(e !== undefined && selected(e, { category: 'firewall' }), true);
  });

  void it('follows the header: a UTC time format, and a layout without pid', async () => {
    const events = await eventsOf('pfirewall.log', log(['2024-11-23 10:00:00 ALLOW UDP 10.0.0.5 8.8.8.8 53000 53 0 - - - - - - - SEND'], ['#Software: Microsoft Windows Firewall', '#Time Format: UTC', '#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path']));
    assert.deepEqual([events[0]?.event.action, events[0]?.network?.direction, events[0]?.network?.bytes, events[0]?.vigil.time.source], ['firewall-allow', 'egress', undefined, 'record']);
  });

  void it('raises the port scan from dropped connections to many ports of one host', async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'pfirewall.log');
    writeFileSync(file, log([21, 22, 23, 25, 80, 110, 135, 139, 443, 445, 1433, 3389].map((port, i) => drop(i, port))));
    const store = openStore(join(dir, 'v.db'));
    try {
      await ingest(store, [file], { tz: 'UTC', actor: 'test' });
      const titles = analyzeStore(store, { actor: 'test' }).incidents.flatMap((i) => i.alerts.map((a) => a.title));
      assert.ok(titles.some((title) => /port scan/i.test(title)), titles.join(' | '));
    } finally {
      store.close();
    }
  });

  void it('is not taken for IIS logs, and survives hostile rows', async () => {
    const [iis] = await eventsOf('u_ex.log', '#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n2024-11-23 10:00:00 10.0.0.5 GET / - 80 - 203.0.113.5 curl/8 - 200 0 0 5\r\n');
    assert.equal(iis?.vigil.format, 'iis-w3c');
    const events = await hostileEvents('windows-firewall', log(['2024-11-23 10:00:00 __proto__ constructor <script> toString 99999 99999999999 52 - - - - - - - __PROTO__ x', '2024-11-23 10:00:01 DROP TCP 999.1.1.1 10.0.0.5 1 2 3 - - - - - - <b>x</b> RECEIVE 4']), 2);
    assert.deepEqual([events[0]?.event.action, events[0]?.source?.ip, events[0]?.destination?.port, events[0]?.network?.direction], ['firewall-__proto__', undefined, undefined, undefined]);
    assert.deepEqual([events[1]?.source?.ip, events[1]?.labels?.['windows_firewall.info']], [undefined, '<b>x</b>']);
  });
});
