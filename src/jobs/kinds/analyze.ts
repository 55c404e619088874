import { analyzeStore } from '../../pipeline/analyze.ts';
import type { AnalyzeJobResult } from '../../schema/api/jobs.ts';
import { SEVERITIES } from '../../schema/incident.ts';
import { openStore } from '../../store/index.ts';
import type { JobRequest } from '../types.ts';
import type { JobContext } from './index.ts';

/** Detection and triage over the whole store; the findings replace the previous analysis's (audited). */
export function runAnalyzeJob(request: Extract<JobRequest, { kind: 'analyze' }>, ctx: JobContext): Promise<AnalyzeJobResult> {
  const store = openStore(ctx.dbPath);
  try {
    const { payload } = request;
    const findings = analyzeStore(store, {
      actor: request.actor,
      builtin: payload.builtin,
      extra: payload.extra,
      placeholders: payload.placeholders,
      ...payload.triage,
    });
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, findings.incidents.filter((i) => i.severity === s).length]));
    ctx.progress({ events: findings.events });
    const { total, loaded, idle, unsupported, invalid } = findings.rules;
    return Promise.resolve({
      kind: 'analyze',
      analysisId: findings.analysisId,
      events: findings.events,
      alerts: findings.alerts.length,
      incidents: findings.incidents.length,
      bySeverity,
      rules: { total, loaded, idle, unsupported, invalid },
      durationMs: Math.round(findings.durationMs),
    });
  } finally {
    store.close();
  }
}
