import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiFailure, SESSION_ENDED, api, setCsrfToken } from './api/client.ts';
import type { SessionInfo } from './api/types.ts';
import { Spinner } from './components/common.tsx';
import { Shell } from './components/shell.tsx';
import { SessionContext } from './lib/session.tsx';
import { LoginPage } from './pages/login.tsx';
import { Routes } from './routes.tsx';

type AuthState = { kind: 'checking' } | { kind: 'anonymous'; note?: string } | { kind: 'signed-in'; session: SessionInfo };

/** Who is logged in decides everything: the login page, or the app with the session's role and CSRF token. */
export function App() {
  const [auth, setAuth] = useState<AuthState>({ kind: 'checking' });
  const signIn = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setAuth({ kind: 'signed-in', session });
  }, []);
  useEffect(() => {
    api.get<SessionInfo>('/api/session').then(signIn, (error: unknown) => {
      setAuth({ kind: 'anonymous', note: error instanceof ApiFailure && error.status === 401 ? undefined : String(error) });
    });
  }, [signIn]);
  useEffect(() => {
    const ended = () => {
      setCsrfToken(null);
      setAuth((current) => (current.kind === 'signed-in' ? { kind: 'anonymous', note: 'Your session has ended; log in again.' } : current));
    };
    window.addEventListener(SESSION_ENDED, ended);
    return () => window.removeEventListener(SESSION_ENDED, ended);
  }, []);
  const logout = useCallback(() => {
    const done = () => {
      setCsrfToken(null);
      setAuth({ kind: 'anonymous', note: 'Logged out.' });
    };
    api.delete('/api/session').then(done, done);
  }, []);
  const context = useMemo(() => (auth.kind === 'signed-in' ? { session: auth.session, logout } : null), [auth, logout]);
  if (auth.kind === 'checking') {
    return (
      <div className="center-page">
        <Spinner />
      </div>
    );
  }
  if (auth.kind === 'anonymous' || context === null) return <LoginPage onLogin={signIn} note={auth.kind === 'anonymous' ? auth.note : undefined} />;
  return (
    <SessionContext.Provider value={context}>
      <Shell>
        <Routes />
      </Shell>
    </SessionContext.Provider>
  );
}
