import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiReducer, initialApiState, shownData, type ApiEvent, type ApiRequestState } from '../../web/src/lib/api-state.ts';

/**
 * The state behind the web app's `useApi`: which answer is shown, and whether it belongs to the request now
 * asked for (the dashboard's range counters show "counting the range…" until it does).
 */

type Totals = { events: number };

function run(events: readonly ApiEvent<Totals>[]): ApiRequestState<Totals> {
  return events.reduce(apiReducer<Totals>, initialApiState<Totals>(true));
}

const ALL = '/api/timeline?buckets=120';
const RANGE = '/api/timeline?since=2026-01-01T00%3A00%3A00Z&until=2026-01-02T00%3A00%3A00Z&buckets=120';
const OTHER = '/api/timeline?since=2026-01-03T00%3A00%3A00Z&until=2026-01-04T00%3A00%3A00Z&buckets=120';

describe('useApi state', () => {
  it('shows nothing before the first answer, then that answer as current', () => {
    assert.deepEqual(shownData(run([{ type: 'request', call: 1 }]), ALL), { data: undefined, current: false });
    const answered = run([{ type: 'request', call: 1 }, { type: 'answer', call: 1, path: ALL, value: { events: 1000 } }]);
    assert.deepEqual(shownData(answered, ALL), { data: { events: 1000 }, current: true });
    assert.equal(answered.loading, false);
  });

  it('keeps the previous answer on screen for a new path, but not as the new path’s, until its own arrives', () => {
    const asked = run([{ type: 'request', call: 1 }, { type: 'answer', call: 1, path: ALL, value: { events: 1000 } }, { type: 'request', call: 2 }]);
    assert.deepEqual(shownData(asked, RANGE), { data: { events: 1000 }, current: false }, 'the all-time total is not the range’s');
    assert.equal(asked.loading, true);
    const arrived = apiReducer(asked, { type: 'answer', call: 2, path: RANGE, value: { events: 120 } });
    assert.deepEqual(shownData(arrived, RANGE), { data: { events: 120 }, current: true });
  });

  it('never lets an older request’s late answer replace a newer one, nor count as current', () => {
    const state = run([
      { type: 'request', call: 1 },
      { type: 'answer', call: 1, path: ALL, value: { events: 1000 } },
      { type: 'request', call: 2 },
      { type: 'request', call: 3 },
      { type: 'answer', call: 2, path: RANGE, value: { events: 120 } },
    ]);
    assert.deepEqual(shownData(state, OTHER), { data: { events: 1000 }, current: false }, 'the first brush’s answer is dropped');
    const done = apiReducer(state, { type: 'answer', call: 3, path: OTHER, value: { events: 40 } });
    assert.deepEqual(shownData(done, OTHER), { data: { events: 40 }, current: true });
  });

  it('stays current while the same path is polled again (no flicker), and keeps the data after a failure', () => {
    const polled = run([{ type: 'request', call: 1 }, { type: 'answer', call: 1, path: RANGE, value: { events: 120 } }, { type: 'request', call: 2 }]);
    assert.deepEqual(shownData(polled, RANGE), { data: { events: 120 }, current: true });
    const failed = apiReducer(polled, { type: 'failure', call: 2, error: new Error('the server cannot be reached') });
    assert.deepEqual(shownData(failed, RANGE), { data: { events: 120 }, current: true });
    assert.ok(failed.error instanceof Error);
    const recovered = apiReducer(apiReducer(failed, { type: 'request', call: 3 }), { type: 'answer', call: 3, path: RANGE, value: { events: 121 } });
    assert.equal(recovered.error, undefined);
  });
});
