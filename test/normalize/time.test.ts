import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimeResolver, checkTimeZone } from '../../src/normalize/time.ts';
import { VigilError } from '../../src/util/errors.ts';

const NOW = Date.UTC(2024, 5, 15, 12, 0, 0);

function resolver(tz = 'UTC', options: { year?: number; mtime?: number; now?: number } = {}): TimeResolver {
  return new TimeResolver({ tz, year: options.year }, options.mtime, options.now ?? NOW);
}

function at(raw: string | number, tz = 'UTC', isUtc = false): string | undefined {
  return resolver(tz, { mtime: NOW }).resolve(raw, isUtc).timestamp;
}

describe('TimeResolver: ISO-8601', () => {
  it('keeps a time with Z or an offset as given, whatever --tz says', () => {
    const r = resolver('Europe/Paris');
    assert.deepEqual(r.resolve('2024-03-10T12:34:56.789Z'), { timestamp: '2024-03-10T12:34:56.789Z', info: { source: 'record' } });
    assert.equal(r.resolve('2024-03-10T12:34:56+02:00').timestamp, '2024-03-10T10:34:56.000Z');
    assert.equal(r.resolve('2024-03-10 12:34:56-0130').timestamp, '2024-03-10T14:04:56.000Z');
    assert.equal(r.resolve('2024-03-10T12:34:56,5 UTC').timestamp, '2024-03-10T12:34:56.500Z');
    assert.equal(r.resolve('2024-03-10T12:34Z').timestamp, '2024-03-10T12:34:00.000Z');
    assert.equal(r.resolve('2024-03-10T12:34:56.123456789Z').timestamp, '2024-03-10T12:34:56.123Z');
  });

  it('applies --tz to a time without a zone and records the assumption', () => {
    assert.deepEqual(resolver('UTC').resolve('2024-03-10 12:34:56'), {
      timestamp: '2024-03-10T12:34:56.000Z',
      info: { source: 'assumed_zone', timezone: 'UTC' },
    });
    const paris = resolver('Europe/Paris');
    assert.deepEqual(paris.resolve('2024-01-15T10:00:00'), {
      timestamp: '2024-01-15T09:00:00.000Z',
      info: { source: 'assumed_zone', timezone: 'Europe/Paris' },
    });
    assert.equal(paris.resolve('2024-07-15T10:00:00').timestamp, '2024-07-15T08:00:00.000Z');
    assert.deepEqual(resolver('+05:30').resolve('2024-01-01 12:00:00'), {
      timestamp: '2024-01-01T06:30:00.000Z',
      info: { source: 'assumed_zone', timezone: '+05:30' },
    });
    assert.equal(resolver('-08:00').resolve('2024-01-01 12:00:00').timestamp, '2024-01-01T20:00:00.000Z');
  });

  it('treats a zone-less time as UTC when the format says so', () => {
    assert.deepEqual(resolver('Europe/Paris').resolve('2024-01-15 10:00:00', true), {
      timestamp: '2024-01-15T10:00:00.000Z',
      info: { source: 'record' },
    });
  });

  it('moves a wall time inside the spring-forward gap forward by the gap', () => {
    // 2024-03-31 02:30 does not exist in Paris (clocks jump 02:00 → 03:00): read as 03:30 CEST.
    assert.equal(at('2024-03-31 02:30:00', 'Europe/Paris'), '2024-03-31T01:30:00.000Z');
    assert.equal(at('2024-03-31 01:59:59', 'Europe/Paris'), '2024-03-31T00:59:59.000Z');
    assert.equal(at('2024-03-31 03:00:00', 'Europe/Paris'), '2024-03-31T01:00:00.000Z');
  });

  it('resolves a wall time inside the autumn overlap to one of its two instants', () => {
    // 2024-10-27 02:30 happens twice in Paris: 00:30Z (CEST) and 01:30Z (CET).
    const got = at('2024-10-27 02:30:00', 'Europe/Paris');
    assert.ok(got === '2024-10-27T00:30:00.000Z' || got === '2024-10-27T01:30:00.000Z', got);
    assert.equal(at('2024-10-27 01:59:00', 'Europe/Paris'), '2024-10-26T23:59:00.000Z');
    assert.equal(at('2024-10-27 03:00:00', 'Europe/Paris'), '2024-10-27T02:00:00.000Z');
  });

  it("reads a log's repeated fall-back hour as the hour after the first, as the log went on", () => {
    // New York falls back at 02:00 EDT (06:00Z) on 2024-11-03: 01:00–01:59 happen twice.
    const ny = resolver('America/New_York', { year: 2024 });
    const lines = ['Nov  3 00:59:00', 'Nov  3 01:50:00', 'Nov  3 01:45:00', 'Nov  3 01:59:59', 'Nov  3 01:00:00', 'Nov  3 01:00:00', 'Nov  3 01:30:00', 'Nov  3 01:59:59', 'Nov  3 02:00:00'];
    assert.deepEqual(lines.map((l) => ny.resolve(l).timestamp), [
      '2024-11-03T04:59:00.000Z',
      '2024-11-03T05:50:00.000Z',
      '2024-11-03T05:45:00.000Z', // a line a few minutes late is still the first hour's
      '2024-11-03T05:59:59.000Z',
      '2024-11-03T06:00:00.000Z', // the hour again: EST
      '2024-11-03T06:00:00.000Z',
      '2024-11-03T06:30:00.000Z',
      '2024-11-03T06:59:59.000Z',
      '2024-11-03T07:00:00.000Z',
    ]);
    // Southern hemisphere (Sydney falls back at 03:00 AEDT, 16:00Z on 2024-04-06), and a file that starts inside the
    // repeated hour: nothing came before it, so the first instant.
    const sydney = resolver('Australia/Sydney');
    assert.deepEqual(['2024-04-07 02:59:00', '2024-04-07 02:10:00', '2024-04-07 03:00:00'].map((l) => sydney.resolve(l).timestamp), ['2024-04-06T15:59:00.000Z', '2024-04-06T16:10:00.000Z', '2024-04-06T17:00:00.000Z']);
    assert.equal(at('2024-10-27 02:30:00', 'Europe/Paris'), '2024-10-27T00:30:00.000Z');
    // The spring-forward gap is not a repeated hour: unchanged after a time in the hour before it.
    const paris = resolver('Europe/Paris');
    assert.deepEqual(['2024-03-31 01:59:00', '2024-03-31 02:30:00'].map((l) => paris.resolve(l).timestamp), ['2024-03-31T00:59:00.000Z', '2024-03-31T01:30:00.000Z']);
  });

  it('handles zones whose transitions fall on a half hour of UTC', () => {
    // St. John's falls back at 02:00 NDT (04:30Z) on 2024-11-03: 02:10 NST is 05:40Z, unambiguous.
    assert.equal(at('2024-11-03 02:10:00', 'America/St_Johns'), '2024-11-03T05:40:00.000Z');
    assert.equal(at('2024-11-03 00:10:00', 'America/St_Johns'), '2024-11-03T02:40:00.000Z');
    assert.equal(at('2024-03-10 03:10:00', 'America/St_Johns'), '2024-03-10T05:40:00.000Z');
    assert.equal(at('2024-06-01 12:00:00', 'Asia/Kathmandu'), '2024-06-01T06:15:00.000Z');
  });
});

