import type { Fact } from '../../../schema/assist.ts';
import { successesAfterFailures } from '../auth.ts';
import { cite } from '../cite.ts';
import { recordIncident } from '../describe.ts';
import { Names, iso } from '../names.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { SUCCESS_AFTER_MIN } from '../vocabulary.ts';
import { citedIncidents, involvedEntities } from './involved.ts';

const MAX_STEPS = 30;

/**
 * Forensic: what to do next. Sessions opened after failed logins to review first, then the investigation and
 * containment actions of the cited incidents (triage's guidance per technique), then the ATT&CK pages of
 * their techniques.
 */
export function nextStepFacts(ctx: FactContext, answer: readonly Pick<Fact, 'entities' | 'citations'>[]): FactDraft[] {
  const names = new Names();
  const steps: string[] = [];
  const add = (step: string) => {
    if (!steps.includes(step) && steps.length < MAX_STEPS) steps.push(step);
  };
  const involved = new Set(involvedEntities(answer, 50).map((e) => e.value));
  for (const r of successesAfterFailures(ctx, 'source_ip')) {
    if (r.failuresBefore < SUCCESS_AFTER_MIN || !involved.has(r.key)) continue;
    const user = r.user === null ? 'the account' : names.user(r.user);
    const search = r.user === null ? `--field source.ip=${r.key}` : `--field user.name=${user}`;
    add(`Review everything ${user} did after the successful login from ${names.ip(r.key)} at ${iso(r.at)} (vigil search ${search} --since ${iso(r.at)}); treat the account as compromised until shown otherwise.`);
  }
  const incidents = citedIncidents(ctx, answer);
  for (const incident of incidents) {
    recordIncident(names, incident);
    for (const step of [...incident.recommendations.investigation, ...incident.recommendations.containment]) add(names.mentions(step));
  }
  for (const t of [...new Map(incidents.flatMap((i) => i.techniques).map((t) => [t.id, t])).values()]) {
    if (t.url !== undefined) add(names.mentions(`Read ATT&CK ${names.technique(t.id)} ${t.name} (${t.url}) for detection and mitigation guidance.`));
  }
  if (steps.length === 0) return [];
  return [{
    kind: 'forensic.next-steps',
    title: 'Investigative next steps',
    text: `Next steps: ${steps.map((s, i) => `(${String(i + 1)}) ${s}`).join(' ')}`,
    data: { steps },
    entities: names.entities,
    citations: cite(ctx, { incidents: incidents.map((i) => i.id) }),
  }];
}
