import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedSettings, withStoredSettings } from '../../src/config/settings.ts';
import type { VigilConfig } from '../../src/schema/config.ts';
import type { StoredSettings } from '../../src/schema/settings.ts';

/** Settings saved from the API over the configuration file: which keys win, and which never cross providers. */

const AT = '2026-01-01T00:00:00.000Z';
const saved = (llm: StoredSettings['llm'], defaultMode?: StoredSettings['defaultMode']): StoredSettings => ({ llm, ...(defaultMode === undefined ? {} : { defaultMode }), updatedAt: AT, updatedBy: 'admin' });
const FILE: VigilConfig = {
  llm: { provider: 'anthropic', model: 'claude-x', apiKeyEnv: 'ANTHROPIC_API_KEY', baseUrl: 'https://proxy.example/', timeoutMs: 5000, retries: 1 },
  assist: { cache: { size: 10 } },
  triage: { gapMinutes: 30 },
};

describe('settings over the configuration file', () => {
  it('leaves the file alone without saved settings', () => {
    assert.equal(withStoredSettings(FILE, undefined), FILE);
  });

  it('lets saved keys win, unsets keys saved as null, and adds the default mode beside the file’s assist block', () => {
    const config = withStoredSettings(FILE, saved({ model: 'claude-y', baseUrl: null }, 'forensic'));
    assert.deepEqual(config.llm, { provider: 'anthropic', model: 'claude-y', apiKeyEnv: 'ANTHROPIC_API_KEY', timeoutMs: 5000, retries: 1 });
    assert.deepEqual(config.assist, { cache: { size: 10 }, defaultMode: 'forensic' });
    assert.deepEqual(config.triage, FILE.triage);
  });

  it('never lends the file’s provider-bound keys (server, model, key) to another saved provider', () => {
    const config = withStoredSettings(FILE, saved({ provider: 'ollama', model: 'llama3.2' }));
    assert.deepEqual(config.llm, { provider: 'ollama', model: 'llama3.2', timeoutMs: 5000, retries: 1 });
  });

  it('is the same applied twice (the CLI hands vigil serve a configuration it applies again)', () => {
    const stored = saved({ provider: 'ollama', baseUrl: 'http://127.0.0.1:11434', apiKey: null });
    assert.deepEqual(withStoredSettings(withStoredSettings(FILE, stored), stored), withStoredSettings(FILE, stored));
  });

  it('a change of provider forgets the saved keys of the previous one that it does not give again', () => {
    const before = saved({ provider: 'anthropic', apiKey: 'k', baseUrl: 'https://proxy.example/', timeoutMs: 9000 }, 'advanced');
    const after = changedSettings(before, { llm: { provider: 'ollama', model: 'llama3.2' } }, { provider: 'anthropic' }, AT, 'admin');
    assert.deepEqual(after.llm, { timeoutMs: 9000, provider: 'ollama', model: 'llama3.2' });
    assert.equal(after.defaultMode, 'advanced');
    const same = changedSettings(before, { llm: { model: 'claude-z' } }, { provider: 'anthropic' }, AT, 'admin');
    assert.deepEqual(same.llm, { provider: 'anthropic', apiKey: 'k', baseUrl: 'https://proxy.example/', timeoutMs: 9000, model: 'claude-z' });
  });
});
