import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHeavyFilter, type EventFilter } from '../../src/store/event-filter.ts';

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
});
