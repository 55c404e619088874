import { cite } from '../cite.ts';
import type { FactContext, FactDraft } from '../types.ts';

/** No analysis has run on the store: incidents, alerts and ATT&CK mappings do not exist yet. */
export function analysisMissing(ctx: FactContext): FactDraft {
  return {
    kind: 'analysis.missing',
    title: 'No analysis yet',
    text: 'No analysis has been run on this store, so there are no alerts or incidents yet (run `vigil analyze`); the facts below come from the events alone.',
    data: { analysis: null },
    entities: [],
    citations: cite(ctx, {}),
  };
}
