import { useState, type SyntheticEvent } from 'react';
import { api, errorText } from '../../api/client.ts';
import type { Role, TokenCreated, TokenList } from '../../api/types.ts';
import { ErrorBox, Panel, Spinner } from '../../components/common.tsx';
import { time } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';

function CreateToken({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [created, setCreated] = useState<TokenCreated | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setError(undefined);
    api.post<TokenCreated>('/api/tokens', { name: name.trim(), role }).then(
      (result) => {
        setCreated(result);
        setName('');
        onCreated();
      },
      (failure: unknown) => setError(errorText(failure)),
    );
  };
  return (
    <div>
      <form className="filters" onSubmit={submit} aria-label="create token">
        <input placeholder="name, e.g. alice" value={name} onChange={(e) => setName(e.target.value)} aria-label="token name" pattern="[A-Za-z0-9][A-Za-z0-9._@-]{0,63}" required />
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label="role">
          <option value="viewer">viewer: reads</option>
          <option value="analyst">analyst: uploads, asks, exports</option>
          <option value="admin">admin: manages tokens</option>
        </select>
        <button className="btn small primary" type="submit">
          Create token
        </button>
      </form>
      {error !== undefined && <div className="error-box">{error}</div>}
      {created !== undefined && (
        <div className="secret-box" role="status">
          Token <strong>{created.token.name}</strong> ({created.token.role}) created. Its secret is shown this once; copy it now:
          <input readOnly className="mono grow" value={created.secret} onFocus={(e) => e.target.select()} aria-label="new token secret" />
          <button type="button" className="btn ghost tiny" onClick={() => setCreated(undefined)}>
            done
          </button>
        </div>
      )}
    </div>
  );
}

/** API tokens (admins only): who can log in with which role; never their secrets. */
export function TokensPanel() {
  const tokens = useApi<TokenList>('/api/tokens');
  const [error, setError] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const revoke = (name: string) => {
    setConfirming(undefined);
    api.delete(`/api/tokens/${encodeURIComponent(name)}`).then(tokens.reload, (failure: unknown) => setError(errorText(failure)));
  };
  return (
    <Panel title="API tokens">
      <CreateToken onCreated={tokens.reload} />
      {error !== undefined && <div className="error-box">{error}</div>}
      <ErrorBox error={tokens.error} />
      {tokens.data === undefined ? (
        <Spinner />
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Created</th>
              <th>By</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.tokens.map((t) => (
              <tr key={`${t.name}-${t.created_at}`}>
                <td className="mono">{t.name}</td>
                <td>{t.role}</td>
                <td className="mono small">{time(t.created_at)}</td>
                <td className="small">{t.created_by}</td>
                <td className="mono small">{time(t.last_used_at)}</td>
                <td>{t.revoked_at === null ? 'active' : `revoked ${time(t.revoked_at)}`}</td>
                <td>
                  {t.revoked_at === null && confirming !== t.name && (
                    <button type="button" className="btn ghost tiny" onClick={() => setConfirming(t.name)}>
                      revoke
                    </button>
                  )}
                  {t.revoked_at === null && confirming === t.name && (
                    <span className="btn-row">
                      <button type="button" className="btn tiny primary" onClick={() => revoke(t.name)} title="its sessions end at once">
                        confirm revoke
                      </button>
                      <button type="button" className="btn ghost tiny" onClick={() => setConfirming(undefined)}>
                        keep
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
