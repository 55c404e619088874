import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildEvent } from '../../src/normalize/build.ts';
import { TimeResolver } from '../../src/normalize/time.ts';
import type { EventFields, VigilEvent } from '../../src/schema/event.ts';
import { ACTIVITY_KINDS } from '../../src/store/activity.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { rewindStore } from '../helpers/old-store.ts';
import { tempDirs } from '../helpers/temp.ts';

/** The entity activity summary is, after any sequence of batches, exactly what a scan of the events gives. */

const dirs = tempDirs('store-activity');
const activityMigration = () => MIGRATIONS.find((m) => m.sql.includes('CREATE TABLE entity_activity'))!.version;
const time = new TimeResolver({ tz: 'UTC' }, Date.UTC(2024, 5, 1), Date.UTC(2024, 5, 1));

const IPS = ['203.0.113.7', '10.0.0.8', '198.51.100.4', undefined];
const USERS = ['root', 'alice', '', undefined];
const HOSTS = ['gw-01', 'db-01', undefined];
const ACTIONS = ['ssh-login', 'firewall-drop', undefined];
const OUTCOMES = ['failure', 'success', undefined] as const;

/** Every combination of present and missing values, some timeless, some standing for several occurrences. */
function events(seed: number, count: number): VigilEvent[] {
  return Array.from({ length: count }, (_, n) => {
    const i = seed * 7919 + n;
    const fields: EventFields = { event: { action: ACTIONS[i % 3], outcome: OUTCOMES[(i >> 1) % 3], count: i % 5 === 0 ? 3 : undefined } };
    const ip = IPS[i % 4];
    const user = USERS[(i >> 2) % 4];
    const host = HOSTS[(i >> 3) % 3];
    if (ip !== undefined) fields.source = { ip };
    if (user !== undefined) fields.user = { name: user };
    if (host !== undefined) fields.host = { name: host };
    const timeless = i % 11 === 0;
    const timestamp = timeless ? undefined : new Date(Date.UTC(2024, 4, 1) + i * 61_000).toISOString();
    const original = `line ${String(i)}`;
    return buildEvent(
      { time: timestamp, dataset: timeless ? 'timeless' : i % 2 === 0 ? 'sshd' : 'ufw', fields: { message: original, ...fields }, line: i, offset: i * 100, original },
      { formatId: 'test', path: '/logs/test.log', key: 'test.log', time },
    );
  });
}

type SummaryRow = Record<string, unknown>;

function summary(store: Store): SummaryRow[] {
  return store.db
    .prepare('SELECT kind, value, action, outcome, dataset, other, events, occurrences, first_ms, last_ms, sample_rowid FROM entity_activity ORDER BY kind, value, action, outcome, dataset, other')
    .all() as SummaryRow[];
}

/** The same numbers straight from the events. */
function scanned(store: Store): SummaryRow[] {
  const parts = ACTIVITY_KINDS.map(
    (k) => `SELECT '${k.column}' AS kind, ${k.column} AS value, action, outcome, dataset, ${k.other} AS other, count(*) AS events, sum(count) AS occurrences,
      min(ts_ms) AS first_ms, max(ts_ms) AS last_ms, min(rowid) AS sample_rowid FROM events WHERE ${k.column} IS NOT NULL GROUP BY ${k.column}, action, outcome, dataset, ${k.other}`,
  );
  return store.db.prepare(`SELECT * FROM (${parts.join(' UNION ALL ')}) ORDER BY kind, value, action, outcome, dataset, other`).all() as SummaryRow[];
}

describe('entity activity summary', () => {
  it('matches a scan of the events after batches that repeat stored events', () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      assert.equal(store.events.write(events(1, 300), 1), 300);
      assert.equal(store.events.write([...events(1, 120), ...events(2, 200)], 2), 200, 'the repeated events are not stored again');
      store.events.write(events(3, 50), 3);
      const rows = summary(store);
      assert.deepEqual(rows, scanned(store));
      assert.ok(rows.some((r) => r.action === null) && rows.some((r) => r.other === null) && rows.some((r) => r.first_ms === null), 'missing values are keys too');
      assert.ok(rows.some((r) => r.kind === 'user_name' && r.value === ''), 'an empty name is not a missing one');
      const total = store.db.prepare("SELECT sum(events) FROM entity_activity WHERE kind = 'source_ip'").pluck().get();
      assert.equal(total, store.db.prepare('SELECT count(*) FROM events WHERE source_ip IS NOT NULL').pluck().get());
    } finally {
      store.close();
    }
  });

  it('is filled from the stored events when a store made before it is opened', () => {
    const path = join(dirs.fresh(), 'old.db');
    const old = openStore(path);
    old.events.write(events(4, 400), 1);
    rewindStore(old.db, activityMigration() - 1);
    assert.equal(old.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'entity_activity'").pluck().get(), 0);
    old.close();
    const store = openStore(path);
    try {
      assert.equal(summary(store).length > 0, true);
      assert.deepEqual(summary(store), scanned(store));
      store.events.write(events(5, 100), 2);
      assert.deepEqual(summary(store), scanned(store), 'and kept up to date afterwards');
    } finally {
      store.close();
    }
  });

  it('rolls back with the batch that failed', () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      store.events.write(events(6, 100), 1);
      const before = summary(store);
      store.db.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON entity_activity BEGIN SELECT RAISE(ABORT, 'disk full'); END;
        CREATE TRIGGER fail_update BEFORE UPDATE ON entity_activity BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
      assert.throws(() => store.events.write(events(7, 100), 2), /disk full/);
      store.db.exec('DROP TRIGGER fail_insert; DROP TRIGGER fail_update;');
      assert.equal(store.db.prepare('SELECT count(*) FROM events').pluck().get(), 100, 'the batch is not stored');
      assert.deepEqual(summary(store), before);
      store.events.write(events(7, 100), 2);
      assert.deepEqual(summary(store), scanned(store));
    } finally {
      store.close();
    }
  });
});
