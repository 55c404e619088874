import type { Settings } from '../../api/types.ts';
import { ErrorBox, Panel, Spinner } from '../../components/common.tsx';
import { bytes, num, time } from '../../lib/format.ts';
import { useCan, useSession } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { LlmSettingsForm, LlmSettingsView, LlmStatus } from './llm.tsx';
import { TokensPanel } from './tokens.tsx';

/** Server facts, the LLM provider and where data goes (admins change it), the session; tokens for admins. */
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
          <LlmStatus llm={s.llm} />
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
      <Panel title={<>LLM settings <span className="muted small">{isAdmin ? 'saved in the store, in effect for the next question' : 'admins change them'}</span></>}>
        {isAdmin ? <LlmSettingsForm config={s.config} onSaved={settings.reload} /> : <LlmSettingsView config={s.config} />}
      </Panel>
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
