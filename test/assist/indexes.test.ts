import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loginFailureSql } from '../../src/assist/facts/vocabulary.ts';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/database.ts';
import { EVENT_INDEXES } from '../../src/store/indexes.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';

const dirs = tempDirs('assist-indexes');

function plan(db: ReturnType<typeof openStore>['db'], sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
}

describe('indexes the facts rely on', () => {
  it('answers entity activity and failed-login aggregates from indexes alone, grouped without a sort', () => {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      const activity = plan(store.db, "SELECT e.action, e.outcome, e.dataset, count(*), sum(e.count), min(e.ts_ms), max(e.ts_ms) FROM events e WHERE e.source_ip = '1.2.3.4' GROUP BY e.action, e.outcome, e.dataset");
      assert.match(activity, /COVERING INDEX events_source_ip/);
      assert.doesNotMatch(activity, /TEMP B-TREE/);
      for (const [column, index] of [['user_name', 'events_user'], ['host_name', 'events_host']]) {
        assert.match(plan(store.db, `SELECT count(*), sum(e.count) FROM events e WHERE e.${column!} = 'x' AND ${loginFailureSql([])}`), new RegExp(`COVERING INDEX ${index!}`));
      }
      const failures = plan(store.db, `SELECT e.source_ip, count(*), sum(e.count), min(e.ts_ms), count(DISTINCT e.user_name) FROM events e WHERE ${loginFailureSql(['old-host'])} GROUP BY e.source_ip`);
      assert.match(failures, /COVERING INDEX events_failure/);
      const groups = plan(store.db, "SELECT e.dataset, e.source_ip, sum(e.count) FROM events e WHERE e.outcome = 'failure' AND e.action = 'firewall-drop' GROUP BY e.dataset, e.source_ip");
      assert.match(groups, /COVERING INDEX events_failure/);
      assert.doesNotMatch(groups, /TEMP B-TREE/);
    } finally {
      store.close();
    }
  });

  it('migration 3 gives a store made before it the wider indexes', () => {
    const path = join(dirs.fresh(), 'old.db');
    const raw = new Database(path);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) raw.exec(migration.sql);
    raw.exec(`
      DROP INDEX events_source_ip; DROP INDEX events_user; DROP INDEX events_host; DROP INDEX events_failure;
      CREATE INDEX events_source_ip ON events(source_ip, ts_ms); CREATE INDEX events_user ON events(user_name, ts_ms);
      CREATE INDEX events_host ON events(host_name, ts_ms); PRAGMA user_version = 2;`);
    raw.close();
    const store = openStore(path);
    try {
      const sql = new Map((store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL").all() as { name: string; sql: string }[]).map((r) => [r.name, r.sql]));
      for (const index of EVENT_INDEXES) assert.equal(sql.get(index.name), `CREATE INDEX ${index.name} ON ${index.on}`);
      assert.equal(store.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    } finally {
      store.close();
    }
  });
});
