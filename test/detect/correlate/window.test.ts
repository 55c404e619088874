import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupWindow, type Entry } from '../../../src/detect/correlate/window.ts';
import { MAX_ALERT_EVIDENCE } from '../../../src/schema/alert.ts';
import { ev, sec } from './helpers.ts';

let seq = 0;
const entry = (timeMs: number, over: Partial<Entry> = {}): Entry => ({
  timeMs,
  seq: seq++,
  weight: 1,
  indices: [0],
  value: undefined,
  event: ev(timeMs),
  burst: undefined,
  ...over,
});

describe('GroupWindow', () => {
  it('keeps measures exact as entries slide out, both ends inclusive', () => {
    const w = new GroupWindow('event_count', 60_000, 1);
    for (let i = 0; i <= 120; i += 1) w.add(entry(sec(i), { weight: i % 2 === 0 ? 2 : 1 }));
    w.expire(sec(120));
    // Seconds 60 … 120 remain: 61 entries, 31 of them even (weight 2).
    assert.equal(w.size, 61);
    assert.equal(w.measure(sec(120)), 92);
  });

  it('holds the events of the newest MAX_ALERT_EVIDENCE entries only; older entries keep their numbers', () => {
    const w = new GroupWindow('value_count', 3_600_000, 1);
    for (let i = 0; i < 1000; i += 1) w.add(entry(sec(i), { value: `v${String(i % 300)}` }));
    const all = [...w.since(Number.NEGATIVE_INFINITY)];
    assert.equal(all.length, 1000);
    assert.equal(all.filter((e) => e.event !== undefined).length, MAX_ALERT_EVIDENCE);
    assert.ok(all.slice(-MAX_ALERT_EVIDENCE).every((e) => e.event !== undefined));
    assert.equal(w.measure(sec(999)), 300);
  });

  it('value_sum and value_avg follow the window; an emptied window restarts from zero', () => {
    const sum = new GroupWindow('value_sum', 10_000, 1);
    const avg = new GroupWindow('value_avg', 10_000, 1);
    for (const [t, v] of [[0, 0.1], [5, 0.2], [12, 0.3]] as const) {
      for (const w of [sum, avg]) {
        w.expire(sec(t));
        w.add(entry(sec(t), { value: v }));
      }
    }
    assert.ok(Math.abs(sum.measure(sec(12)) - 0.5) < 1e-12);
    assert.ok(Math.abs(avg.measure(sec(12)) - 0.25) < 1e-12);
    sum.expire(sec(100));
    assert.equal(sum.measure(sec(100)), 0);
    assert.equal(sum.size, 0);
  });

  it('temporal_ordered measures the longest in-order chain still inside the window', () => {
    const w = new GroupWindow('temporal_ordered', 60_000, 3);
    w.add(entry(sec(0), { indices: [1] }));
    assert.equal(w.measure(sec(0)), 0);
    w.add(entry(sec(10), { indices: [0] }));
    w.add(entry(sec(20), { indices: [1] }));
    assert.equal(w.measure(sec(20)), 2);
    w.add(entry(sec(30), { indices: [2] }));
    assert.equal(w.measure(sec(30)), 3);
    assert.equal(w.startOfMeasure(sec(30)), sec(10));
    // At 71 s the chain's start (10 s) has left the window.
    assert.equal(w.measure(sec(71)), 0);
  });

  it('after(seq) yields only what arrived after a burst last took', () => {
    const w = new GroupWindow('event_count', 60_000, 1);
    const added = [0, 1, 2, 3].map((i) => entry(sec(i)));
    for (const e of added) w.add(e);
    assert.deepEqual([...w.after(added[1]?.seq ?? -1)].map((e) => e.seq), added.slice(2).map((e) => e.seq));
  });
});
