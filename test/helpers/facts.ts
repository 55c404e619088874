import type { EntityRef, Fact } from '../../src/schema/assist.ts';
import { contentHash } from '../../src/util/hash.ts';

/** Hand-built facts for narration tests (the planner computes real ones from a store). */
export interface FactSpec {
  id: string;
  kind?: string;
  title?: string;
  text: string;
  data?: Record<string, unknown>;
  entities?: EntityRef[];
  events?: number;
  alerts?: number;
  incidents?: number;
}

/** Ids as the store makes them: 32 hex digits. */
export function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => contentHash([prefix, String(i)]));
}

export function makeFact(spec: FactSpec): Fact {
  const events = spec.events ?? 3;
  return {
    id: spec.id,
    kind: spec.kind ?? 'summary',
    title: spec.title ?? `Fact ${spec.id}`,
    text: spec.text,
    data: spec.data ?? {},
    entities: spec.entities ?? [],
    citations: {
      events: ids(`event-${spec.id}`, Math.min(events, 40)),
      eventCount: events,
      alerts: ids(`alert-${spec.id}`, spec.alerts ?? 1),
      incidents: ids(`incident-${spec.id}`, spec.incidents ?? 0),
    },
  };
}

/** A brute force that ended in a success: the facts an answer about it would get, most important first. */
export function bruteForceFacts(): Fact[] {
  return [
    makeFact({
      id: 'F1',
      kind: 'incident',
      title: 'SSH brute force from 203.0.113.9 on web-01',
      text: 'Incident "SSH brute force from 203.0.113.9 on web-01": high severity (score 62), confidence high 0.86; 1204 failed logins then a success for root.',
      data: { severity: 'high', score: 62, confidence: 'high', alerts: 14, techniques: ['T1110.001'] },
      entities: [
        { kind: 'ip', value: '203.0.113.9' },
        { kind: 'host', value: 'web-01' },
        { kind: 'user', value: 'root' },
        { kind: 'technique', value: 'T1110.001' },
      ],
      events: 1205,
      alerts: 14,
      incidents: 1,
    }),
    makeFact({
      id: 'F2',
      kind: 'failed-logins',
      title: 'Failed logins by source',
      text: '1204 failed SSH logins from 203.0.113.9 against root (1100) and admin (104) on web-01, port 22, from 2026-11-20 10:00:00 to 10:42:13 UTC.',
      data: { total: 1204, by_user: [{ user: 'root', count: 1100 }, { user: 'admin', count: 104 }], 'source.ip': '203.0.113.9', port: 22 },
      entities: [
        { kind: 'ip', value: '203.0.113.9' },
        { kind: 'user', value: 'root' },
        { kind: 'user', value: 'admin' },
        { kind: 'host', value: 'web-01' },
      ],
      events: 1204,
    }),
    makeFact({
      id: 'F3',
      kind: 'success-after-failures',
      title: 'Success after failures',
      text: 'Accepted password for root from 203.0.113.9 port 52144 ssh2 at 2026-11-20 10:42:13 UTC, after 1204 failures.',
      data: { user: 'root', at: '2026-11-20T10:42:13.000Z' },
      entities: [
        { kind: 'ip', value: '203.0.113.9' },
        { kind: 'user', value: 'root' },
      ],
      events: 1,
    }),
    makeFact({
      id: 'F4',
      kind: 'external',
      title: 'External sources',
      text: '203.0.113.9 is outside the local networks; IPv6 source 2001:db8::7 also appears (12 events).',
      data: { external: ['203.0.113.9', '2001:db8::7'] },
      entities: [
        { kind: 'ip', value: '203.0.113.9' },
        { kind: 'ip', value: '2001:db8::7' },
      ],
      events: 1216,
    }),
  ];
}
