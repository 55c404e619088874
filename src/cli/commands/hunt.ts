import { detectAndTriage, loadRules } from '../../pipeline/analyze.ts';
import { detectOptions } from '../../pipeline/detect-options.ts';
import type { Alert } from '../../schema/alert.ts';
import type { CliContext } from '../context.ts';
import { line, number, paint, printJson, table, terminalSafe } from '../output.ts';
import { printIncidentList, printRuleSummary } from '../render/incidents.ts';
import { defineCommand } from './command.ts';
import { withDetectOptions } from './detect-options.ts';

export interface RuleHits {
  rule_id: string;
  title: string;
  level: string;
  file: string;
  alerts: number;
  events: number;
}

/** Alerts per rule, most alerts first (ties by rule id). */
export function hitsByRule(alerts: readonly Alert[]): RuleHits[] {
  const hits = new Map<string, RuleHits>();
  for (const a of alerts) {
    const h = hits.get(a.rule.id) ?? { rule_id: a.rule.id, title: a.rule.title, level: a.rule.level, file: a.rule.file, alerts: 0, events: 0 };
    h.alerts++;
    h.events += a.event_total;
    hits.set(a.rule.id, h);
  }
  return [...hits.values()].sort((a, b) => b.alerts - a.alerts || a.rule_id.localeCompare(b.rule_id));
}

export const huntCommand = defineCommand({
  name: 'hunt',
  define: (c) =>
    withDetectOptions(
      c.description('Run Sigma rules (a SigmaHQ checkout, your own) over the stored events; prints hits per rule and the incidents they form. Stores nothing.'),
      'hunt',
    ),
  run(ctx: CliContext, _args, options) {
    const selection = detectOptions('hunt', options, ctx.config());
    const set = loadRules(selection);
    const store = ctx.openStore();
    try {
      const findings = detectAndTriage(store, set, selection);
      const byRule = hitsByRule(findings.alerts);
      store.audit.append({
        actor: ctx.actor,
        action: 'hunt',
        target: (selection.extra ?? []).join(' '),
        details: { builtin: selection.builtin, loaded: findings.rules.loaded, unsupported: findings.rules.unsupported, invalid: findings.rules.invalid, events: findings.events, alerts: findings.alerts.length, incidents: findings.incidents.length },
      });
      if (ctx.output.json) {
        printJson(ctx.output, { rules: findings.rules, events: findings.events, byRule, alerts: findings.alerts, incidents: findings.incidents });
        return Promise.resolve(0);
      }
      const o = ctx.output;
      printRuleSummary(o, findings.rules);
      line(o, `Hunt: ${number(findings.events)} events → ${number(findings.alerts.length)} alerts from ${number(byRule.length)} rules`);
      if (byRule.length > 0) {
        line(o);
        line(o, paint(o, 'bold', 'Hits by rule'));
        line(o, table(byRule.slice(0, 50).map((h) => [h.level, `${number(h.alerts)} alerts`, `${number(h.events)} events`, terminalSafe(h.title), terminalSafe(h.file)])));
      }
      line(o);
      printIncidentList(o, findings.incidents.slice(0, 25), findings.incidents.length);
      return Promise.resolve(0);
    } finally {
      store.close();
    }
  },
});
