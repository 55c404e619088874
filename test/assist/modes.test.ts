import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MODE_LIMITS } from '../../src/assist/facts/index.ts';
import type { Fact } from '../../src/schema/assist.ts';
import type { Store } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { assertCitationsResolve, assertEntitiesComplete } from './citations.ts';
import { ask, factOf, fixtureStore } from './fixture.ts';

/** What docs/assist-modes.md says each mode changes, checked on the same question. */

const dirs = tempDirs('assist-modes');
let store: Store;
before(async () => {
  store = await fixtureStore(dirs.fresh());
});
after(() => store.close());

const kinds = (facts: readonly Fact[]) => new Set(facts.map((f) => f.kind));
const QUESTION = 'What is the most critical threat detected?';

describe('analysis modes', () => {
  it('basic: the direct answer and top evidence, at most 5 event ids per fact', async () => {
    const { facts } = await ask(store, QUESTION, 'basic');
    assert.ok(facts.every((f) => f.citations.events.length <= 5));
    assert.ok(facts.some((f) => f.citations.eventCount > f.citations.events.length), 'eventCount stays the true total');
    for (const kind of kinds(facts)) assert.ok(!/^(correlated|attack|forensic)\./.test(kind), kind);
  });

  it('advanced: adds the cross-source view of the entities and ATT&CK context, up to 20 ids per fact', async () => {
    const { facts } = await ask(store, QUESTION, 'advanced');
    assertCitationsResolve(store, facts);
    assertEntitiesComplete(facts);
    assert.ok(facts.every((f) => f.citations.events.length <= MODE_LIMITS.advanced.eventIds));
    const correlated = facts.filter((f) => f.kind === 'correlated.entity');
    assert.deepEqual(correlated.map((f) => f.data.value), ['203.0.113.50', 'root', 'gw-01', '185.220.101.42', '10.0.0.1']);
    const gateway = correlated[2]!;
    assert.match(gateway.text, /gw-01 appears in 2 datasets/);
    const attack = factOf(facts, 'attack.context');
    assert.deepEqual((attack.data.techniques as { id: string }[]).map((t) => t.id).sort(), ['T1046', 'T1078', 'T1110.001']);
    assert.match(attack.text, /T1110\.001 Password Guessing \(Credential Access\)/);
    assert.ok(!kinds(facts).has('forensic.timeline'));
  });

  it('forensic: adds each entity\'s full timeline with every event id, and next steps', async () => {
    const basic = await ask(store, QUESTION, 'basic');
    const { facts } = await ask(store, QUESTION, 'forensic');
    assertCitationsResolve(store, facts);
    assertEntitiesComplete(facts);
    const timeline = facts.find((f) => f.kind === 'forensic.timeline' && f.data.value === '203.0.113.50')!;
    assert.equal(timeline.citations.events.length, 13, 'every event of the source, not a sample');
    assert.equal(timeline.citations.eventCount, 13);
    assert.deepEqual(timeline.data.lines, [
      '2024-03-05T10:00:00Z to 2024-03-05T10:00:55Z: sshd ssh-login failure ×12 on gw-01 (accounts root)',
      '2024-03-05T10:02:00Z: sshd ssh-login success ×1 on gw-01 (accounts root)',
    ]);
    const steps = factOf(facts, 'forensic.next-steps').data.steps as string[];
    assert.match(steps[0]!, /^Review everything root did after the successful login from 203\.0\.113\.50 at 2024-03-05T10:02:00Z/);
    assert.ok(steps.some((s) => /attack\.mitre\.org\/techniques\/T1110\/001/.test(s)));
    const evidence = factOf(facts, 'most-critical.evidence');
    assert.equal(evidence.citations.events.length, evidence.citations.eventCount, 'forensic lists every supporting id');
    assert.ok(factOf(basic.facts, 'most-critical.evidence').citations.events.length < evidence.citations.events.length);
  });

  it('lists more detail per list as the mode deepens', () => {
    assert.ok(MODE_LIMITS.basic.items < MODE_LIMITS.advanced.items && MODE_LIMITS.advanced.items < MODE_LIMITS.forensic.items);
    assert.ok(MODE_LIMITS.basic.timeline < MODE_LIMITS.advanced.timeline && MODE_LIMITS.advanced.timeline < MODE_LIMITS.forensic.timeline);
    assert.equal(MODE_LIMITS.forensic.eventIds, 5000);
  });
});
