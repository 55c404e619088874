import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ollamaHostUrl } from '../../../src/assist/providers/ollama-host.ts';

describe('OLLAMA_HOST', () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, undefined],
    ['  ', undefined],
    ['gpu-box', 'http://gpu-box:11434'],
    ['gpu-box:8080', 'http://gpu-box:8080'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:11435', 'http://127.0.0.1:11435'],
    [':11434', 'http://127.0.0.1:11434'],
    ['[::]:11434', 'http://[::1]:11434'],
    ['::1', 'http://[::1]:11434'],
    ['[fe80::1]', 'http://[fe80::1]:11434'],
    ['http://gpu-box', 'http://gpu-box:80'],
    ['https://ollama.example.com', 'https://ollama.example.com:443'],
    ['https://ollama.example.com:8443/ollama/', 'https://ollama.example.com:8443/ollama'],
    ['http://10.0.0.5:11434/', 'http://10.0.0.5:11434'],
    ['gpu-box:notaport', 'http://gpu-box:11434'],
    ['gpu-box:99999', 'http://gpu-box:11434'],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} → ${String(expected)}`, () => {
      assert.equal(ollamaHostUrl(value), expected);
    });
  }
});
