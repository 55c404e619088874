import assert from 'node:assert/strict';
import type { Fact } from '../../src/schema/assist.ts';
import { eventsByIds, type Store } from '../../src/store/index.ts';
import type { VigilEvent } from '../../src/schema/event.ts';

/** Every citation of every fact resolves: events to stored events, alerts and incidents to stored ones. */
export function assertCitationsResolve(store: Store, facts: readonly Fact[]): void {
  const alerts = new Set(store.db.prepare('SELECT id FROM alerts').pluck().all() as string[]);
  const incidents = new Set(store.db.prepare('SELECT id FROM incidents').pluck().all() as string[]);
  for (const fact of facts) {
    const { events } = fact.citations;
    for (const id of events) assert.match(id, /^[0-9a-f]{32}$/, `${fact.id} ${fact.kind}: event id ${id}`);
    assert.equal(eventsByIds(store.db, events).length, events.length, `${fact.id} ${fact.kind}: every cited event exists`);
    assert.ok(fact.citations.eventCount >= events.length, `${fact.id} ${fact.kind}: eventCount ${fact.citations.eventCount} < ${events.length} listed`);
    for (const id of fact.citations.alerts) assert.ok(alerts.has(id), `${fact.id}: alert ${id}`);
    for (const id of fact.citations.incidents) assert.ok(incidents.has(id), `${fact.id}: incident ${id}`);
  }
}

/** Every IPv4 address and ATT&CK id the fact's text names is on its entity list (the grounding allow-list). */
export function assertEntitiesComplete(facts: readonly Fact[]): void {
  for (const fact of facts) {
    const listed = new Set(fact.entities.map((e) => e.value));
    for (const m of fact.text.matchAll(/(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\w)/g)) assert.ok(listed.has(m[0]), `${fact.id} ${fact.kind} names ${m[0]} without listing it`);
    for (const m of fact.text.matchAll(/\bT\d{4}(?:\.\d{3})?\b/g)) assert.ok(listed.has(m[0]), `${fact.id} ${fact.kind} names ${m[0]} without listing it`);
  }
}

export function citedEvents(store: Store, fact: Fact): VigilEvent[] {
  return eventsByIds(store.db, fact.citations.events);
}
