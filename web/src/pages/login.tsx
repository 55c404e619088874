import { useState, type SyntheticEvent } from 'react';
import { api, errorText } from '../api/client.ts';
import type { SessionInfo } from '../api/types.ts';

/** Token login: the token opens a cookie session; it is not kept by the page. */
export function LoginPage({ onLogin, note }: { onLogin: (session: SessionInfo) => void; note?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    api.post<SessionInfo>('/api/session', { token: token.trim() }).then(
      (session) => {
        setToken('');
        onLogin(session);
      },
      (failure: unknown) => {
        setError(errorText(failure));
        setBusy(false);
      },
    );
  };
  return (
    <div className="center-page">
      <form className="login" onSubmit={submit} aria-label="log in">
        <div className="brand big">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Vigil
        </div>
        <p className="muted">Log analysis and incident triage. Log in with an API token (vigil token create, or the admin token printed at the first start).</p>
        <label htmlFor="token">API token</label>
        <input id="token" name="token" type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} autoFocus required />
        <button className="btn primary" type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        {note !== undefined && <div className="note">{note}</div>}
        {error !== undefined && (
          <div className="error-box" role="alert">
            {error}
          </div>
        )}
      </form>
    </div>
  );
}
