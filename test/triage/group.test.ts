import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Alert } from '../../src/schema/alert.ts';
import { groupAlerts, hostKey, ipKey, userKey } from '../../src/triage/group/index.ts';
import { at, makeAlert, type AlertSpec } from '../helpers/alerts.ts';

const HOUR = 60 * 60_000;

/** Groups as lists of the alerts' `n`, for readable assertions. */
function grouped(specs: AlertSpec[], gapMs = HOUR): number[][] {
  const alerts = specs.map((s, i) => makeAlert({ ...s, n: i }));
  const byId = new Map(alerts.map((a, i) => [a.id, i]));
  return groupAlerts(alerts, gapMs).map((g: Alert[]) => g.map((a) => byId.get(a.id)!));
}

describe('grouping alerts into incidents', () => {
  it('groups by source address within the gap, and splits the same address on two days', () => {
    assert.deepEqual(
      grouped([
        { ip: ['203.0.113.5'], at: at(0) },
        { ip: ['203.0.113.5'], at: at(45) },
        { ip: ['203.0.113.5'], at: at(24 * 60) },
        { ip: ['198.51.100.7'], at: at(10) },
      ]),
      [[0, 1], [3], [2]],
    );
  });

  it('honours a configured gap', () => {
    const specs = [{ ip: ['203.0.113.5'], at: at(0) }, { ip: ['203.0.113.5'], at: at(30) }];
    assert.deepEqual(grouped(specs, 20 * 60_000), [[0], [1]]);
    assert.deepEqual(grouped(specs, HOUR), [[0, 1]]);
  });

  it('measures the gap from the incident span, which grows as alerts join', () => {
    // 0 → 50 → 100 → 150 minutes: never more than an hour after the span so far.
    assert.deepEqual(grouped([0, 50, 100, 150].map((m) => ({ ip: ['203.0.113.5'], at: at(m) }))), [[0, 1, 2, 3]]);
    // A correlation alert spanning 30..130 keeps the incident open until 190.
    assert.deepEqual(
      grouped([
        { ip: ['203.0.113.5'], at: at(30), until: at(130), type: 'event_count' },
        { ip: ['203.0.113.5'], at: at(185) },
        { ip: ['203.0.113.5'], at: at(300) },
      ]),
      [[0, 1], [2]],
    );
  });

  it('lets an address rejoin an incident that another entity kept open', () => {
    // X at 0 with user oracle; oracle alone (a local alert) at 50..100: the incident now ends at 100; X again at 140.
    assert.deepEqual(
      grouped([
        { ip: ['203.0.113.5'], user: ['oracle'], at: at(0) },
        { user: ['oracle'], host: ['db-1'], at: at(50), until: at(100) },
        { ip: ['203.0.113.5'], at: at(140) },
      ]),
      [[0, 1, 2]],
    );
  });

  it('does not let a victim host glue two attackers together', () => {
    assert.deepEqual(
      grouped([
        { ip: ['203.0.113.5'], host: ['bastion-01'], user: ['oracle'], at: at(0) },
        { ip: ['192.0.2.147'], host: ['bastion-01'], user: ['jenkins'], at: at(5) },
        { ip: ['203.0.113.5'], host: ['bastion-01'], at: at(10) },
      ]),
      [[0, 2], [1]],
    );
  });

  it('links local alerts of one host and one user (no addresses)', () => {
    assert.deepEqual(
      grouped([
        { host: ['WS-FIN-07'], user: ['r.ortiz'], at: at(0) },
        { host: ['WS-FIN-07'], at: at(3) },
        { host: ['ws-fin-07.corp.local'], user: ['R.Ortiz'], at: at(4) },
      ]),
      [[0, 1, 2]],
    );
  });

  it('does not link by a host that every alert of a log carries for different users', () => {
    assert.deepEqual(
      grouped([
        { host: ['DC-01'], user: ['a.one'], at: at(0) },
        { host: ['DC-01'], user: ['b.two'], at: at(1) },
        { host: ['DC-01'], user: ['c.three'], at: at(2) },
        { host: ['DC-01'], user: ['a.one'], at: at(3) },
      ]),
      [[0, 3], [1], [2]],
    );
  });

  it('never links by generic accounts (root, SYSTEM, -, machine accounts)', () => {
    for (const user of ['root', 'SYSTEM', 'NT AUTHORITY\\SYSTEM', '-', 'unknown', 'WS-07$', 'Administrator', 'DWM-1']) {
      assert.deepEqual(grouped([{ ip: ['203.0.113.5'], user: [user], at: at(0) }, { ip: ['198.51.100.7'], user: [user], at: at(1) }]), [[0], [1]], user);
    }
  });

  it('links an address with local alerts of its user, but never two addresses through a user', () => {
    const local = { user: ['CORP\\jdoe'], host: ['ws-9'], at: at(5) };
    assert.deepEqual(grouped([{ ip: ['203.0.113.5'], user: ['jdoe'], at: at(0) }, local]), [[0, 1]]);
    // Two addresses share jdoe: jdoe is a hub in that stretch and links nothing (the local alert stands alone).
    assert.deepEqual(grouped([{ ip: ['203.0.113.5'], user: ['jdoe'], at: at(0) }, { ip: ['198.51.100.7'], user: ['jdoe@corp.local'], at: at(3) }, local]), [[0], [1], [2]]);
  });

  it('links by user only within the user\'s own gap, even while the incident it touched goes on', () => {
    // An attacker active all along (every 30 minutes) used jdoe at 2; a local alert of jdoe comes at 72.
    const specs: AlertSpec[] = [0, 30, 60, 90, 120].map((m) => ({ ip: ['203.0.113.5'], at: at(m) }));
    specs.push({ ip: ['203.0.113.5'], user: ['jdoe'], at: at(2) }, { user: ['jdoe'], host: ['ws-9'], at: at(72) });
    assert.deepEqual(grouped(specs).map((g) => g.length), [6, 1]);
    // With jdoe seen in between (within the gap), the local alert joins.
    specs.push({ user: ['jdoe'], host: ['ws-9'], at: at(40) });
    assert.deepEqual(grouped(specs).map((g) => g.length), [8]);
  });

  it('does not link by loopback or unspecified source addresses', () => {
    assert.deepEqual(grouped([{ ip: ['127.0.0.1'], at: at(0) }, { ip: ['127.0.0.1'], at: at(1) }, { ip: ['::1'], at: at(2) }, { ip: ['0.0.0.0'], at: at(3) }]), [[0], [1], [2], [3]]);
  });

  it('groups alerts without a time among themselves, after the timed ones', () => {
    assert.deepEqual(
      // Untimed alerts are in id order, so compare their members as sets.
      grouped([{ ip: ['203.0.113.5'] }, { ip: ['203.0.113.5'], at: at(0) }, { ip: ['203.0.113.5'] }, { ip: ['198.51.100.7'] }]).map((g) => [...g].sort()),
      [[1], [0, 2], [3]],
    );
  });

  it('gives the same groups whatever the input order', () => {
    const alerts = [
      { ip: ['203.0.113.5'], user: ['oracle'], host: ['bastion-01'], at: at(0) },
      { ip: ['192.0.2.147'], host: ['bastion-01'], at: at(1) },
      { user: ['oracle'], host: ['bastion-01'], at: at(2) },
      { ip: ['203.0.113.5'], at: at(2) },
      { host: ['ws-1'], at: at(2) },
    ].map((s, n) => makeAlert({ ...s, n }));
    const ids = (list: Alert[]) => groupAlerts(list, HOUR).map((g) => g.map((a) => a.id));
    const expected = ids(alerts);
    assert.equal(expected.length, 3);
    assert.deepEqual(ids([...alerts].reverse()), expected);
    assert.deepEqual(ids([alerts[2]!, alerts[4]!, alerts[0]!, alerts[3]!, alerts[1]!]), expected);
  });

  it('normalises keys', () => {
    assert.equal(userKey('CORP\\J.Smith'), 'user:j.smith');
    assert.equal(userKey('j.smith@corp.example'), 'user:j.smith');
    assert.equal(userKey('Administrator'), undefined);
    assert.equal(hostKey('WS-07.corp.local'), 'host:ws-07');
    assert.equal(hostKey('10.0.0.5'), 'host:10.0.0.5');
    assert.equal(hostKey('localhost'), undefined);
    assert.equal(ipKey('2001:DB8::1'), 'ip:2001:db8::1');
    assert.equal(ipKey('::'), undefined);
  });
});
