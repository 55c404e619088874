import type { Fact, Intent } from '../../schema/assist.ts';

/** Where each fact kind goes in a report, in report order. */

export type SectionId = 'scope' | 'answer' | 'correlated' | 'attack' | 'timelines' | 'next-steps';

export const SECTION_TITLES: Readonly<Record<SectionId, string>> = {
  scope: 'Scope',
  answer: 'Findings',
  correlated: 'Across sources',
  attack: 'ATT&CK context',
  timelines: 'Entity timelines',
  'next-steps': 'Next steps',
};

export const SECTION_ORDER: readonly SectionId[] = ['scope', 'answer', 'correlated', 'attack', 'timelines', 'next-steps'];

export function sectionOf(fact: Pick<Fact, 'kind'>): SectionId {
  if (fact.kind === 'scope') return 'scope';
  if (fact.kind.startsWith('correlated.')) return 'correlated';
  if (fact.kind.startsWith('attack.')) return 'attack';
  if (fact.kind === 'forensic.timeline') return 'timelines';
  if (fact.kind === 'forensic.next-steps') return 'next-steps';
  return 'answer';
}

export const INTENT_HEADINGS: Readonly<Record<Intent, string>> = {
  threats: 'Security threats',
  'suspicious-ips': 'Suspicious IP addresses',
  'failed-logins': 'Failed logins',
  timeline: 'Timeline of security-related events',
  'most-critical': 'Most critical threat',
  'brute-force': 'Brute-force indicators',
  external: 'Unusual activity from external sources',
  entity: 'Entity activity',
  software: 'Software installed and removed',
  free: 'Matching events',
};
