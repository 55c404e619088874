import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { selected } from '../detect/mapping/helpers.ts';
import { assertNoPollution, hostileEvents } from '../helpers/hostile.ts';
import { packAlertTitles } from '../helpers/pack-alerts.ts';
import { readLogText } from '../helpers/format.ts';
import { tempDirs } from '../helpers/temp.ts';

/** macOS's unified log as `log show` prints it (text styles and JSON): entries read as the syslog lines they stand for. */

const dirs = tempDirs('macos-log');
const FAILED = 'Failed password for root from 203.0.113.66 port 50122 ssh2';

const read = (name: string, text: string) => readLogText(dirs.fresh(), name, text);

const entry = (message: string, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ traceID: 1, eventMessage: message, eventType: 'logEvent', subsystem: '', category: '', processImagePath: '/usr/sbin/sshd', senderImagePath: '/usr/sbin/sshd', timestamp: '2024-11-23 10:00:01.123456-0800', messageType: 'Default', processID: 411, userID: 0, ...extra })}\n`;

const summary = (e: VigilEvent | undefined) => [e?.vigil.format, e?.event.dataset, e?.event.action, e?.event.outcome, e?.user?.name, e?.source?.ip, e?.process?.pid, e?.['@timestamp']];

void describe('macOS unified log', () => {
  void it('reads sshd the same from the default, syslog, compact and JSON styles', async () => {
    const styles: [string, string][] = [
      ['default.log', `Timestamp                       Thread     Type        Activity             PID    TTL  \n2024-11-23 10:00:01.123456-0800 0x12753    Default     0x0                  411    0    sshd: ${FAILED}\n`],
      ['syslog.log', `Timestamp                       (process)[PID]    \n2024-11-23 10:00:01.123456-0800  localhost sshd[411]: ${FAILED}\n`],
      ['compact.log', `Timestamp               Ty Process[PID:TID]\n2024-11-23 18:00:01.123 Df sshd[411:12753] ${FAILED}\n`],
      ['ndjson.log', entry(FAILED)],
      ['json.log', `[${entry(FAILED).trim()}]\n`],
    ];
    for (const [name, text] of styles) {
      const { events, errors } = await read(name, text);
      assert.deepEqual(errors, [], name);
      assert.equal(events.length, 1, name);
      const format = name.includes('json') ? 'macos-log-json' : 'macos-log';
      assert.deepEqual(summary(events[0]), [format, 'sshd', 'ssh-login', 'failure', 'root', '203.0.113.66', 411, '2024-11-23T18:00:01.123Z'], name);
      assert.equal(selected(events[0]!, { product: 'linux', service: 'sshd' }), true, `${name}: sshd's rules read it`);
    }
  });

  void it("keeps a message over several lines whole, takes log show's own lines for no event, reports stray lines", async () => {
    const { events, errors } = await read('show.log', [
      'a stray line before any entry',
      'Filtering the log data using "process == "opendirectoryd""',
      '2024-11-23 10:06:00.500000-0800 0x12900    Error       0x0                  88     0    opendirectoryd: (PlatformSupport) [com.apple.opendirectoryd:auth] Failed to authenticate user <mallory> (error: 5000).',
      'Details follow on this line',
      '2024-11-23 10:06:01.000000-0800 0x12901    Default     0x0                  88     0    opendirectoryd: done',
      '--------------------------------------------------------------------------------------------------------------------',
      'Log      - Default:          1, Info:                0, Debug:             0, Error:          1, Fault:          0',
    ].join('\n'));
    assert.deepEqual(errors.map((e) => e.line), [1]);
    const [stray, failed, done] = events;
    assert.equal(stray?.vigil.format, 'plaintext');
    assert.deepEqual([failed?.event.dataset, failed?.event.action, failed?.event.outcome, failed?.user?.name, failed?.log.line], ['macos.opendirectory', 'login', 'failure', 'mallory', 3]);
    assert.equal(failed?.message, 'Failed to authenticate user <mallory> (error: 5000).\nDetails follow on this line');
    assert.deepEqual([failed?.labels?.['macos.sender'], failed?.labels?.['macos.subsystem'], failed?.labels?.['macos.category']], ['PlatformSupport', 'com.apple.opendirectoryd', 'auth']);
    assert.equal(done?.message, 'done');
    assert.equal(events.length, 3);
  });

  void it("reads Screen Sharing's VNC logins, and raises the pack's brute force from them", async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'screensharing.ndjson');
    const lines = Array.from({ length: 6 }, (_, i) =>
      entry(`Authentication: FAILED :: User Name: admin :: Viewer Address: 203.0.113.77 :: Type: DH`, { processImagePath: '/System/Library/CoreServices/RemoteManagement/screensharingd.bundle/Contents/MacOS/screensharingd', processID: 1203, timestamp: `2024-11-23 10:0${String(i)}:00.000000-0800` }),
    );
    writeFileSync(file, lines.join(''));
    const titles = await packAlertTitles(dir, [file]);
    assert.ok(titles.includes("Brute force against an application's login from one source"), titles.join(' | '));
  });

  void it('survives hostile entries: markup, prototype names, odd values', async () => {
    const events = await hostileEvents('macos-log-json', entry('<script>alert(1)</script>', { subsystem: '__proto__', category: 'constructor', processImagePath: '/x/__proto__', processID: 'NaN', userID: { a: 1 } }) + entry(FAILED, { processID: 1e300, timestamp: 'yesterday' }), 2);
    assert.equal(events[0]?.message, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assert.equal(events[0]?.labels?.['macos.subsystem'], '__proto__');
    const text = await hostileEvents('macos-log', `2024-11-23 10:00:01.123456-0800 0x1    Default     0x0    1    0    __proto__: (constructor) [toString:valueOf] <img src=x onerror=alert(1)>\n`, 1);
    assert.equal(text[0]?.process?.name, '__proto__');
    assertNoPollution();
  });
});
