import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.ts';
import { tempDirs } from '../helpers/temp.ts';

const dirs = tempDirs('config');

function configIn(yaml: string): { dir: string; file: string } {
  const dir = dirs.fresh();
  mkdirSync(join(dir, 'etc'));
  const file = join(dir, 'etc', 'vigil.config.yml');
  writeFileSync(file, yaml);
  return { dir, file };
}

describe('loadConfig paths', () => {
  it('resolves llm.modelPath and llm.embedModelPath against the configuration file, not the working directory', () => {
    const { dir, file } = configIn(['llm:', '  provider: llama-cpp', '  modelPath: models/chat.gguf', '  embedModelPath: ../shared/embed.gguf', '  threads: 4'].join('\n'));
    const { config } = loadConfig('etc/vigil.config.yml', dir);
    assert.deepEqual(config.llm, {
      provider: 'llama-cpp',
      modelPath: join(dir, 'etc', 'models', 'chat.gguf'),
      embedModelPath: join(dir, 'shared', 'embed.gguf'),
      threads: 4,
    });
    assert.equal(loadConfig(file, '/').config.llm?.modelPath, join(dir, 'etc', 'models', 'chat.gguf'));
  });

  it('keeps absolute model paths and leaves an llm block without model files as written', () => {
    const { dir } = configIn(['llm:', '  modelPath: /opt/models/chat.gguf', 'detection:', '  rules: [rules]'].join('\n'));
    const { config } = loadConfig('etc/vigil.config.yml', dir);
    assert.equal(config.llm?.modelPath, '/opt/models/chat.gguf');
    assert.equal(config.llm?.embedModelPath, undefined);
    assert.deepEqual(config.detection?.rules, [join(dir, 'etc', 'rules')]);
    const ollama = configIn(['llm:', '  provider: ollama', '  model: llama3.1:8b'].join('\n'));
    assert.deepEqual(loadConfig('etc/vigil.config.yml', ollama.dir).config.llm, { provider: 'ollama', model: 'llama3.1:8b' });
  });
});
