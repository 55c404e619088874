import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { VigilEvent } from '../../src/schema/event.ts';
import { assertNoPollution, hostileEvents } from '../helpers/hostile.ts';
import { readLogText } from '../helpers/format.ts';
import { tempDirs } from '../helpers/temp.ts';

/** The text of `last` and `lastb`, in each of its time layouts, and written by util-linux's own `last` where present. */

const dirs = tempDirs('last');
const LAST = '/usr/bin/last';
const UTMPDUMP = '/usr/bin/utmpdump';

const read = (name: string, text: string) => readLogText(dirs.fresh(), name, text);

const row = (e: VigilEvent) => [e.event.dataset, e.event.action, e.event.outcome ?? null, e.user?.name ?? null, e.source?.ip ?? null, e['@timestamp']];

const WTMP = [
  '[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2024-11-23T09:59:00,000000+00:00]',
  '[7] [04242] [ts/0] [alice   ] [pts/0       ] [203.0.113.66        ] [203.0.113.66   ] [2024-11-23T10:00:00,000000+00:00]',
  '[8] [04242] [ts/0] [        ] [pts/0       ] [                    ] [0.0.0.0        ] [2024-11-23T10:30:00,000000+00:00]',
  '[7] [04300] [ts/1] [bob     ] [pts/1       ] [2001:db8::5         ] [2001:db8::5    ] [2024-11-23T11:00:00,000000+00:00]',
];
const EXPECTED = [
  ['linux.wtmp', 'login', 'success', 'bob', '2001:db8::5', '2024-11-23T11:00:00.000Z'],
  ['linux.wtmp', 'login', 'success', 'alice', '203.0.113.66', '2024-11-23T10:00:00.000Z'],
  ['linux.wtmp', 'system-boot', null, null, null, '2024-11-23T09:59:00.000Z'],
];

void describe('last and lastb output', () => {
  void it("reads util-linux last's output in every time layout, with the host in its column or last (-a)", async (t) => {
    if (!existsSync(LAST) || !existsSync(UTMPDUMP)) {
      const reason = 'last or utmpdump (util-linux) is missing: the last output test is skipped';
      if (process.env.CI === 'true') throw new Error(`${reason}; required under CI=true`);
      t.skip(reason);
      return;
    }
    const dir = dirs.fresh();
    writeFileSync(join(dir, 'w.txt'), `${WTMP.join('\n')}\n`);
    execFileSync(UTMPDUMP, ['-r', '-o', join(dir, 'wtmp'), join(dir, 'w.txt')], { stdio: 'pipe' });
    for (const flags of [['-F', '-i'], [], ['-a'], ['--time-format', 'iso', '-i'], ['-w', '-F']]) {
      const text = execFileSync(LAST, ['-f', join(dir, 'wtmp'), ...flags], { env: { ...process.env, TZ: 'UTC' } }).toString('utf8');
      const { events, errors, formats } = await read('last.txt', text);
      assert.deepEqual([formats, errors], [['last'], []], flags.join(' '));
      assert.deepEqual(events.map(row), EXPECTED, `last ${flags.join(' ')}:\n${text}`);
    }
  });

  void it("takes lastb's sessions for failed logins, by the file's name or its closing line", async () => {
    const line = 'root     ssh:notty    198.51.100.61    Sat Nov 23 03:41:00 2024 - Sat Nov 23 03:41:00 2024  (00:00)\n';
    for (const [name, text] of [['lastb.txt', line], ['bad.txt', `${line}\nbtmp begins Sat Nov 23 03:41:00 2024\n`]] as const) {
      const { events } = await read(name, text);
      assert.deepEqual(events.map(row), [['linux.btmp', 'login', 'failure', 'root', '198.51.100.61', '2024-11-23T03:41:00.000Z']], name);
      assert.deepEqual(events[0]?.labels, { 'last.terminal': 'ssh:notty', 'last.end': 'Sat Nov 23 03:41:00 2024', 'last.duration': '00:00' });
    }
    const { events } = await read('last.txt', line);
    assert.equal(events[0]?.event.outcome, 'success', "last's own output: a login");
  });

  void it('reads a session still open, a shutdown, a run-level change and a local login without a host', async () => {
    const { events, errors } = await read('last.txt', [
      'carol    pts/2        198.51.100.20    Sat Nov 23 12:30:00 2024   still logged in',
      'shutdown system down  6.1.0-18-amd64   Sat Nov 23 12:00:00 2024 - Thu Jan  1 00:00:00 1970 (-20050+12:00)',
      'runlevel (to lvl 5)   6.1.0-18-amd64   Sat Nov 23 09:59:05 2024 - Sat Nov 23 12:00:00 2024  (02:00)',
      'dave     tty1                          Sat Nov 23 09:00:00 2024 - crash                     (00:59)',
    ].join('\n'));
    assert.deepEqual(errors, []);
    assert.deepEqual(events.map((e) => [e.event.action, e.user?.name ?? null, e.labels?.['last.end'] ?? null, e.message]), [
      ['login', 'carol', 'still logged in', 'carol logged in on pts/2 from 198.51.100.20'],
      ['system-shutdown', null, 'Thu Jan  1 00:00:00 1970', 'system shutdown'],
      ['runlevel-change', null, 'Sat Nov 23 12:00:00 2024', 'run level 5'],
      ['login', 'dave', 'crash', 'dave logged in on tty1'],
    ]);
  });

  void it('survives hostile lines: markup and prototype names as users, terminals and hosts', async () => {
    const events = await hostileEvents('last', '<script>x</script> __proto__ constructor Sat Nov 23 10:00:00 2024 - down (00:01)\n', 1);
    assert.deepEqual([events[0]?.user?.name, events[0]?.labels?.['last.terminal'], events[0]?.labels?.['last.host']], ['<script>x</script>', '__proto__', 'constructor']);
    assertNoPollution();
  });
});
