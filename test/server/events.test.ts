import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ingest } from '../../src/pipeline/ingest.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { body, startServer, type TestServer } from './helpers.ts';

/** Event search over the API: keyset pages stable under inserts, filters, full text (both strategies), timeline. */

const temp = tempDirs('server-events');
let server: TestServer;
let dir = '';

interface Page {
  events: VigilEvent[];
  next: string | null;
  total: number | null;
  totalExact: boolean | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `count` sshd lines, several per second (equal times, told apart by storage order), from `startMinute`. */
function sshLines(count: number, startMinute: number, tag: string): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const seconds = startMinute * 60 + Math.floor(i / 3);
    const time = `${pad(Math.floor(seconds / 3600) % 24)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
    lines.push(`Nov 20 ${time} ${tag}-web${i % 4} sshd[${1000 + i}]: Failed password for user${i % 7} from 10.1.${i % 5}.${i % 200} port ${40000 + i} ssh2`);
  }
  return `${lines.join('\n')}\n`;
}

async function ingestText(name: string, text: string): Promise<void> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const store = openStore(server.dbPath);
  try {
    await ingest(store, [path], { tz: 'UTC', year: 2026, actor: 'test' });
  } finally {
    store.close();
  }
}

async function page(query: string): Promise<Page> {
  const response = await server.app.inject({ url: `/api/events?${query}`, headers: server.auth('viewer') });
  assert.equal(response.statusCode, 200, response.body);
  return body<Page>(response);
}

async function all(query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const result: Page = await page(`${query}&limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    ids.push(...result.events.map((e) => e.id));
    cursor = result.next;
  } while (cursor !== null);
  return ids;
}

/** The expected order straight from SQL: timed events by (time, rowid), then untimed ones by rowid. */
function expectedIds(order: 'asc' | 'desc'): string[] {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  const db = server.app.vigil.reads.db;
  const timed = db.prepare(`SELECT lower(hex(id)) FROM events WHERE ts_ms IS NOT NULL ORDER BY ts_ms ${dir}, rowid ${dir}`).pluck().all() as string[];
  const untimed = db.prepare(`SELECT lower(hex(id)) FROM events WHERE ts_ms IS NULL ORDER BY rowid ${dir}`).pluck().all() as string[];
  return [...timed, ...untimed];
}

before(async () => {
  dir = temp.fresh();
  server = await startServer(dir);
  await ingestText('auth.log', sshLines(240, 600, 'first'));
  await ingestText('notes.txt', 'no time on this line\nnor on this one: just words about sshd\nthird line without a time\n');
});
after(async () => {
  await server.app.close();
});

