import type { AnalysisMode, Fact, Plan } from '../../schema/assist.ts';
import { markdownText } from '../../triage/export/escape.ts';
import { INTENT_HEADINGS, SECTION_ORDER, SECTION_TITLES, sectionOf, type SectionId } from './sections.ts';

/**
 * The deterministic answer: light Markdown (headings, bullets, `[F2]` fact references) readable as plain text
 * in a terminal. Every fact sentence carries log-derived values, so each is neutralised (control characters
 * and ANSI escapes made visible, Markdown and HTML syntax escaped) before it is written.
 */

const MAX_TEXT = 20_000;
const MAX_LINES = 200;
const IDS_SHOWN: Readonly<Record<AnalysisMode, number>> = { basic: 0, advanced: 3, forensic: 10 };

/** `&CK` starts no HTML character reference: our own "ATT&CK" stays readable in a terminal. */
function safe(text: string, max = MAX_TEXT): string {
  return markdownText(text, max).replaceAll('ATT&amp;CK', 'ATT&CK');
}

export function renderReport(plan: Plan, facts: readonly Fact[], mode: AnalysisMode = plan.mode): string {
  const out: string[] = [`## ${INTENT_HEADINGS[plan.intent]}`, '', `Question: ${safe(plan.question, 2000)}`, ''];
  const answer = facts.filter((f) => sectionOf(f) === 'answer');
  const lead = answer[0];
  if (lead === undefined) out.push('No facts were found for this question.', '');
  else out.push(`${safe(lead.text)} [${lead.id}]`, '');
  for (const section of SECTION_ORDER) {
    const members = facts.filter((f) => sectionOf(f) === section && f !== lead);
    if (members.length === 0) continue;
    out.push(`### ${SECTION_TITLES[section]}`, '', ...renderSection(section, members), '');
  }
  if (mode === 'forensic') out.push('### How this was answered', '', ...plan.steps.map((s, i) => `${String(i + 1)}. ${safe(s)}`), '');
  out.push(...evidence(facts, mode));
  return `${out.join('\n').trimEnd()}\n`;
}

function renderSection(section: SectionId, facts: readonly Fact[]): string[] {
  if (section === 'next-steps') return facts.flatMap((f) => stepsOf(f).map((s, i) => `${String(i + 1)}. ${safe(s)} [${f.id}]`));
  return facts.flatMap((f) => [`- ${safe(f.text)} [${f.id}]`, ...linesOf(f).map((l) => `  - ${safe(l, 2000)}`)]);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stepsOf(fact: Fact): string[] {
  const steps = stringList(fact.data.steps);
  return steps.length > 0 ? steps : [fact.text];
}

function linesOf(fact: Fact): string[] {
  const lines = stringList(fact.data.lines);
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), `… ${String(lines.length - MAX_LINES)} more (in the answer's JSON)`];
}

function evidence(facts: readonly Fact[], mode: AnalysisMode): string[] {
  const events = new Set(facts.flatMap((f) => f.citations.events));
  const alerts = new Set(facts.flatMap((f) => f.citations.alerts));
  const incidents = new Set(facts.flatMap((f) => f.citations.incidents));
  const summary = `Evidence: ${String(facts.length)} facts citing ${String(events.size)} event ids, ${String(alerts.size)} alerts and ${String(incidents.size)} incidents (mode ${mode}).`;
  const shown = IDS_SHOWN[mode];
  if (shown === 0) return [summary];
  const perFact = facts
    .filter((f) => f.citations.events.length > 0 || f.citations.incidents.length > 0)
    .map((f) => {
      const ids = f.citations.events.slice(0, shown).join(', ');
      const more = f.citations.eventCount > Math.min(shown, f.citations.events.length) ? ` (of ${String(f.citations.eventCount)})` : '';
      const inc = f.citations.incidents.length > 0 ? `; incidents ${f.citations.incidents.slice(0, shown).join(', ')}` : '';
      return `- [${f.id}] events ${ids || 'none'}${more}${inc}`;
    });
  return ['### Evidence', '', ...perFact, '', summary];
}
