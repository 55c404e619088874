import { summarizeIncident, type IncidentSummary } from '../assist/summarize/index.ts';
import { createProvider } from '../assist/providers/registry.ts';
import type { Incident } from '../schema/incident.ts';
import { eventsByIds, type Store } from '../store/index.ts';
import { llmOverrides } from './commands/llm-options.ts';
import type { CliContext } from './context.ts';
import { line, paint, terminalSafe, type Output } from './output.ts';

const EVIDENCE_LINES = 2000;

export type LlmSummary = IncidentSummary & { provider: string; model: string | null };

/** The incident summarised by the configured LLM (map-reduce), or its deterministic narrative on any failure. */
export async function llmIncidentSummary(ctx: CliContext, store: Store, incident: Incident, options: Record<string, unknown>): Promise<LlmSummary> {
  const provider = createProvider(ctx.config().llm ?? {}, llmOverrides(options));
  try {
    const alerts = store.analyses.alertsOf(incident.id);
    const events = eventsByIds(store.db, incident.event_ids.slice(0, EVIDENCE_LINES));
    const evidence = new Map(events.map((e) => [e.id, e.event.original]));
    const result =
      provider.id === 'none'
        ? { summary: incident.summary, fallback: 'no LLM provider is configured (llm.provider, or --llm)', calls: 0, flagged: [], promptVersions: { map: '', reduce: '' } }
        : await summarizeIncident(provider, incident, alerts, { evidence });
    store.audit.append({
      actor: ctx.actor,
      action: 'summarize',
      target: incident.id,
      details: { provider: provider.id, model: provider.model ?? null, calls: result.calls, fallback: result.fallback, flagged: result.flagged.length, local: provider.local },
    });
    return { ...result, provider: provider.id, model: provider.id === 'none' ? null : (provider.model ?? null) };
  } finally {
    await provider.close();
  }
}

export function printLlmSummary(o: Output, s: LlmSummary): void {
  line(o);
  line(o, paint(o, 'bold', s.fallback === null ? `Summary by ${terminalSafe(`${s.provider} ${s.model ?? ''}`.trim())} (${s.calls} calls)` : 'Summary'));
  line(o, terminalSafe(s.summary));
  if (s.fallback !== null) line(o, paint(o, 'yellow', `(the model was not used: ${terminalSafe(s.fallback)}; this is Vigil's own narrative)`));
  for (const f of s.flagged) line(o, paint(o, 'yellow', `  not in the incident's data: ${f.kind} ${terminalSafe(f.value)}`));
}
