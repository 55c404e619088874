import type { Fact } from '../../../schema/assist.ts';
import type { TechniqueRef } from '../../../schema/incident.ts';
import { tacticRef } from '../../../triage/attack/index.ts';
import { cite } from '../cite.ts';
import { Names } from '../names.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { citedIncidents } from './involved.ts';

/** Advanced and forensic: the ATT&CK techniques of the incidents the answer cites, with names, tactics and links. */
export function attackContextFacts(ctx: FactContext, answer: readonly Pick<Fact, 'citations'>[]): FactDraft[] {
  const incidents = citedIncidents(ctx, answer);
  const techniques = new Map<string, { ref: TechniqueRef; incidents: string[] }>();
  for (const incident of incidents) {
    for (const ref of incident.techniques) {
      const known = techniques.get(ref.id) ?? { ref, incidents: [] };
      known.incidents.push(incident.id);
      techniques.set(ref.id, known);
    }
  }
  if (techniques.size === 0) return [];
  const names = new Names();
  const tacticName = (shortname: string) => tacticRef(shortname)?.name ?? shortname;
  const lines = [...techniques.values()].map(({ ref, incidents: ids }) =>
    `${names.technique(ref.id)} ${ref.name} (${ref.tactics.map(tacticName).join(', ') || 'tactic unknown'}${ref.known ? '' : ', not in the ATT&CK table'}) in ${String(ids.length)} incident${ids.length === 1 ? '' : 's'}`,
  );
  return [{
    kind: 'attack.context',
    title: 'ATT&CK context',
    text: `ATT&CK techniques behind the cited incidents: ${lines.join('; ')}.`,
    data: { techniques: [...techniques.values()].map(({ ref, incidents: ids }) => ({ id: ref.id, name: ref.name, tactics: ref.tactics, url: ref.url ?? null, incidents: ids })) },
    entities: names.entities,
    citations: cite(ctx, { incidents: incidents.map((i) => i.id) }),
  }];
}
