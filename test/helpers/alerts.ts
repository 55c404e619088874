import type { Alert, AlertType, Entities, RuleLevel, RuleRef } from '../../src/schema/alert.ts';
import { contentHash } from '../../src/util/hash.ts';

/** Hand-made alerts for triage tests: a rule, entities, a time, and an id hashed from all of it. */
export interface AlertSpec {
  rule?: string;
  title?: string;
  level?: RuleLevel;
  tags?: string[];
  status?: RuleRef['status'];
  type?: AlertType;
  at?: string;
  until?: string;
  count?: number;
  ip?: string[];
  dst?: string[];
  user?: string[];
  host?: string[];
  events?: string[];
  /** Distinguishes otherwise identical alerts. */
  n?: number;
}

export function makeAlert(spec: AlertSpec): Alert {
  const tags = spec.tags ?? [];
  const rule: RuleRef = {
    id: spec.rule ?? 'rule-1',
    title: spec.title ?? `Rule ${spec.rule ?? '1'}`,
    level: spec.level ?? 'medium',
    tags,
    techniques: tags.filter((t) => /^attack\.t\d{4}/i.test(t)).map((t) => t.slice('attack.'.length).toUpperCase()),
    ...(spec.status === undefined ? {} : { status: spec.status }),
    origin: 'builtin',
    file: `${spec.rule ?? 'rule-1'}.yml`,
  };
  const entities: Entities = {
    source_ip: [...(spec.ip ?? [])].sort(),
    destination_ip: [...(spec.dst ?? [])].sort(),
    user: [...(spec.user ?? [])].sort(),
    host: [...(spec.host ?? [])].sort(),
  };
  const events = spec.events ?? [contentHash(['event', rule.id, spec.at ?? '', String(spec.n ?? 0), JSON.stringify(entities)])];
  return {
    id: contentHash(['alert', rule.id, spec.type ?? 'match', spec.at ?? '', spec.until ?? '', String(spec.n ?? 0), JSON.stringify(entities)]),
    rule,
    type: spec.type ?? 'match',
    ...(spec.at === undefined ? {} : { first_seen: spec.at, last_seen: spec.until ?? spec.at }),
    count: spec.count ?? 1,
    entities,
    event_ids: events,
    event_total: events.length,
  };
}

/** `2026-11-20T10:00:00.000Z` plus minutes. */
export function at(minutes: number, base = '2026-11-20T10:00:00.000Z'): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}
