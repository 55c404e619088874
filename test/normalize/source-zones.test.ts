import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceZones, parseZoneRule, zoneOf } from '../../src/normalize/source-zones.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { VigilError } from '../../src/util/errors.ts';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '../helpers/temp.ts';

/** `--tz-for`: the zone of each input by a glob over its name, before `--tz`. */

const dirs = tempDirs('source-zones');
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof VigilError ? error.code : 'other';
  }
};

void describe('time zones per input', () => {
  void it('parses pattern=zone, splitting at the last =, and refuses rules without both or with an unknown zone', () => {
    assert.deepEqual(parseZoneRule(' dc01/** = Europe/Berlin '), { pattern: 'dc01/**', tz: 'Europe/Berlin' });
    assert.deepEqual(parseZoneRule('a=b/*.log=-05:00'), { pattern: 'a=b/*.log', tz: '-05:00' });
    assert.equal(code(() => parseZoneRule('Europe/Berlin')), 'E_USAGE');
    assert.equal(code(() => parseZoneRule('=Europe/Berlin')), 'E_USAGE');
    assert.equal(code(() => parseZoneRule('dc01/**=')), 'E_USAGE');
    assert.equal(code(() => parseZoneRule('dc01/**=Mars/Olympus')), 'E_CONFIG');
  });

  void it('matches the whole name or its end after a /, * and ? within a segment, ** across, in either case', () => {
    const zones = new SourceZones('UTC', [
      { pattern: 'dc01/**', tz: 'Europe/Berlin' },
      { pattern: 'web/**/u_ex??????.log', tz: '-07:00' },
      { pattern: 'web/*.log', tz: 'America/New_York' },
      { pattern: '*.csv', tz: 'Asia/Tokyo' },
      { pattern: 'logs (copy)/[a].txt', tz: '+01:00' },
    ]);
    const cases: [string, string][] = [
      ['cases/dc01/Security.evtx', 'Europe/Berlin'],
      ['triage.zip!dc01/Security.evtx', 'Europe/Berlin'],
      ['C:\\Cases\\DC01\\System.evtx', 'Europe/Berlin'],
      ['cases/xdc01/Security.evtx', 'UTC'],
      ['/srv/web/access.log', 'America/New_York'],
      ['/srv/web/sub/access.log', 'UTC'],
      ['web/u_ex241123.log', '-07:00'],
      ['web/iis/W3SVC1/u_ex241123.log', '-07:00'],
      ['web/u_ex2411.log', 'America/New_York'],
      ['export/Sicherheit.csv', 'Asia/Tokyo'],
      ['cases/dc01/Security.csv', 'Europe/Berlin'],
      ['x/logs (copy)/[a].txt', '+01:00'],
      ['x/logs (copy)/a.txt', 'UTC'],
    ];
    assert.deepEqual(cases.map(([name]) => [name, zones.zoneFor(name)]), cases, 'the first rule that matches wins; . ( ) [ ] are literal');
    assert.equal(new SourceZones('UTC', [{ pattern: 'triage.zip!dc01/*', tz: '+03:00' }]).zoneFor('/up/triage.zip!dc01/a.log'), '+03:00', "an archive's ! in a pattern too");
    assert.equal(zoneOf({ tz: '+02:00' }, 'dc01/a.log'), '+02:00');
    assert.equal(zoneOf({ tz: 'UTC', zones: [{ pattern: 'dc01/**', tz: '+02:00' }] }, 'dc01/a.log'), '+02:00');
  });

  void it("reads each input's zone-less times in its zone, and records the zone on its events", async () => {
    const dir = dirs.fresh();
    const line = 'Nov 23 10:00:00 host sshd[1]: Failed password for root from 203.0.113.9 port 40001 ssh2\n';
    for (const host of ['berlin', 'tokyo', 'other']) {
      mkdirSync(join(dir, host));
      writeFileSync(join(dir, host, 'auth.log'), line);
    }
    const { events } = await collectEvents([join(dir, 'berlin'), join(dir, 'tokyo'), join(dir, 'other')], {
      tz: 'UTC', year: 2024, zones: [{ pattern: 'berlin/**', tz: 'Europe/Berlin' }, { pattern: 'tokyo/*.log', tz: '+09:00' }],
    });
    assert.deepEqual(events.map((e) => [e['@timestamp'], e.vigil.time.timezone]), [
      ['2024-11-23T09:00:00.000Z', 'Europe/Berlin'],
      ['2024-11-23T01:00:00.000Z', '+09:00'],
      ['2024-11-23T10:00:00.000Z', 'UTC'],
    ]);
  });
});