describe('events pagination', () => {
  it('pages through every event in order, newest first and oldest first, untimed events last', async () => {
    assert.deepEqual(await all('order=desc', 37), expectedIds('desc'));
    assert.deepEqual(await all('order=asc', 41), expectedIds('asc'));
    const first = await page('limit=5');
    assert.deepEqual([first.total, first.totalExact], [243, true]);
  });

  it('stays stable while events are inserted: nothing repeated, nothing skipped', async () => {
    const seen: string[] = [];
    let result = await page('order=desc&limit=50');
    seen.push(...result.events.map((e) => e.id));
    result = await page(`order=desc&limit=50&cursor=${encodeURIComponent(result.next!)}`);
    seen.push(...result.events.map((e) => e.id));
    const cursorTime = Date.parse(result.events[result.events.length - 1]!['@timestamp']!);
    const before = new Set(expectedIds('desc'));
    // Newer events (before the cursor in this order), older ones (after it), and untimed ones.
    await ingestText('later.log', sshLines(30, 900, 'newer'));
    await ingestText('earlier.log', sshLines(30, 300, 'older'));
    await ingestText('more-notes.txt', 'another line without any time\n');
    let cursor = result.next;
    while (cursor !== null) {
      result = await page(`order=desc&limit=50&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...result.events.map((e) => e.id));
      cursor = result.next;
    }
    assert.equal(new Set(seen).size, seen.length, 'no event twice');
    for (const id of before) assert.ok(seen.includes(id), `event ${id} stored before the listing was not skipped`);
    const added = expectedIds('desc').filter((id) => !before.has(id));
    assert.equal(added.length, 61);
    const events = server.app.vigil.reads.db.prepare('SELECT lower(hex(id)) AS id, ts_ms FROM events').all() as { id: string; ts_ms: number | null }[];
    const timeOf = new Map(events.map((e) => [e.id, e.ts_ms]));
    for (const id of added) {
      const ts = timeOf.get(id) ?? null;
      const afterCursor = ts === null || ts < cursorTime;
      assert.equal(seen.includes(id), afterCursor, `an inserted event ${afterCursor ? 'after' : 'before'} the cursor`);
    }
  });

  it('refuses foreign or mismatched cursors', async () => {
    const first = await page('order=desc&limit=2');
    const mismatched = await server.app.inject({ url: `/api/events?order=asc&cursor=${encodeURIComponent(first.next!)}`, headers: server.auth('viewer') });
    assert.equal(mismatched.statusCode, 400);
    assert.match(body<{ error: { message: string } }>(mismatched).error.message, /order=desc/);
    for (const cursor of ['garbage', Buffer.from('{"v":1,"o":"desc","t":1,"r":-5}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      const response = await server.app.inject({ url: `/api/events?cursor=${cursor}`, headers: server.auth('viewer') });
      assert.equal(body<{ error: { code: string } }>(response).error.code, 'E_VALIDATION');
    }
  });
});

describe('events filters', () => {
  it('combines words, field filters (columns and any event path) and a time range', async () => {
    const byIp = await page('filter=source.ip%3D10.1.0.0&limit=500');
    assert.ok(byIp.events.length > 0);
    assert.ok(byIp.events.every((e) => e.source?.ip === '10.1.0.0'));
    assert.equal(byIp.total, byIp.events.length);
    const byPath = await page('filter=process.pid%3D1005&limit=500');
    assert.ok(byPath.events.length > 0 && byPath.events.every((e) => e.process?.pid === 1005));
    const words = await page('q=first%20user3&limit=500');
    assert.ok(words.events.length > 0 && words.events.every((e) => e.event.original.includes('first') && e.event.original.includes('user3')));
    const since = '2026-11-20T10:01:00Z';
    const until = '2026-11-20T10:02:00Z';
    const range = await page(`since=${since}&until=${until}&limit=500`);
    assert.equal(range.events.length, 60, 'three a second for a minute');
    assert.ok(range.events.every((e) => e['@timestamp']! >= since.replace('Z', '.000Z') && e['@timestamp']! < until.replace('Z', '.000Z')));
    const both = await page(`since=${since}&until=${until}&filter=user.name%3Duser2&q=sshd`);
    assert.ok(both.events.length > 0 && both.events.every((e) => e.user?.name === 'user2'));
  });

  it('reads query syntax in the words as plain text, and reports bad filters as 400', async () => {
    for (const q of ['"unbalanced', 'a OR b NEAR(c)', '*', 'col:umn', '-x ^y']) {
      const response = await server.app.inject({ url: `/api/events?q=${encodeURIComponent(q)}`, headers: server.auth('viewer') });
      assert.equal(response.statusCode, 200, `${q}: ${response.body}`);
    }
    for (const filter of ['no-equals-sign', '=value', 'bad path!=x']) {
      const response = await server.app.inject({ url: `/api/events?filter=${encodeURIComponent(filter)}`, headers: server.auth('viewer') });
      assert.equal(response.statusCode, 400, `${filter}: ${response.body}`);
      assert.equal(body<{ error: { code: string } }>(response).error.code, 'E_VALIDATION');
    }
    const unknown = await server.app.inject({ url: '/api/events?limit=1&colour=red', headers: server.auth('viewer') });
    assert.equal(unknown.statusCode, 400);
  });

  it('pages a word found in thousands of events in time order, and stops counting at 10,000', async () => {
    await ingestText('bulk.log', sshLines(10_500, 1000, 'bulk'));
    const db = server.app.vigil.reads.db;
    const expected = db
      // Every stored event holding the word, in page order (sshd[pid]: the word is followed by a bracket).
      .prepare(`SELECT lower(hex(e.id)) FROM events e WHERE instr(e.original, ' sshd[') > 0 AND e.ts_ms IS NOT NULL ORDER BY e.ts_ms DESC, e.rowid DESC LIMIT 120`)
      .pluck()
      .all() as string[];
    const first = await page('q=sshd&limit=60');
    const second = await page(`q=sshd&limit=60&cursor=${encodeURIComponent(first.next!)}`);
    assert.deepEqual([...first.events, ...second.events].map((e) => e.id), expected);
    assert.deepEqual([first.total, first.totalExact], [10_000, false], 'counting stops at 10,000');
    const rare = await page('q=older%20user5&limit=500');
    assert.ok(rare.totalExact === true && rare.total === rare.events.length);
  });
});

describe('event detail and timeline', () => {
  it('returns one event with its original record; 404 for an unknown id, 400 for a malformed one', async () => {
    const id = expectedIds('asc')[0]!;
    const response = await server.app.inject({ url: `/api/events/${id}`, headers: server.auth('viewer') });
    const detail = body<{ event: VigilEvent; incidents: unknown[] }>(response);
    assert.equal(detail.event.id, id);
    assert.match(detail.event.event.original, /^Nov 20 \d\d:\d\d:\d\d \w+-web\d sshd/);
    assert.deepEqual(detail.incidents, []);
    assert.equal((await server.app.inject({ url: `/api/events/${'0'.repeat(32)}`, headers: server.auth('viewer') })).statusCode, 404);
    assert.equal((await server.app.inject({ url: '/api/events/xyz', headers: server.auth('viewer') })).statusCode, 400);
  });

  it('buckets events with an interval chosen from the range, and honours since/until', async () => {
    interface Timeline { interval: { label: string; ms: number }; since: string; buckets: { start: string; events: number }[] }
    const get = async (query: string) => body<Timeline>(await server.app.inject({ url: `/api/timeline?${query}`, headers: server.auth('viewer') }));
    const timed = server.app.vigil.reads.db.prepare('SELECT count(*) FROM events WHERE ts_ms IS NOT NULL').pluck().get() as number;
    const whole = await get('buckets=100');
    assert.ok(whole.buckets.length <= 100 && whole.buckets.length > 10);
    assert.equal(whole.buckets.reduce((sum, b) => sum + b.events, 0), timed);
    const hour = await get('since=2026-11-20T10:00:00Z&until=2026-11-20T11:00:00Z&buckets=60');
    assert.deepEqual([hour.interval.label, hour.buckets.length, hour.buckets[0]?.start], ['1m', 60, '2026-11-20T10:00:00.000Z']);
    assert.equal(hour.buckets[1]?.events, 60 + 0, 'the second minute of the first file');
    const narrow = await get('since=2026-11-20T10:00:00Z&until=2026-11-20T10:05:00Z&buckets=10');
    assert.equal(narrow.interval.label, '1m');
    const seconds = await get('since=2026-11-20T10:00:00Z&until=2026-11-20T10:00:30Z&buckets=30');
    assert.deepEqual([seconds.interval.label, seconds.buckets[0]?.events], ['1s', 3]);
  });
});