describe('TimeResolver: year-less syslog stamps', () => {
  it('uses --year and rolls over from December to January', () => {
    const r = resolver('UTC', { year: 2023 });
    const got = ['Dec 30 23:00:00', 'Dec 31 23:59:59', 'Jan  1 00:00:01', 'Jan  2 08:00:00'].map((s) => r.resolve(s));
    assert.deepEqual(got.map((g) => g.timestamp), [
      '2023-12-30T23:00:00.000Z',
      '2023-12-31T23:59:59.000Z',
      '2024-01-01T00:00:01.000Z',
      '2024-01-02T08:00:00.000Z',
    ]);
    assert.deepEqual(got[0]?.info, { source: 'assumed_zone', timezone: 'UTC', year_from: 'option' });
  });

  it('does not roll over for a small step back in time (out-of-order lines)', () => {
    const r = resolver('UTC', { year: 2023 });
    assert.equal(r.resolve('Mar  5 10:00:00').timestamp, '2023-03-05T10:00:00.000Z');
    assert.equal(r.resolve('Feb 28 10:00:00').timestamp, '2023-02-28T10:00:00.000Z');
  });

  it('takes the year from the file mtime, a December stamp in a January file being last year', () => {
    const r = resolver('UTC', { mtime: Date.UTC(2024, 0, 5, 9, 0, 0) });
    assert.deepEqual(r.resolve('Dec 30 10:00:00'), {
      timestamp: '2023-12-30T10:00:00.000Z',
      info: { source: 'assumed_zone', timezone: 'UTC', year_from: 'file_mtime' },
    });
    assert.equal(r.resolve('Jan  4 10:00:00').timestamp, '2024-01-04T10:00:00.000Z');
    assert.equal(r.resolve('Jan  5 20:00:00').timestamp, '2024-01-05T20:00:00.000Z', 'a day of clock slack');
  });

  it('puts Feb 29 in a leap year when the reference year has none', () => {
    const r = resolver('UTC', { mtime: Date.UTC(2025, 2, 5) });
    assert.equal(r.resolve('Feb 29 10:00:00').timestamp, '2024-02-29T10:00:00.000Z');
    assert.equal(r.resolve('Feb 28 10:00:00').timestamp, '2025-02-28T10:00:00.000Z');
  });

  it('takes the year from the ingest time when there is no file (stdin)', () => {
    const r = new TimeResolver({ tz: 'UTC' }, undefined, Date.UTC(2024, 1, 1, 12, 0, 0));
    assert.deepEqual(r.resolve('Jan 31 10:00:00'), {
      timestamp: '2024-01-31T10:00:00.000Z',
      info: { source: 'assumed_zone', timezone: 'UTC', year_from: 'ingest_time' },
    });
    assert.equal(r.resolve('Dec  1 10:00:00').timestamp, '2023-12-01T10:00:00.000Z');
  });

  it('applies the zone to syslog stamps and keeps an explicit year or zone', () => {
    const r = resolver('Europe/Paris', { year: 2024 });
    assert.equal(r.resolve('Jul  4 12:00:00').timestamp, '2024-07-04T10:00:00.000Z');
    assert.deepEqual(r.resolve('Mar  5 2022 10:00:00 +01:00'), { timestamp: '2022-03-05T09:00:00.000Z', info: { source: 'record' } });
  });
});

