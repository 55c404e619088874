import type { Answer, Fact } from '../../api/types.ts';
import { Markdown, type TextMark } from '../../components/markdown.tsx';
import { duration, num } from '../../lib/format.ts';
import { eventsHref, incidentHref } from '../../lib/links.ts';
import { Link } from '../../lib/router.tsx';

const IDS_SHOWN = 5;

function factAnchor(scope: string, id: string): string {
  return `fact-${scope}-${id.replace(/[^A-Za-z0-9]/g, '')}`;
}

function FactCitations({ fact }: { fact: Fact }) {
  const c = fact.citations;
  return (
    <div className="citations small">
      {c.eventCount > 0 && (
        <span>
          events ({num(c.eventCount)}):{' '}
          {c.events.slice(0, IDS_SHOWN).map((id) => (
            <Link key={id} className="mono cite" to={eventsHref({ filter: [`id=${id}`], event: id })} data-cite="event" title={`event ${id}`}>
              …{id.slice(-8)}
            </Link>
          ))}
          {c.eventCount > Math.min(IDS_SHOWN, c.events.length) && <span className="muted"> +{num(c.eventCount - Math.min(IDS_SHOWN, c.events.length))} more</span>}
        </span>
      )}
      {c.incidents.length > 0 && (
        <span>
          incidents:{' '}
          {c.incidents.slice(0, IDS_SHOWN).map((id) => (
            <Link key={id} className="mono cite" to={incidentHref(id)} data-cite="incident" title={`incident ${id}`}>
              {id.slice(0, 12)}
            </Link>
          ))}
        </span>
      )}
      {c.alerts.length > 0 && <span className="muted">alerts: {num(c.alerts.length)}</span>}
    </div>
  );
}

function Flagged({ answer }: { answer: Answer }) {
  if (answer.flagged.length === 0) return null;
  return (
    <div className="flagged-box" role="note" data-testid="flagged">
      <strong>Not found in the evidence.</strong> The model named these, and no fact behind the answer contains them; treat them as unverified:
      <ul>
        {answer.flagged.map((f, i) => (
          <li key={i}>
            <span className="tag warn">{f.kind}</span> <span className="mono">{f.value}</span> <span className="muted">{f.reason}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Meta({ answer }: { answer: Answer }) {
  const source = answer.provider === 'none' ? 'deterministic (no model)' : `${answer.provider}${answer.model === null ? '' : ` · ${answer.model}`}`;
  return (
    <div className="answer-meta small muted">
      {answer.mode} · {answer.intent} · {source}
      {answer.cached ? ' · cached' : ''} · {duration(answer.elapsed_ms)}
      {answer.fallback !== null && <span className="warn"> · fell back to the deterministic answer: {answer.fallback}</span>}
    </div>
  );
}

/** An answer: its text (safe Markdown, `[F3]` links to the fact), flagged claims, and the facts it rests on. */
export function AnswerView({ answer, scope }: { answer: Answer; scope: string }) {
  const marks: TextMark[] = answer.flagged.map((f) => ({ value: f.value, title: `not in the evidence: ${f.reason}` }));
  const renderRef = (id: string) => {
    const known = answer.facts.some((f) => f.id === id);
    if (!known) return <span className="ref missing" title="this fact does not exist">[{id}]</span>;
    return (
      <button type="button" className="ref" onClick={() => document.getElementById(factAnchor(scope, id))?.scrollIntoView({ block: 'center' })}>
        [{id}]
      </button>
    );
  };
  return (
    <div className="answer" data-testid="answer">
      <Meta answer={answer} />
      <Flagged answer={answer} />
      <Markdown text={answer.answer} options={{ renderRef, marks }} />
      {answer.facts.length > 0 && (
        <details className="facts" open={answer.facts.length <= 6}>
          <summary>
            Evidence: {answer.facts.length} facts, {num(answer.citations.length)} citations
          </summary>
          <ol className="plain">
            {answer.facts.map((fact) => (
              <li key={fact.id} id={factAnchor(scope, fact.id)} className="fact" data-fact={fact.id}>
                <span className="fact-id mono">{fact.id}</span> <strong>{fact.title}</strong>: {fact.text}
                <FactCitations fact={fact} />
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
