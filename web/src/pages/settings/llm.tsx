import { useState, type SyntheticEvent } from 'react';
import { api, errorText } from '../../api/client.ts';
import type { AnalysisMode, ConfigView, ProviderId, Settings, SettingsChange } from '../../api/types.ts';
import { time } from '../../lib/format.ts';

const PROVIDERS: readonly { id: ProviderId; label: string }[] = [
  { id: 'none', label: 'none: deterministic answers, no model' },
  { id: 'ollama', label: 'ollama: an Ollama server' },
  { id: 'openai-compatible', label: 'openai-compatible: vLLM, llama.cpp server, LM Studio, hosted APIs' },
  { id: 'llama-cpp', label: 'llama-cpp: a GGUF model file in the server process' },
  { id: 'anthropic', label: 'anthropic: Anthropic’s hosted API' },
];
const MODES: readonly AnalysisMode[] = ['basic', 'advanced', 'forensic'];

/** Whether a URL's host is this machine (what the server calls local): `localhost`, 127.0.0.0/8, ::1. */
function loopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Before saving: would questions and their evidence leave this machine? (The server's status says it after.) */
export function leavesMachine(provider: ProviderId, baseUrl: string): boolean {
  if (provider === 'anthropic') return true;
  if (provider === 'ollama' || provider === 'openai-compatible') return baseUrl.trim() !== '' && !loopbackUrl(baseUrl.trim());
  return false;
}

/** The provider in effect, as its own status check found it, and whether data leaves the machine. */
export function LlmStatus({ llm }: { llm: Settings['llm'] }) {
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
      {llm.local ? (
        <div className="muted small">No data leaves this machine{llm.provider === 'none' ? '' : ': the model runs locally'}.</div>
      ) : (
        <div className="flagged-box" role="note" data-testid="leaves-machine">
          Data leaves this machine: questions and the facts behind them are sent to {llm.endpoint ?? llm.provider}.
        </div>
      )}
    </div>
  );
}

function Saved({ saved }: { saved: ConfigView['saved'] }) {
  if (saved === null) return <div className="muted small">From the configuration file (nothing changed here yet).</div>;
  return (
    <div className="muted small" data-testid="settings-saved">
      Changed here by {saved.updatedBy} at {time(saved.updatedAt)} UTC ({saved.keys.join(', ')}); these win over the configuration file.
    </div>
  );
}

/** The settings in effect, for viewers and analysts (admins change them in the form). */
export function LlmSettingsView({ config }: { config: ConfigView }) {
  const { llm } = config;
  return (
    <div data-testid="llm-settings-view">
      <dl className="kv">
        <dt>Provider</dt>
        <dd>{llm.provider}</dd>
        <dt>Base URL</dt>
        <dd className="mono">{llm.baseUrl ?? '(the provider’s default)'}</dd>
        <dt>Model</dt>
        <dd className="mono">{llm.model ?? '–'}</dd>
        <dt>Embedding model</dt>
        <dd className="mono">{llm.embedModel ?? '–'}</dd>
        <dt>Time limit</dt>
        <dd>{llm.timeoutMs === null ? 'default' : `${llm.timeoutMs} ms`}</dd>
        <dt>API key</dt>
        <dd data-testid="api-key-state">{apiKeyText(llm)}</dd>
        <dt>Default mode</dt>
        <dd>{config.defaultMode}</dd>
      </dl>
      <Saved saved={config.saved} />
    </div>
  );
}

function apiKeyText(llm: ConfigView['llm']): string {
  if (llm.apiKeySet) return 'set';
  return llm.apiKeyEnv === null ? 'not set' : `not set here (read from $${llm.apiKeyEnv})`;
}

interface Form {
  provider: ProviderId;
  baseUrl: string;
  model: string;
  embedModel: string;
  timeoutMs: string;
  apiKeyEnv: string;
  apiKey: string;
  clearKey: boolean;
  defaultMode: AnalysisMode;
}

function formOf(config: ConfigView): Form {
  const { llm } = config;
  return {
    provider: llm.provider,
    baseUrl: llm.baseUrl ?? '',
    model: llm.model ?? '',
    embedModel: llm.embedModel ?? '',
    timeoutMs: llm.timeoutMs === null ? '' : String(llm.timeoutMs),
    apiKeyEnv: llm.apiKeyEnv ?? '',
    apiKey: '',
    clearKey: false,
    defaultMode: config.defaultMode,
  };
}

const BOUND = ['baseUrl', 'model', 'embedModel', 'apiKeyEnv'] as const;

/** Another provider starts with empty server, model and key fields (they were the other's); back to the one in effect, its values. */
function providerFields(provider: ProviderId, config: ConfigView): Partial<Form> {
  const current = formOf(config);
  const same = provider === config.llm.provider;
  return { provider, apiKey: '', clearKey: false, ...Object.fromEntries(BOUND.map((key) => [key, same ? current[key] : ''])) };
}

