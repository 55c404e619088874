import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { GENESIS_HASH, auditHash } from '../../src/store/audit.ts';
import { openStore, type Store } from '../../src/store/index.ts';

/** The hash-chained audit log on a real SQLite file, attacked through a second, raw connection. */

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'vigil-audit-'));
});
after(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
function storeWithEntries(n: number): { store: Store; path: string } {
  const path = join(root, `audit-${++counter}.db`);
  let tick = Date.UTC(2024, 0, 1);
  const store = openStore(path, { clock: () => new Date((tick += 1000)) });
  for (let i = 1; i <= n; i++) {
    store.audit.append({ actor: `user${i % 2}`, action: i % 3 === 0 ? 'search' : 'ingest', target: `/logs/${i}.log`, details: { i, nested: { b: 2, a: [1, 'x'] } } });
  }
  return { store, path };
}

/** A second connection that removes the append-only triggers, as an attacker with file access could. */
function tamper(path: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  raw.prepare(sql).run(...params);
  raw.close();
}

describe('audit chain', () => {
  it('chains appended entries and verifies them', () => {
    const { store } = storeWithEntries(5);
    const entries = store.audit.list();
    assert.deepEqual(entries.map((e) => e.seq), [1, 2, 3, 4, 5]);
    assert.equal(entries[0]?.prev_hash, GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) assert.equal(entries[i]?.prev_hash, entries[i - 1]?.hash);
    assert.deepEqual(entries[0]?.details, { i: 1, nested: { a: [1, 'x'], b: 2 } });
    assert.equal(entries[0]?.at, '2024-01-01T00:00:01.000Z');
    assert.deepEqual(store.audit.verify(), { ok: true, records: 5 });
    store.close();
  });

  it('returns what it appends and filters the list', () => {
    const { store } = storeWithEntries(6);
    const appended = store.audit.append({ actor: 'eve', action: 'export' });
    assert.equal(appended.seq, 7);
    assert.equal(appended.target, null);
    assert.deepEqual(appended.details, {});
    assert.equal(appended.hash, auditHash({ ...appended, details: '{}' }));
    assert.deepEqual(store.audit.list({ action: 'search' }).map((e) => e.seq), [3, 6]);
    assert.deepEqual(store.audit.list({ actor: 'eve' }).map((e) => e.seq), [7]);
    assert.deepEqual(store.audit.list({ limit: 2 }).map((e) => e.seq), [6, 7]);
    store.close();
  });

  it('verifies an empty chain', () => {
    const { store } = storeWithEntries(0);
    assert.deepEqual(store.audit.verify(), { ok: true, records: 0 });
    store.close();
  });

  it('survives a reopen and keeps chaining', () => {
    const { store, path } = storeWithEntries(3);
    store.close();
    const again = openStore(path);
    again.audit.append({ actor: 'x', action: 'y' });
    assert.deepEqual(again.audit.verify(), { ok: true, records: 4 });
    again.close();
  });

  it('reports the record whose details were edited', () => {
    const { store, path } = storeWithEntries(5);
    tamper(path, 'UPDATE audit SET details = ? WHERE seq = 3', JSON.stringify({ i: 3, nested: { b: 2, a: [1, 'y'] } }));
    const result = store.audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.firstBad?.seq, 3);
    assert.match(result.firstBad?.reason ?? '', /does not match its hash/);
    store.close();
  });

  it('reports a record rewritten with a recomputed hash by its broken link to the next one', () => {
    const { store, path } = storeWithEntries(5);
    const row = store.db.prepare('SELECT * FROM audit WHERE seq = 2').get() as { seq: number; at: string; actor: string; action: string; target: string | null; details: string; prev_hash: string };
    const forged = { ...row, actor: 'mallory' };
    tamper(path, 'UPDATE audit SET actor = ?, hash = ? WHERE seq = 2', forged.actor, auditHash(forged));
    const result = store.audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.firstBad?.seq, 3);
    assert.match(result.firstBad?.reason ?? '', /link/);
    store.close();
  });

  it('reports a deleted middle record as missing', () => {
    const { store, path } = storeWithEntries(5);
    tamper(path, 'DELETE FROM audit WHERE seq = 3');
    const result = store.audit.verify();
    assert.equal(result.ok, false);
    assert.equal(result.firstBad?.seq, 4);
    assert.match(result.firstBad?.reason ?? '', /record 3 is missing/);
    store.close();
  });

  it('refuses UPDATE and DELETE through a normal connection', () => {
    const { store, path } = storeWithEntries(3);
    assert.throws(() => store.db.prepare("UPDATE audit SET actor = 'x' WHERE seq = 1").run(), /append-only/);
    assert.throws(() => store.db.prepare('DELETE FROM audit WHERE seq = 3').run(), /append-only/);
    assert.throws(() => store.db.prepare('DELETE FROM audit').run(), /append-only/);
    const raw = new Database(path);
    assert.throws(() => raw.prepare("UPDATE audit SET details = '{}'").run(), /append-only/);
    raw.close();
    assert.deepEqual(store.audit.verify(), { ok: true, records: 3 });
    store.close();
  });

  it('keeps the chain whole when two connections append', () => {
    const { store, path } = storeWithEntries(2);
    const other = openStore(path);
    for (let i = 0; i < 5; i++) {
      store.audit.append({ actor: 'a', action: 'one' });
      other.audit.append({ actor: 'b', action: 'two' });
    }
    assert.deepEqual(store.audit.verify(), { ok: true, records: 12 });
    other.close();
    store.close();
  });
});
