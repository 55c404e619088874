import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counted } from '../../src/cli/output.ts';

describe('terminal counts', () => {
  it('names one thing in the singular and any other number in the plural, with thousands separators', () => {
    assert.equal(counted(1, 'error'), '1 error');
    assert.equal(counted(0, 'error'), '0 errors');
    assert.equal(counted(1024, 'distinct path'), '1,024 distinct paths');
    assert.equal(counted(2, 'match', 'matches'), '2 matches');
  });
});