describe('TimeResolver: other layouts', () => {
  it('reads Apache access-log stamps with their offset', () => {
    assert.deepEqual(resolver('Europe/Paris').resolve('10/Oct/2000:13:55:36 -0700'), {
      timestamp: '2000-10-10T20:55:36.000Z',
      info: { source: 'record' },
    });
  });

  it('reads ctime with a fraction', () => {
    assert.equal(at('Wed Mar  6 14:02:03.123456 2024'), '2024-03-06T14:02:03.123Z');
    assert.equal(at('Wed Mar  6 14:02:03 2024', '+01:00'), '2024-03-06T13:02:03.000Z');
  });

  it('reads CEF-style stamps', () => {
    assert.equal(at('Mar 05 2024 10:11:12.345'), '2024-03-05T10:11:12.345Z');
    assert.equal(at('Feb 29 2024 10:11:12'), '2024-02-29T10:11:12.000Z');
  });

  it('reads epoch seconds, milliseconds and microseconds, as numbers or strings', () => {
    const expected = '2023-11-14T22:13:20.000Z';
    for (const raw of [1700000000, 1700000000000, 1700000000000000, '1700000000', '1700000000000', '1700000000000000']) {
      assert.deepEqual(resolver('Europe/Paris').resolve(raw), { timestamp: expected, info: { source: 'record' } }, String(raw));
    }
    assert.equal(at(1700000000.25), '2023-11-14T22:13:20.250Z');
    assert.equal(at('1700000000.123'), '2023-11-14T22:13:20.123Z');
    assert.equal(at(1700000000123), '2023-11-14T22:13:20.123Z');
    assert.equal(at(1700000000123456), '2023-11-14T22:13:20.123Z');
  });

  it('gives no @timestamp for garbage and says why', () => {
    for (const raw of ['not a time', '2024-13-45T99:99:99', '2024-02-30T10:00:00Z', '2023-02-29 10:00:00', '31/Apr/2024:10:00:00 +0000', 'Foo 12 10:00:00', '-1', '', '99999999999999999999', NaN, -5, Infinity]) {
      const got = resolver().resolve(raw);
      assert.equal(got.timestamp, undefined, String(raw));
      assert.equal(got.info.source, 'none', String(raw));
    }
    assert.deepEqual(resolver().resolve(undefined), { info: { source: 'none' } });
    assert.equal(resolver().resolve('garbage here').info.raw, 'garbage here');
  });
});

describe('checkTimeZone', () => {
  it('accepts IANA names and offsets', () => {
    for (const tz of ['UTC', 'Europe/Paris', 'America/St_Johns', '+05:30', '-08:00', 'Z', 'GMT']) assert.doesNotThrow(() => checkTimeZone(tz), tz);
  });

  it('rejects offsets beyond ±14:00 or with more than 59 minutes', () => {
    for (const tz of ['+99:99', '+25:00', '-15', '+05:75']) assert.throws(() => checkTimeZone(tz), VigilError, tz);
    assert.doesNotThrow(() => checkTimeZone('+14:00'));
  });

  it('rejects an unknown zone with a configuration error', () => {
    assert.throws(() => checkTimeZone('Mars/Olympus'), (error: unknown) => error instanceof VigilError && error.code === 'E_CONFIG' && /Mars\/Olympus/.test(error.message));
  });
});
