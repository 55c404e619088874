import { useCallback, useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { errorText } from '../../api/client.ts';
import type { AnalysisMode, Answer, ChatExamples, ChatSessionDetail, ChatSessionList, ChatStoredMessage } from '../../api/types.ts';
import { ErrorBox, Spinner } from '../../components/common.tsx';
import { Markdown } from '../../components/markdown.tsx';
import { navigate, useLocation, withParams } from '../../lib/router.tsx';
import { useCan } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { AnswerView } from './answer-view.tsx';
import { ask } from './ask.ts';
import { SessionList } from './sessions.tsx';

const MODES: readonly { id: AnalysisMode; label: string; hint: string }[] = [
  { id: 'basic', label: 'Basic', hint: 'the answer and its facts' },
  { id: 'advanced', label: 'Advanced', hint: 'plus correlations across sources and ATT&CK context' },
  { id: 'forensic', label: 'Forensic', hint: 'plus entity timelines, next steps and how it was answered' },
];

interface Turn {
  key: string;
  question: string;
  streamed: string;
  answer?: Answer;
  error?: string;
  pending: boolean;
}

function turnsOf(messages: readonly ChatStoredMessage[]): Turn[] {
  const turns: Turn[] = [];
  for (const message of messages) {
    if (message.role === 'user') turns.push({ key: `m${message.id}`, question: message.content, streamed: '', pending: false });
    else {
      const last = turns[turns.length - 1];
      if (last !== undefined && last.answer === undefined) Object.assign(last, { streamed: message.content, answer: message.answer });
    }
  }
  return turns;
}

function TurnView({ turn }: { turn: Turn }) {
  return (
    <div className="turn">
      <div className="question" data-testid="question">
        {turn.question}
      </div>
      {turn.answer !== undefined ? (
        <AnswerView answer={turn.answer} scope={turn.key} />
      ) : (
        <div className="answer streaming" data-testid="streaming">
          {turn.pending && <Spinner label="answering" />}
          <div className="stream-text">
            <Markdown text={turn.streamed} />
          </div>
        </div>
      )}
      {turn.error !== undefined && <div className="error-box">{turn.error}</div>}
    </div>
  );
}

/** Questions about the stored data: answers stream in, cite their evidence, and flag what they cannot ground. */
export function ChatPage() {
  const location = useLocation();
  const sessionId = location.params.get('session') ?? undefined;
  const canAsk = useCan('analyst');
  const examples = useApi<ChatExamples>('/api/chat/examples');
  const sessions = useApi<ChatSessionList>('/api/chat/sessions');
  const stored = useApi<ChatSessionDetail>(sessionId === undefined ? null : `/api/chat/sessions/${encodeURIComponent(sessionId)}`);
  const [turns, setTurns] = useState<Turn[]>([]);
  /** The mode picked here; until one is, the server's default mode (an admin's setting). */
  const [picked, setMode] = useState<AnalysisMode | undefined>(undefined);
  const mode = picked ?? examples.data?.defaultMode ?? 'basic';
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);
  /** The session the shown turns belong to (a new conversation has none until the server names it). */
  const [owner, setOwner] = useState<string | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);
  const bottom = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (sessionId === owner) return;
    if (sessionId === undefined) {
      setTurns([]);
      setOwner(undefined);
    } else if (stored.data?.session.id === sessionId) {
      setTurns(turnsOf(stored.data.messages));
      setOwner(sessionId);
    }
  }, [sessionId, owner, stored.data]);
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [turns]);

  const patch = useCallback((key: string, change: (turn: Turn) => Partial<Turn>) => setTurns((all) => all.map((t) => (t.key === key ? { ...t, ...change(t) } : t))), []);
  const { reload: reloadSessions } = sessions;

  const submit = useCallback(
    async (text: string) => {
      const q = text.trim();
      if (q === '' || busy) return;
      const key = `live-${Date.now()}`;
      setTurns((all) => [...all, { key, question: q, streamed: '', pending: true }]);
      setQuestion('');
      setBusy(true);
      controller.current = new AbortController();
      try {
        await ask(q, mode, sessionId, {
          onSession: (id) => {
            setOwner(id);
            if (id !== sessionId) navigate(withParams(location, { session: id }), { replace: true });
          },
          onToken: (delta) => patch(key, (t) => ({ streamed: t.streamed + delta })),
          onAnswer: (answer) => patch(key, () => ({ answer })),
          onError: (message) => patch(key, () => ({ error: message })),
        }, controller.current.signal);
      } catch (error) {
        patch(key, () => ({ error: controller.current?.signal.aborted === true ? 'stopped' : errorText(error) }));
      } finally {
        controller.current = null;
        patch(key, () => ({ pending: false }));
        setBusy(false);
        reloadSessions();
      }
    },
    [busy, mode, sessionId, location, patch, reloadSessions],
  );

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit(question);
  };
  const newChat = () => navigate(withParams(location, { session: undefined }));

  return (
    <div className="page chat-page">
      <SessionList sessions={sessions.data?.sessions} error={sessions.error} current={sessionId} onNew={newChat} canExport={canAsk} />
      <section className="conversation">
        <div className="turns" aria-live="polite">
          {turns.length === 0 && <div className="empty">Ask about the stored logs and incidents. Answers are computed over every matching event and cite their evidence.</div>}
          {turns.map((turn) => (
            <TurnView key={turn.key} turn={turn} />
          ))}
          <div ref={bottom} />
        </div>
        <ErrorBox error={stored.error} title="Session" />
        <div className="chips" aria-label="example questions">
          {(examples.data?.questions ?? []).map((example) => (
            <button key={example} type="button" className="chip example" disabled={!canAsk || busy} onClick={() => void submit(example)}>
              {example}
            </button>
          ))}
        </div>
        <ErrorBox error={examples.error} title="Examples" />
        <form className="composer" onSubmit={onSubmit}>
          <div className="toggle-group" role="radiogroup" aria-label="mode">
            {MODES.map((m) => (
              <button key={m.id} type="button" role="radio" aria-checked={mode === m.id} className={`toggle ${mode === m.id ? 'on' : ''}`} title={m.hint} onClick={() => setMode(m.id)}>
                {m.label}
              </button>
            ))}
          </div>
          <input className="grow" value={question} onChange={(e) => setQuestion(e.target.value)} placeholder={canAsk ? 'Ask a question, e.g. which IPs look suspicious?' : 'Asking needs the analyst role'} disabled={!canAsk} aria-label="question" maxLength={2000} />
          {busy ? (
            <button className="btn" type="button" onClick={() => controller.current?.abort()}>
              Stop
            </button>
          ) : (
            <button className="btn primary" type="submit" disabled={!canAsk || question.trim() === ''}>
              Ask
            </button>
          )}
        </form>
      </section>
    </div>
  );
}
