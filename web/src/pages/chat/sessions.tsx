import type { ChatSessionSummary } from '../../api/types.ts';
import { ErrorBox } from '../../components/common.tsx';
import { time } from '../../lib/format.ts';
import { Link, href } from '../../lib/router.tsx';

/** Past conversations, newest first; the open one can be exported as Markdown. */
export function SessionList({ sessions, error, current, onNew, canExport }: { sessions: readonly ChatSessionSummary[] | undefined; error: unknown; current: string | undefined; onNew: () => void; canExport: boolean }) {
  return (
    <aside className="sessions">
      <div className="sessions-head">
        <button type="button" className="btn small" onClick={onNew}>
          New chat
        </button>
        {current !== undefined && canExport && (
          <a className="btn small" href={`/api/chat/sessions/${encodeURIComponent(current)}/export`} download data-testid="chat-export">
            Export Markdown
          </a>
        )}
      </div>
      <ErrorBox error={error} />
      <ul className="plain session-list">
        {(sessions ?? []).map((s) => (
          <li key={s.id} className={s.id === current ? 'active' : ''}>
            <Link to={href('/chat', { session: s.id })} title={`${s.actor} · ${s.messages} messages`}>
              <span className="session-title">{s.title}</span>
              <span className="muted small">{time(s.updated_at)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </aside>
  );
}