/** What the form changes: the fields that differ from what is in effect (all of a new provider's), empty = unset. */
function changeOf(form: Form, config: ConfigView): SettingsChange {
  const before = formOf(config);
  const llm: NonNullable<SettingsChange['llm']> = {};
  const switched = form.provider !== before.provider;
  if (switched) llm.provider = form.provider;
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  for (const key of BOUND) if (switched || form[key] !== before[key]) llm[key] = text(form[key]);
  if (form.timeoutMs !== before.timeoutMs) llm.timeoutMs = form.timeoutMs.trim() === '' ? null : Number(form.timeoutMs);
  if (form.apiKey !== '') llm.apiKey = form.apiKey;
  else if (form.clearKey) llm.apiKey = null;
  const change: SettingsChange = {};
  if (Object.keys(llm).length > 0) change.llm = llm;
  if (form.defaultMode !== config.defaultMode) change.defaultMode = form.defaultMode;
  return change;
}

/** The LLM settings for admins: saved in the store, in effect for the next question, no restart. */
export function LlmSettingsForm({ config, onSaved }: { config: ConfigView; onSaved: () => void }) {
  const [form, setForm] = useState<Form>(() => formOf(config));
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<Form>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const change = changeOf(form, config);
  const unchanged = change.llm === undefined && change.defaultMode === undefined;
  const switched = form.provider !== config.llm.provider;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaving(true);
    api.patch<ConfigView>('/api/settings', change).then(
      (view) => {
        setForm(formOf(view));
        setSaved(true);
        setSaving(false);
        onSaved();
      },
      (failure: unknown) => {
        setError(errorText(failure));
        setSaving(false);
      },
    );
  };
  const hosted = leavesMachine(form.provider, form.baseUrl);
  return (
    <form className="settings-form" onSubmit={submit} aria-label="llm settings">
      <label>
        <span>Provider</span>
        <select value={form.provider} aria-label="provider" onChange={(e) => set(providerFields(e.target.value as ProviderId, config))}>
          {PROVIDERS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Base URL</span>
        <input type="url" className="mono" value={form.baseUrl} aria-label="base URL" placeholder="the provider’s default" onChange={(e) => set({ baseUrl: e.target.value })} />
      </label>
      <label>
        <span>Model</span>
        <input className="mono" value={form.model} aria-label="model" maxLength={200} onChange={(e) => set({ model: e.target.value })} />
      </label>
      <label>
        <span>Embedding model</span>
        <input className="mono" value={form.embedModel} aria-label="embedding model" maxLength={200} placeholder="none: the built-in embedder" onChange={(e) => set({ embedModel: e.target.value })} />
      </label>
      <label>
        <span>Time limit (ms)</span>
        <input type="number" min={1} step={1} value={form.timeoutMs} aria-label="time limit" placeholder="default" onChange={(e) => set({ timeoutMs: e.target.value })} />
      </label>
      <label>
        <span>API key</span>
        <input
          type="password"
          autoComplete="off"
          className="mono"
          value={form.apiKey}
          aria-label="API key"
          maxLength={1000}
          placeholder={config.llm.apiKeySet && !switched ? 'set (type to replace it)' : 'not set'}
          onChange={(e) => set({ apiKey: e.target.value, clearKey: false })}
        />
      </label>
      {config.llm.apiKeySet && !switched && (
        <label className="inline">
          <input type="checkbox" checked={form.clearKey} aria-label="remove the API key" onChange={(e) => set({ clearKey: e.target.checked, apiKey: '' })} /> remove the API key
        </label>
      )}
      <label>
        <span>API key variable</span>
        <input className="mono" value={form.apiKeyEnv} aria-label="API key environment variable" placeholder="e.g. ANTHROPIC_API_KEY" onChange={(e) => set({ apiKeyEnv: e.target.value })} />
      </label>
      <label>
        <span>Default mode</span>
        <select value={form.defaultMode} aria-label="default mode" onChange={(e) => set({ defaultMode: e.target.value as AnalysisMode })}>
          {MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      {hosted && (
        <div className="flagged-box" role="note" data-testid="hosted-warning">
          Data leaves this machine: with this provider, questions and the log evidence behind them are sent to {form.provider === 'anthropic' ? 'Anthropic' : 'that server'}.
        </div>
      )}
      {switched && config.llm.apiKeySet && form.apiKey === '' && <div className="muted small">The current API key belongs to {config.llm.provider}: it is not kept for another provider.</div>}
      <div className="btn-row">
        <button className="btn small primary" type="submit" disabled={unchanged || saving}>
          Save settings
        </button>
        {saved && (
          <span className="ok-text" role="status">
            Saved: in effect for the next question.
          </span>
        )}
      </div>
      {error !== undefined && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      <Saved saved={config.saved} />
    </form>
  );
}
