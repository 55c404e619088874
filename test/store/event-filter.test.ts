import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildEvent } from '../../src/normalize/build.ts';
import { TimeResolver } from '../../src/normalize/time.ts';
import { isHeavyFilter, type EventFilter } from '../../src/store/event-filter.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';

const temp = tempDirs('event-filter');
const time = new TimeResolver({ tz: 'UTC' }, Date.UTC(2024, 5, 1), Date.UTC(2024, 5, 1));

describe('heavy event filters (answered on the slower readers)', () => {
  it('keeps the shapes event pages answer from a bounded walk light', () => {
    const filters: EventFilter[] = [
      {},
      { sinceMs: 0, untilMs: 10 },
      { text: 'failed password' },
      { text: 'failed', sinceMs: 0 },
      { fields: { 'source.ip': '203.0.113.7' } },
      { fields: { 'user.name': 'root', 'event.action': 'ssh-login', 'event.outcome': 'failure' } },
      { fields: { 'host.name': 'gw-01', 'event.dataset': 'sshd' }, untilMs: 5 },
    ];
    for (const filter of filters) {
      assert.equal(isHeavyFilter(filter), false, JSON.stringify(filter));
    }
  });

  it('sends words with fields, narrowing fields without an entity and other fields to the heavy readers', () => {
    const filters: EventFilter[] = [
      { text: 'failed', fields: { 'source.ip': '203.0.113.7' } },
      { fields: { 'event.action': 'ssh-login' } },
      { fields: { 'event.dataset': 'sshd', 'event.outcome': 'failure' } },
      { fields: { 'url.path': '/admin' } },
      { fields: { 'source.ip': '203.0.113.7', 'process.name': 'cmd.exe' } },
    ];
    for (const filter of filters) {
      assert.equal(isHeavyFilter(filter), true, JSON.stringify(filter));
    }
  });

  it('sends an entity with more (action, outcome, dataset) combinations than are merged to the heavy readers', () => {
    const store = openStore(join(temp.fresh(), 'v.db'));
    try {
      // 70 actions for one busy host, three for a quiet one.
      const events = Array.from({ length: 73 }, (_, i) => {
        const original = `event ${String(i)}`;
        return buildEvent(
          { time: Date.UTC(2024, 4, 1, 0, i), dataset: 'app', fields: { event: { action: `action-${String(i % 70)}` }, host: { name: i < 70 ? 'busy' : 'quiet' } }, line: i + 1, offset: i * 20, original },
          { formatId: 'test', path: '/logs/app.log', key: 'app.log', time },
        );
      });
      store.events.write(events, 1);
      assert.equal(isHeavyFilter({ fields: { 'host.name': 'busy' } }, store.db), true);
      assert.equal(isHeavyFilter({ fields: { 'host.name': 'busy' } }), false, 'without the store to look it up in');
      assert.equal(isHeavyFilter({ fields: { 'host.name': 'busy', 'event.action': 'action-3' } }, store.db), false, 'narrowed to one combination');
      assert.equal(isHeavyFilter({ fields: { 'host.name': 'quiet' } }, store.db), false);
      assert.equal(isHeavyFilter({ fields: { 'host.name': 'unknown' } }, store.db), false, 'no events: nothing to sort');
    } finally {
      store.close();
    }
  });
});
