import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Fact } from '../../src/schema/assist.ts';
import type { Store } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { ask, factOf, fixtureStore } from './fixture.ts';

/**
 * An entity's activity, cross-source view and timeline total come from the activity summary when the
 * question is not narrowed by time, and from the events when it is: both give the same facts.
 */

const dirs = tempDirs('assist-summary');
let store: Store;
before(async () => {
  store = await fixtureStore(dirs.fresh());
});
after(() => store.close());

const WHOLE_TIME = ' since 2000-01-01';
const withoutScope = (facts: readonly Fact[]) => facts.filter((f) => f.kind !== 'scope');

describe('entity activity summary in the facts', () => {
  for (const question of ['what did 203.0.113.50 do', 'activity of gw-01', 'what did root do']) {
    it(`"${question}": the same facts from the summary as from the events`, async () => {
      const fromSummary = await ask(store, question, 'forensic');
      const fromEvents = await ask(store, `${question}${WHOLE_TIME}`, 'forensic');
      assert.equal(fromSummary.plan.filters.sinceMs, undefined);
      assert.ok(fromEvents.plan.time !== undefined, 'the second question has a time scope');
      assert.ok(fromSummary.facts.some((f) => f.kind === 'correlated.entity') && fromSummary.facts.some((f) => f.kind === 'forensic.timeline'));
      assert.deepEqual(withoutScope(fromSummary.facts).map((f) => ({ ...f, id: '' })), withoutScope(fromEvents.facts).map((f) => ({ ...f, id: '' })));
    });
  }

  it('reads the summary only when the scope allows', async () => {
    const before = factOf((await ask(store, 'what did 203.0.113.50 do')).facts, 'entity.activity');
    store.db.exec("UPDATE entity_activity SET occurrences = occurrences + 1000 WHERE kind = 'source_ip' AND value = '203.0.113.50'");
    try {
      const changed = factOf((await ask(store, 'what did 203.0.113.50 do')).facts, 'entity.activity');
      const scoped = factOf((await ask(store, `what did 203.0.113.50 do${WHOLE_TIME}`)).facts, 'entity.activity');
      assert.equal(changed.data.events, (before.data.events as number) + 1000 * (before.data.actions as unknown[]).length);
      assert.equal(scoped.data.events, before.data.events);
    } finally {
      store.db.exec("UPDATE entity_activity SET occurrences = occurrences - 1000 WHERE kind = 'source_ip' AND value = '203.0.113.50'");
    }
  });
});
