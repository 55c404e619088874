import type { Settings } from '../../api/types.ts';
import { ErrorBox, Panel, Spinner } from '../../components/common.tsx';
import { bytes, num, time } from '../../lib/format.ts';
import { useCan, useSession } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { TokensPanel } from './tokens.tsx';

function Llm({ llm }: { llm: Settings['llm'] }) {
  const leaves = llm.configured && !llm.local;
  return (
    <div>
      <dl className="kv">
        <dt>Provider</dt>
        <dd>{llm.provider === 'none' ? 'none: answers are deterministic, computed from the data' : llm.provider}</dd>
        <dt>Model</dt>
        <dd className="mono">{llm.model ?? '–'}</dd>
        {llm.endpoint !== undefined && (
          <>
            <dt>Endpoint</dt>
            <dd className="mono">{llm.endpoint}</dd>
          </>
        )}
        <dt>Reachable</dt>
        <dd data-testid="llm-reachable" className={llm.provider === 'none' ? '' : llm.reachable ? 'ok-text' : 'error-text'}>
          {llm.provider === 'none' ? 'not needed' : llm.reachable ? 'yes' : 'no'}
          {llm.modelAvailable === false ? ' · the model is not available there' : ''}
        </dd>
        {llm.error !== undefined && (
          <>
            <dt>Note</dt>
            <dd className="muted">{llm.error}</dd>
          </>
        )}
      </dl>
      {leaves ? (
        <div className="flagged-box" role="note">
          Questions and the facts behind them are sent to {llm.endpoint ?? llm.provider}, outside this machine.
        </div>
      ) : (
        <div className="muted small">No data leaves this machine{llm.provider === 'none' ? '' : ': the model runs locally'}.</div>
      )}
    </div>
  );
}

/** Server facts, the LLM provider and where data goes, the session; tokens for admins. */
export function SettingsPage() {
  const settings = useApi<Settings>('/api/settings');
  const { session } = useSession();
  const isAdmin = useCan('admin');
  if (settings.data === undefined) return settings.error === undefined ? <Spinner /> : <ErrorBox error={settings.error} />;
  const s = settings.data;
  return (
    <div className="page">
      <div className="grid-2">
        <Panel title="LLM provider">
          <Llm llm={s.llm} />
        </Panel>
        <Panel title="Store">
          <dl className="kv">
            <dt>Path</dt>
            <dd className="mono">{s.store.path}</dd>
            <dt>Size</dt>
            <dd>{bytes(s.store.sizeBytes)}</dd>
            <dt>Events</dt>
            <dd>{num(s.store.events)}</dd>
            <dt>Alerts / incidents</dt>
            <dd>
              {num(s.store.alerts)} / {num(s.store.incidents)}
            </dd>
            <dt>Ingest runs / analyses</dt>
            <dd>
              {num(s.store.ingestRuns)} / {num(s.store.analyses)}
            </dd>
            <dt>Audit records</dt>
            <dd>{num(s.store.auditRecords)}</dd>
            <dt>Version</dt>
            <dd>
              Vigil {s.version}, schema {s.store.schemaVersion}
            </dd>
          </dl>
        </Panel>
      </div>
      <div className="grid-2">
        <Panel title="Session">
          <dl className="kv">
            <dt>Token</dt>
            <dd>{session.actor}</dd>
            <dt>Expires</dt>
            <dd>{time(session.expiresAt)} UTC</dd>
            <dt>Cookie</dt>
            <dd>HttpOnly, SameSite=Strict{s.session.secureCookie ? ', Secure' : ''}</dd>
          </dl>
        </Panel>
        <Panel title="Limits">
          <dl className="kv">
            <dt>Upload</dt>
            <dd>
              {bytes(s.uploads.maxFileBytes)} per file, {s.uploads.maxFiles} files per request
            </dd>
            {Object.entries(s.rateLimits).map(([policy, rate]) => (
              <div key={policy} className="kv-row">
                <dt>Rate: {policy}</dt>
                <dd>
                  {rate.max} per {rate.windowSeconds} s
                </dd>
              </div>
            ))}
          </dl>
        </Panel>
      </div>
      {isAdmin && <TokensPanel />}
    </div>
  );
}
