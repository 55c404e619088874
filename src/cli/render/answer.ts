import type { Answer } from '../../schema/assist.ts';
import { line, number, paint, terminalSafe, type Output } from '../output.ts';

const IDS_SHOWN = 3;

/** What follows a streamed answer on the terminal: the facts' evidence, flagged claims, and where it came from. */
export function printAnswerFooter(o: Output, answer: Answer, sessionId: string | undefined): void {
  if (answer.facts.length > 0) {
    line(o);
    line(o, paint(o, 'bold', 'Evidence'));
    for (const f of answer.facts) {
      const c = f.citations;
      const ids = c.events.slice(0, IDS_SHOWN).join(' ');
      const parts = [`${number(c.eventCount)} events`, c.alerts.length > 0 ? `${c.alerts.length} alerts` : '', c.incidents.length > 0 ? `incidents ${c.incidents.map((i) => i.slice(0, 12)).join(' ')}` : ''];
      line(o, `  ${paint(o, 'cyan', f.id)} ${terminalSafe(f.title)}  ${paint(o, 'dim', parts.filter((p) => p !== '').join(' · '))}`);
      if (ids !== '') line(o, paint(o, 'dim', `     ${ids}${c.eventCount > IDS_SHOWN ? ' …' : ''}`));
    }
  }
  if (answer.flagged.length > 0) {
    line(o);
    line(o, paint(o, 'yellow', 'Not in the evidence (check before relying on it):'));
    for (const f of answer.flagged) line(o, paint(o, 'yellow', `  ${f.kind} ${terminalSafe(f.value)}: ${terminalSafe(f.reason)}`));
  }
  if (answer.fallback !== null) line(o, paint(o, 'yellow', `\nThe model was not used (${terminalSafe(answer.fallback)}); this is the deterministic answer.`));
  const source = answer.provider === 'none' ? 'no model' : `${answer.provider} ${answer.model ?? ''}`.trim();
  const meta = [`mode ${answer.mode}`, terminalSafe(source), `${answer.elapsed_ms} ms`, answer.cached ? 'cached' : '', sessionId !== undefined ? `session ${sessionId}` : ''];
  line(o, paint(o, 'dim', `\n${meta.filter((m) => m !== '').join(' · ')}`));
}

/** Streams answer deltas to the terminal, neutralising control characters (model output is only text). */
export function tokenPrinter(o: Output): { onToken: (delta: string) => void; end: () => void } {
  let last = '';
  return {
    onToken: (delta) => {
      if (delta === '') return;
      o.out.write(terminalSafe(delta));
      last = delta;
    },
    end: () => {
      if (!last.endsWith('\n')) o.out.write('\n');
    },
  };
}
