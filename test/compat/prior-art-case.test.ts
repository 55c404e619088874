import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { caseJson, triage } from '../../src/triage/index.ts';
import { at, makeAlert } from '../helpers/alerts.ts';
import { sharedPath } from './shared-data.ts';

/** Key paths of a JSON value; array elements share the path `[]`. */
function keyPaths(value: unknown, prefix = ''): Set<string> {
  const out = new Set<string>();
  if (Array.isArray(value)) {
    for (const item of value) for (const p of keyPaths(item, `${prefix}[]`)) out.add(p);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      out.add(path);
      for (const p of keyPaths(inner, path)) out.add(p);
    }
  }
  return out;
}

describe('case JSON is a superset of the ai-soc-triage-assistant case files', () => {
  it('has every field path of every prior-art case', (t) => {
    const dir = sharedPath(t, 'prior-art', 'ai-soc-triage-assistant', 'cases');
    if (dir === undefined) return;
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 3);
    const [incident] = triage([
      makeAlert({ rule: 'a', tags: ['attack.t1110'], ip: ['198.51.100.10'], user: ['alice'], host: ['srv-web-01'], at: at(0) }),
      makeAlert({ rule: 'b', tags: ['attack.t1078'], ip: ['198.51.100.10'], user: ['alice'], host: ['srv-web-01'], at: at(5) }),
    ]);
    const ours = keyPaths(caseJson(incident!, { generatedAt: '2026-11-22T00:00:00Z' }));
    for (const file of files) {
      const theirs = keyPaths(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      // Fields specific to one of their signal kinds (ports_targeted, paths) have no counterpart in our lines.
      const missing = [...theirs].filter((p) => !ours.has(p) && !/^incident\.signals\[\]\.(ports_targeted|paths)/.test(p));
      assert.deepEqual(missing, [], file);
    }
  });
});
