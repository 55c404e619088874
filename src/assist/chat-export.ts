import type { Answer, Fact } from '../schema/assist.ts';
import type { ChatSession, StoredChatMessage } from '../store/index.ts';
import { markdownText } from '../triage/export/escape.ts';

const LISTED_IDS = 50;
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const HTML = /[&<>]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Model output kept as Markdown prose (lists, emphasis) but inert: no HTML, no control characters, no
 * images or links that a viewer would fetch or follow.
 */
export function modelProse(text: string): string {
  return text
    .replace(CONTROLS, '')
    .replace(HTML, (c) => ENTITIES[c] ?? c)
    .replace(/!?\[([^\]\n]*)\]\(([^)\n]*)\)/g, (_, label: string, target: string) => `${label} (${target.replace(/:/g, '\\:')})`);
}

/** Whether the answer text is Vigil's own deterministic report (already neutralised) or a model's prose. */
export function isDeterministic(answer: Answer): boolean {
  return answer.provider === 'none' || answer.fallback !== null;
}

function idList(ids: readonly string[], total: number): string {
  const shown = ids.slice(0, LISTED_IDS).map((id) => `\`${id.replace(/[^0-9a-f]/gi, '')}\``);
  const more = total - shown.length;
  return more > 0 ? `${shown.join(', ')} … (+${more} more)` : shown.join(', ');
}

function factLines(fact: Fact): string[] {
  const lines = [`- **${markdownText(fact.id, 12)}** ${markdownText(fact.title, 200)}: ${markdownText(fact.text, 1000)}`];
  const c = fact.citations;
  if (c.eventCount > 0) lines.push(`  - events (${c.eventCount}): ${idList(c.events, c.eventCount)}`);
  if (c.alerts.length > 0) lines.push(`  - alerts: ${idList(c.alerts, c.alerts.length)}`);
  if (c.incidents.length > 0) lines.push(`  - incidents: ${idList(c.incidents, c.incidents.length)}`);
  return lines;
}

function answerSection(question: string, answer: Answer | undefined, fallbackText: string, index: number): string[] {
  const out = [`## Q${index}. ${markdownText(question, 1000)}`, ''];
  if (answer === undefined) return [...out, modelProse(fallbackText), ''];
  const source = answer.provider === 'none' ? 'deterministic (no model)' : `${answer.provider} ${answer.model ?? ''}`.trim();
  out.push(`_Mode ${answer.mode} · ${markdownText(source, 120)}${answer.fallback === null ? '' : ` · fell back to the deterministic answer: ${markdownText(answer.fallback, 300)}`} · data revision ${markdownText(answer.revision, 40)}_`, '');
  out.push(isDeterministic(answer) ? answer.answer : modelProse(answer.answer), '');
  if (answer.flagged.length > 0) {
    out.push('### Not found in the evidence', '', 'The model named these; no fact behind the answer contains them:', '');
    for (const f of answer.flagged) out.push(`- ${f.kind} \`${markdownText(f.value, 200).replace(/`/g, '')}\`: ${markdownText(f.reason, 300)}`);
    out.push('');
  }
  if (answer.facts.length > 0) out.push('### Evidence', '', ...answer.facts.flatMap(factLines), '');
  return out;
}

/** A chat session as Markdown: every question, its answer, the facts behind it and the ids they cite. */
export function chatMarkdown(session: ChatSession, messages: readonly StoredChatMessage[], exportedAt: Date): string {
  const out = [
    `# Vigil chat ${session.id}: ${markdownText(session.title, 200)}`,
    '',
    `Started ${session.created_at} by ${markdownText(session.actor, 100)} · last question ${session.updated_at} · exported ${exportedAt.toISOString()}`,
    '',
  ];
  let index = 0;
  let question: string | undefined;
  for (const m of messages) {
    if (m.role === 'user') {
      question = m.content;
      continue;
    }
    out.push(...answerSection(question ?? '(question missing)', m.answer, m.content, ++index));
    question = undefined;
  }
  if (index === 0) out.push('_No questions asked in this session._', '');
  return out.join('\n');
}
